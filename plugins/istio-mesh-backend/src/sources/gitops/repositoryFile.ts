import { posix } from 'path';

/**
 * A file of a GitOps repository, read into memory: the shape both the local
 * folder reader and the URL reader hand to the rendering.
 */
export interface RepositoryFile {
  /** Path inside the repository: posix separators, no leading `./` or `/`. */
  path: string;
  content: string;
}

/** Names kustomize recognises as a directory's kustomization, in its order. */
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
] as const;

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Whether a file name is one of {@link KUSTOMIZATION_FILE_NAMES}. */
export function isKustomizationFileName(name: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name);
}

/**
 * Whether a repository path may hold manifests: a `.yaml`, `.yml` or `.json`
 * file or a kustomization, outside dot-folders such as `.git` and `.github`.
 */
export function isManifestCandidate(path: string): boolean {
  const segments = repositoryPath(path).split('/');
  const name = segments.pop() ?? '';
  if (segments.some(segment => segment.startsWith('.'))) return false;
  return (
    isKustomizationFileName(name) ||
    MANIFEST_EXTENSIONS.has(posix.extname(name).toLowerCase())
  );
}

/** `./apps//dev/x.yaml` -> `apps/dev/x.yaml`; `.` -> `` (the root). */
export function repositoryPath(path: string): string {
  const normalized = posix.normalize(path);
  return normalized === '.'
    ? ''
    : normalized.replace(/^\/+/, '').replace(/\/+$/, '');
}
