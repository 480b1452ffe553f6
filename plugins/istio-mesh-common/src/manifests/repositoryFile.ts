/**
 * A file of a folder of manifests (a GitOps repository, a scaffolder
 * workspace, a directory given to the CLI), read into memory: what the
 * readers hand to {@link collectDesiredManifests}.
 *
 * @public
 */
export interface RepositoryFile {
  /** Path inside the folder: posix separators, no leading `./` or `/`. */
  path: string;
  content: string;
}

/**
 * Names kustomize recognises as a folder's kustomization, in its order.
 *
 * @public
 */
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
] as const;

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Whether a file name is one of {@link KUSTOMIZATION_FILE_NAMES}.
 *
 * @public
 */
export function isKustomizationFileName(name: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name);
}

/**
 * Whether a folder is left unread with everything in it: dot-folders (`.git`,
 * `.github`) and `node_modules`, which hold no manifests to apply.
 *
 * @public
 */
export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/**
 * Whether a path may hold manifests: a `.yaml`, `.yml` or `.json` file or a
 * kustomization, outside the folders {@link isSkippedFolderName} skips.
 *
 * @public
 */
export function isManifestCandidate(path: string): boolean {
  const segments = repositoryPath(path).split('/');
  const name = segments.pop() ?? '';
  if (segments.some(isSkippedFolderName)) return false;
  const lowerCase = name.toLowerCase();
  return (
    isKustomizationFileName(name) ||
    MANIFEST_EXTENSIONS.some(
      extension =>
        lowerCase.endsWith(extension) && lowerCase.length > extension.length,
    )
  );
}

/**
 * Normalises a posix path inside a folder, as `path.posix.normalize` would,
 * without leading or trailing `/`: `./apps//dev/` gives `apps/dev`,
 * `apps/dev/../base` gives `apps/base`, `.` gives the empty string (the
 * folder itself).
 * Leading `..` stay, so a caller can tell a path that leaves the folder.
 *
 * @public
 */
export function repositoryPath(path: string): string {
  const absolute = path.startsWith('/');
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') {
      segments.push(segment);
    } else if (segments.length > 0 && segments[segments.length - 1] !== '..') {
      segments.pop();
    } else if (!absolute) {
      // Above `/` is still `/`; above a relative start is outside.
      segments.push(segment);
    }
  }
  return segments.join('/');
}

/**
 * The folder of a path: `a/b/c.yaml` gives `a/b`, `c.yaml` gives `` (the
 * root).
 */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * A path relative to a folder, normalised: `apps/dev` and `../base` give
 * `apps/base`; a folder of `` is the root.
 */
export function joinRepositoryPath(folder: string, relative: string): string {
  return repositoryPath(folder ? `${folder}/${relative}` : relative);
}
