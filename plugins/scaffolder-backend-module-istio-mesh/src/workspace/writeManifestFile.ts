import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  isInsideFolder,
  readBoundedFile,
} from '@istio-mesh/plugin-istio-mesh-node';
import { resolveWorkspacePath } from './resolveWorkspacePath';
import { toWorkspaceRelative } from './toWorkspaceRelative';

/**
 * What {@link writeManifestFile} did.
 *
 * @public
 */
export interface WriteManifestFileResult {
  /** The file, relative to the workspace, with forward slashes. */
  path: string;
  /** `unchanged` when the file already held exactly this content. */
  status: 'created' | 'overwritten' | 'unchanged';
}

/**
 * Options of {@link writeManifestFile}.
 *
 * @public
 */
export interface WriteManifestFileOptions {
  /** The scaffolder task's workspace. */
  workspacePath: string;
  /** Workspace-relative path of the file, checked by {@link resolveWorkspacePath}. */
  path: string;
  /** The full text of the file. */
  content: string;
  /** Replace a file that exists with different content; default false. */
  overwrite?: boolean;
  /** The input field the path came from, named in errors. */
  field: string;
}

async function readExisting(file: string, shown: string, field: string) {
  let found;
  try {
    found = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (found.isDirectory()) {
    throw new InputError(
      `Invalid ${field} ${JSON.stringify(shown)}: it is a folder, not a file`,
    );
  }
  if (!found.isFile()) {
    throw new InputError(
      `Invalid ${field} ${JSON.stringify(shown)}: it is not a regular file`,
    );
  }
  // Bounded: the file is compared, never more than the walker would read.
  return readBoundedFile(file);
}

/**
 * Checks, just before the rename, that the folder the file lands in is
 * still inside the workspace: a folder swapped for a link since the path
 * was resolved must not receive it.
 */
async function assertStillInside(workspacePath: string, folder: string) {
  const [workspace, parent] = await Promise.all([
    realpath(workspacePath),
    realpath(folder),
  ]);
  if (!isInsideFolder(parent, workspace)) {
    throw new NotAllowedError(
      'the folder of the file was replaced by a link leading outside the workspace',
    );
  }
}

/**
 * Writes a file into the scaffolder workspace without ever overwriting a
 * different file silently and without leaving a half-written file behind.
 *
 * @remarks
 * Parent folders are created. A file that already holds `content` is left
 * untouched (`unchanged`), which makes re-running an action harmless. A file
 * with other content is only replaced when `overwrite` is set; otherwise an
 * `InputError` says so. The content goes to a temporary file in the same
 * folder first and is then renamed over the target, so readers see either
 * the old or the new file.
 *
 * @public
 */
export async function writeManifestFile(
  options: WriteManifestFileOptions,
): Promise<WriteManifestFileResult> {
  const { workspacePath, content, overwrite = false, field } = options;
  const target = await resolveWorkspacePath(workspacePath, options.path, field);
  const shown = toWorkspaceRelative(workspacePath, target);
  if (shown === '') {
    throw new InputError(
      `Invalid ${field} ${JSON.stringify(
        options.path,
      )}: it names the workspace folder, not a file`,
    );
  }
  const existing = await readExisting(target, shown, field);
  if (existing === content) {
    return { path: shown, status: 'unchanged' };
  }
  if (existing !== undefined && !overwrite) {
    throw new InputError(
      `${shown} already exists with different content; set overwrite: true to replace it`,
    );
  }
  await mkdir(dirname(target), { recursive: true });
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    await assertStillInside(workspacePath, dirname(target));
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return {
    path: shown,
    status: existing === undefined ? 'created' : 'overwritten',
  };
}
