/**
 * Scaffolder actions that write Istio manifests into a GitOps repository.
 *
 * @packageDocumentation
 */

export { scaffolderModuleIstioMesh as default } from './module';
export { createIstioMeshActions } from './actions';
export type { IstioMeshActionsOptions } from './actions';
export type { AuthorizationImpactCheck } from './actions/authorizationImpactCheck';
export { createVirtualServiceCreateAction } from './actions/virtualServiceCreate';
export { createDestinationRuleCreateAction } from './actions/destinationRuleCreate';
export { createPeerAuthenticationCreateAction } from './actions/peerAuthenticationCreate';
export { createAuthorizationPolicyCreateAction } from './actions/authorizationPolicyCreate';
export type { AuthorizationPolicyCreateActionOptions } from './actions/authorizationPolicyCreate';
export { createRequestAuthenticationCreateAction } from './actions/requestAuthenticationCreate';
export { createHttpRouteCreateAction } from './actions/httpRouteCreate';
export { createKustomizationAddAction } from './actions/kustomizationAdd';
export { createManifestsAnalyzeAction } from './actions/manifestsAnalyze';
export { createWorkloadResolveAction } from './actions/workloadResolve';
export { createOverlayResolveAction } from './actions/overlayResolve';
export { createBackendAnalyzer } from './workspace/backendAnalyzer';
export type {
  AnalyzeBackend,
  BackendAnalyzerOptions,
} from './workspace/backendAnalyzer';
export { resolveWorkspacePath } from './workspace/resolveWorkspacePath';
export { writeManifestFile } from './workspace/writeManifestFile';
export type {
  WriteManifestFileOptions,
  WriteManifestFileResult,
} from './workspace/writeManifestFile';
