/**
 * The Mesh tab for Backstage entities: Istio sidecar, mTLS and policy
 * criteria with evidence, workloads and sources; and the catalog-wide
 * compliance page.
 *
 * @packageDocumentation
 */

export {
  istioMeshPlugin,
  EntityIstioMeshContent,
  EntityIstioMeshCard,
  IstioMeshPage,
} from './plugin';
export { rootRouteRef } from './routes';
export { istioMeshApiRef } from './api';
export { isIstioMeshAvailable } from './isIstioMeshAvailable';
