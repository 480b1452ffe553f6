import { constants, Stats } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { relative, sep, isAbsolute } from 'node:path';
import {
  DEFAULT_FILE_READ_LIMITS,
  FileReadBudget,
  formatBytes,
} from './fileReadLimits';
import { UnreadableFileError } from './unreadableFileError';

/**
 * Options of {@link readBoundedFile}.
 *
 * @public
 */
export interface BoundedFileOptions {
  /** Counts the bytes of a whole read; by default the file's alone. */
  budget?: FileReadBudget;
  /**
   * The real path of a folder the file's real path must be inside; a link
   * leading elsewhere is refused.
   */
  within?: string;
  /**
   * Read FIFOs and other special files too, up to the file limit: for a path
   * a user names on a command line, such as a shell's `<(kustomize build)`.
   * Otherwise only regular files are read, and a FIFO is refused without
   * waiting for a writer.
   */
  allowSpecialFiles?: boolean;
  signal?: AbortSignal;
}

const CHUNK_BYTES = 1024 * 1024;

// Opening a FIFO without O_NONBLOCK waits for a writer, forever if none
// comes. Windows has neither flag, nor FIFOs in a folder.
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

const OS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'a symbolic link changed while it was read',
  EISDIR: 'is a folder',
};

/** An operating-system error as a reason: `permission denied (EACCES)`. */
export function osReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (!code) return message ?? String(error);
  return OS_REASONS[code] ? `${OS_REASONS[code]} (${code})` : code;
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * `path` is `folder` or inside it (both real, absolute paths).
 *
 * @public
 */
export function isInsideFolder(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return (
    rel === '' ||
    (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
  );
}

/**
 * Reads a file as UTF-8 text, only if it is a regular file within the
 * limits, and inside `within` when given. Never waits on a FIFO or a device,
 * and never reads past the file limit, even from a file that grows. Throws
 * {@link UnreadableFileError} naming the path and the reason; an abort
 * of `signal` throws its reason.
 *
 * @public
 */
export async function readBoundedFile(
  path: string,
  options: BoundedFileOptions = {},
): Promise<string> {
  const budget = options.budget ?? new FileReadBudget(DEFAULT_FILE_READ_LIMITS);
  const { signal } = options;
  signal?.throwIfAborted();
  const refuse = (reason: string) => new UnreadableFileError(path, reason);

  let target = path;
  try {
    if (options.within !== undefined) {
      target = await realpath(path);
      if (!isInsideFolder(target, options.within)) {
        throw refuse('is a symbolic link leading outside the folder');
      }
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw refuse(osReason(error));
  }

  let handle;
  try {
    handle = await open(
      target,
      constants.O_RDONLY |
        (options.allowSpecialFiles ? 0 : NON_BLOCKING) |
        (options.within !== undefined ? NO_FOLLOW : 0),
    );
  } catch (error) {
    throw refuse(osReason(error));
  }
  try {
    const stats = await handle.stat();
    const regular = stats.isFile();
    if (stats.isDirectory() || (!regular && !options.allowSpecialFiles)) {
      throw refuse(`is ${specialKind(stats)}, not a regular file`);
    }
    if (regular) {
      const refusal = budget.refusal(stats.size);
      if (refusal) throw refuse(refusal);
    }
    const limit = budget.limits.maxFileBytes;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      signal?.throwIfAborted();
      const chunk = Buffer.allocUnsafe(
        Math.min(CHUNK_BYTES, limit + 1 - total),
      );
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) {
        throw refuse(`is over the ${formatBytes(limit)} limit of one file`);
      }
    }
    const refusal = budget.refusal(total);
    if (refusal) throw refuse(refusal);
    budget.take(total);
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (error) {
    if (error instanceof UnreadableFileError || signal?.aborted) throw error;
    throw refuse(osReason(error));
  } finally {
    await handle.close();
  }
}
