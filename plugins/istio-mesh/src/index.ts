/**
 * The Mesh tab for Backstage entities: Istio sidecar, mTLS and policy
 * criteria with evidence, workloads and sources.
 *
 * @packageDocumentation
 */

export { istioMeshPlugin, EntityIstioMeshContent } from './plugin';
export { istioMeshApiRef } from './api';
export { isIstioMeshAvailable } from './isIstioMeshAvailable';
