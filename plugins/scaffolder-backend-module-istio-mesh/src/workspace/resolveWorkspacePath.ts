import { isAbsolute, posix, resolve, sep } from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';

const WINDOWS_DRIVE = /^[a-zA-Z]:/;

function lexicallyInside(base: string, target: string) {
  return (
    target === base || target.startsWith(base.endsWith(sep) ? base : base + sep)
  );
}

/**
 * Resolves a path given in an action's input to an absolute path inside the
 * scaffolder workspace.
 *
 * @remarks
 * Paths are workspace-relative and use forward slashes. `..` segments are
 * allowed as long as the result stays inside the workspace. Rejected, with an
 * `InputError` naming `field`: empty paths, NUL bytes, backslashes, absolute
 * and Windows drive paths, `..` escapes, and paths that leave the workspace
 * through a symbolic link (the file itself or any existing parent folder;
 * the check is done on real paths, so a workspace that is itself reached
 * through a link is fine).
 *
 * @param workspacePath - The scaffolder task's workspace.
 * @param relativePath - The path from the action's input.
 * @param field - The input field the path came from, named in errors.
 * @param options - `from`: an absolute folder inside the workspace that
 *   `relativePath` is relative to (as kustomize resolves `resources`
 *   entries from the kustomization's folder); default the workspace.
 * @returns The absolute path inside the workspace.
 * @public
 */
export async function resolveWorkspacePath(
  workspacePath: string,
  relativePath: string,
  field: string,
  options: { from?: string } = {},
): Promise<string> {
  const reject = (reason: string): never => {
    throw new InputError(
      `Invalid ${field} ${JSON.stringify(relativePath)}: ${reason}`,
    );
  };
  if (typeof relativePath !== 'string' || relativePath.trim() === '') {
    throw new InputError(`Invalid ${field}: the path is empty`);
  }
  if (relativePath.includes('\0')) {
    reject('the path contains a NUL byte');
  }
  if (WINDOWS_DRIVE.test(relativePath)) {
    reject(
      'a Windows drive path is not allowed; give a path relative to the workspace',
    );
  }
  if (relativePath.includes('\\')) {
    reject('use forward slashes (/) to separate folders');
  }
  if (isAbsolute(relativePath) || posix.isAbsolute(relativePath)) {
    reject(
      'an absolute path is not allowed; give a path relative to the workspace',
    );
  }
  const base = resolve(workspacePath);
  const target = resolve(options.from ?? base, relativePath);
  if (!lexicallyInside(base, target)) {
    reject("'..' leads outside the workspace");
  }
  try {
    return resolveSafeChildPath(base, target);
  } catch (error) {
    if (
      error instanceof NotAllowedError ||
      (error as Error)?.name === 'NotAllowedError'
    ) {
      return reject('a symbolic link on the path leads outside the workspace');
    }
    throw error;
  }
}
