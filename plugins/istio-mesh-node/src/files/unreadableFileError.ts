/**
 * A file or folder that was not read, and why: a link leading outside the
 * folder, something other than a regular file, a file over a limit, or an
 * operating-system error (`EACCES`, `ENOENT`...).
 *
 * @public
 */
export interface UnreadableFile {
  /** Its path as given, or inside the folder read (folders end with `/`). */
  path: string;
  /** Why, as a sentence fragment: `is a FIFO, not a regular file`. */
  reason: string;
}

/**
 * Thrown where the policy for unreadable files is `throw`, and by
 * {@link readBoundedFile}.
 *
 * @public
 */
export class UnreadableFileError extends Error {
  name = 'UnreadableFileError';

  constructor(readonly path: string, readonly reason: string) {
    super(`cannot read ${path}: ${reason}`);
  }
}
