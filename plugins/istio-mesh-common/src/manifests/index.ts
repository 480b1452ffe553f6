export type { RepositoryFile } from './repositoryFile';
export {
  isKustomizationFileName,
  isManifestCandidate,
  isSkippedFolderName,
  KUSTOMIZATION_FILE_NAMES,
  repositoryPath,
} from './repositoryFile';
export type {
  DesiredManifest,
  DesiredManifestsOptions,
  ParsedDesiredManifests,
} from './parseDesiredManifests';
export { parseDesiredManifests } from './parseDesiredManifests';
export type {
  CollectDesiredManifestsOptions,
  CollectedDesiredManifests,
} from './collectDesiredManifests';
export { collectDesiredManifests } from './collectDesiredManifests';
export type {
  KustomizationPlacement,
  KustomizationBuild,
} from './kustomizationPlacement';
export { kustomizationPlacement } from './kustomizationPlacement';
