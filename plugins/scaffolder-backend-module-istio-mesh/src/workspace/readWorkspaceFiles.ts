import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@backstage/errors';
import {
  isManifestCandidate,
  isSkippedFolderName,
  RepositoryFile,
} from '@istio-mesh/plugin-istio-mesh-common';
import { resolveWorkspacePath } from './resolveWorkspacePath';
import { toWorkspaceRelative } from './toWorkspaceRelative';

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : Number(a.name > b.name);

/**
 * The manifest files (`.yaml`, `.yml`, `.json` and kustomization files)
 * under a folder of the workspace, in path order. Dot-folders (`.git`,
 * `.github`) and `node_modules` are skipped; symbolic links to folders are
 * not followed, and links to files only when the file is inside the
 * workspace.
 */
async function listManifestFiles(
  workspacePath: string,
  folder: string,
  files: string[],
) {
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries.sort(byName)) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedFolderName(entry.name)) {
        await listManifestFiles(workspacePath, path, files);
      }
      continue;
    }
    if (!isManifestCandidate(entry.name)) continue;
    if (entry.isFile()) {
      files.push(path);
    } else if (entry.isSymbolicLink()) {
      const relative = toWorkspaceRelative(workspacePath, path);
      const inside = await resolveWorkspacePath(
        workspacePath,
        relative,
        'file',
      ).then(
        () => true,
        () => false,
      );
      if (inside && (await stat(path)).isFile()) files.push(path);
    }
  }
}

/**
 * Reads every manifest file of the workspace (see `isManifestCandidate`),
 * with workspace-relative posix paths.
 */
export async function readWorkspaceFiles(
  workspacePath: string,
): Promise<RepositoryFile[]> {
  const files: string[] = [];
  await listManifestFiles(workspacePath, workspacePath, files);
  return Promise.all(
    files.map(async file => ({
      path: toWorkspaceRelative(workspacePath, file),
      content: await readFile(file, 'utf8'),
    })),
  );
}

/**
 * Resolves the `paths` input of an action to workspace-relative folders and
 * files that exist, naming the offending entry when one does not.
 */
export async function resolveExistingPaths(
  workspacePath: string,
  paths: string[],
): Promise<string[]> {
  return Promise.all(
    paths.map(async (path, index) => {
      const field = `paths[${index}]`;
      const absolute = await resolveWorkspacePath(workspacePath, path, field);
      const found = await stat(absolute).catch(() => undefined);
      if (!found) {
        throw new InputError(
          `Invalid ${field} ${JSON.stringify(
            path,
          )}: no such file or folder in the workspace`,
        );
      }
      return toWorkspaceRelative(workspacePath, absolute);
    }),
  );
}
