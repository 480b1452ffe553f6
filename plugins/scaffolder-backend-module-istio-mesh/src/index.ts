/**
 * Scaffolder actions that write Istio manifests into a GitOps repository.
 *
 * @packageDocumentation
 */

export { scaffolderModuleIstioMesh as default } from './module';
export { createIstioMeshActions } from './actions';
