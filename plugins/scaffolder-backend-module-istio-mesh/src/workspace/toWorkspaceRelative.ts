import { relative, resolve, sep } from 'node:path';

/**
 * An absolute path inside the workspace as the workspace-relative, forward
 * slash path shown in outputs and messages (`''` for the workspace itself).
 */
export function toWorkspaceRelative(workspacePath: string, absolute: string) {
  return relative(resolve(workspacePath), absolute).split(sep).join('/');
}
