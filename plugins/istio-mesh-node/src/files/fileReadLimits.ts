/**
 * How much one read of a folder, a repository or a snapshot may take in.
 *
 * @public
 */
export interface FileReadLimits {
  /** Largest single file read; a larger one is not read. */
  maxFileBytes: number;
  /** Most bytes read in all from one folder, repository or snapshot. */
  maxReadBytes: number;
}

/**
 * The defaults of `istioMesh.sources.maxFileBytes` (10 MiB) and
 * `istioMesh.sources.maxReadBytes` (200 MiB), used by the CLI and the
 * scaffolder actions too.
 *
 * @public
 */
export const DEFAULT_FILE_READ_LIMITS: FileReadLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxReadBytes: 200 * 1024 * 1024,
};

/**
 * `12.3 MiB`, `512 KiB`, `90 bytes`.
 *
 * @public
 */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  }
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Counts what one read takes in, so that a folder or repository stops
 * reading at {@link FileReadLimits.maxReadBytes}. Returns the reason a file
 * of that size is refused, or undefined when it is taken.
 *
 * @public
 */
export class FileReadBudget {
  private used = 0;

  constructor(readonly limits: FileReadLimits = DEFAULT_FILE_READ_LIMITS) {}

  /** Why a file of `bytes` is not read, or undefined when it may be. */
  refusal(bytes: number): string | undefined {
    if (bytes > this.limits.maxFileBytes) {
      return `is ${formatBytes(bytes)}, over the ${formatBytes(
        this.limits.maxFileBytes,
      )} limit of one file`;
    }
    if (this.used + bytes > this.limits.maxReadBytes) {
      return `not read: the files before it reached the ${formatBytes(
        this.limits.maxReadBytes,
      )} limit of one read`;
    }
    return undefined;
  }

  /** Counts bytes read. */
  take(bytes: number): void {
    this.used += bytes;
  }
}
