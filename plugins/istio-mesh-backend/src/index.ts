/**
 * Backend for the istio-mesh plugin: Istio mesh state per catalog entity.
 *
 * @packageDocumentation
 */

export { istioMeshPlugin as default } from './plugin';
