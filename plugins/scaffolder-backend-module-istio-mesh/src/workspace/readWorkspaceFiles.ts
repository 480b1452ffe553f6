import { stat } from 'node:fs/promises';
import { InputError } from '@backstage/errors';
import { RepositoryFile } from '@istio-mesh/plugin-istio-mesh-common';
import {
  readFolderFiles,
  UnreadableFileError,
} from '@istio-mesh/plugin-istio-mesh-node';
import { resolveWorkspacePath } from './resolveWorkspacePath';
import { toWorkspaceRelative } from './toWorkspaceRelative';

/**
 * Reads every manifest file of the workspace (`.yaml`, `.yml`, `.json` and
 * kustomizations), with workspace-relative posix paths, in path order.
 * Dot-folders and `node_modules` are skipped and links to folders are not
 * followed. A file that cannot be read whole stops the action with an
 * InputError naming it: a link leading outside the workspace, a FIFO or
 * device, a file over 10 MiB or a workspace over 200 MiB, since a template
 * must not act on part of what it was given.
 */
export async function readWorkspaceFiles(
  workspacePath: string,
): Promise<RepositoryFile[]> {
  try {
    const { files } = await readFolderFiles(workspacePath, {
      onUnreadable: 'throw',
    });
    return files;
  } catch (error) {
    if (error instanceof UnreadableFileError) {
      throw new InputError(
        `Cannot read the workspace file ${error.path}: ${error.reason}`,
      );
    }
    throw error;
  }
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
