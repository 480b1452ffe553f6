/**
 * Node.js building blocks shared by the istio-mesh backend, its scaffolder
 * module and the `istio-mesh` CLI.
 *
 * @packageDocumentation
 */

export * from './files';
export * from './sources';
