import { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  isManifestCandidate,
  isSkippedFolderName,
  RepositoryFile,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  DEFAULT_FILE_READ_LIMITS,
  FileReadBudget,
  FileReadLimits,
} from './fileReadLimits';
import { osReason, readBoundedFile } from './readBoundedFile';
import { UnreadableFile, UnreadableFileError } from './unreadableFileError';

/**
 * Options of {@link readFolderFiles}.
 *
 * @public
 */
export interface ReadFolderOptions {
  /**
   * Which files to read, by their path inside the folder. Default: manifest
   * files (`.yaml`, `.yml`, `.json` and kustomizations).
   */
  include?: (path: string) => boolean;
  /** Default: {@link DEFAULT_FILE_READ_LIMITS}. */
  limits?: FileReadLimits;
  /**
   * What an unreadable file or sub-folder does: `report` lists it in
   * `unreadable` and reads the rest (a source that can be partial);
   * `throw` stops with an {@link UnreadableFileError} naming it (a
   * template that must not act on part of a workspace). Default: `report`.
   */
  onUnreadable?: 'report' | 'throw';
  signal?: AbortSignal;
}

/**
 * What {@link readFolderFiles} read.
 *
 * @public
 */
export interface FolderFiles {
  /** The files read, with posix paths inside the folder, in path order. */
  files: RepositoryFile[];
  /** What was not read, and why; empty with the `throw` policy. */
  unreadable: UnreadableFile[];
}

const byName = (a: Dirent, b: Dirent) =>
  a.name < b.name ? -1 : Number(a.name > b.name);

/**
 * Reads the files of a folder tree that a GitOps source, a scaffolder
 * workspace and the CLI take manifests from, depth first in name order so
 * that the same tree always reads the same:
 *
 * - dot-folders (`.git`, `.github`) and `node_modules` are skipped;
 * - links to folders are not followed, so no link loops or leaves the tree;
 * - only regular files whose real path is inside the folder are read: a
 *   link leading outside, a FIFO, a socket or a device is unreadable, and
 *   none is ever waited on;
 * - a file over `maxFileBytes`, or past `maxReadBytes` in all, is
 *   unreadable, and the rest is still read.
 *
 * Throws when the folder itself cannot be listed (the operating system's
 * error, with its `code`), and when `signal` aborts.
 *
 * @public
 */
export async function readFolderFiles(
  folder: string,
  options: ReadFolderOptions = {},
): Promise<FolderFiles> {
  const include = options.include ?? isManifestCandidate;
  const budget = new FileReadBudget(options.limits ?? DEFAULT_FILE_READ_LIMITS);
  const { signal } = options;
  const files: RepositoryFile[] = [];
  const unreadable: UnreadableFile[] = [];
  const unread = (path: string, reason: string) => {
    if (options.onUnreadable === 'throw') {
      throw new UnreadableFileError(path, reason);
    }
    unreadable.push({ path, reason });
  };

  const root = await realpath(folder);
  const walk = async (relative: string, entries: Dirent[]) => {
    for (const entry of [...entries].sort(byName)) {
      signal?.throwIfAborted();
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      const absolute = join(root, path);
      if (entry.isDirectory()) {
        if (isSkippedFolderName(entry.name)) continue;
        let children: Dirent[];
        try {
          children = await readdir(absolute, { withFileTypes: true });
        } catch (error) {
          unread(`${path}/`, osReason(error));
          continue;
        }
        await walk(path, children);
        continue;
      }
      if (!include(path)) continue;
      if (entry.isSymbolicLink()) {
        const target = await stat(absolute).catch(() => undefined);
        // Links to folders are not followed; a dangling one is unreadable.
        if (target?.isDirectory()) continue;
      }
      try {
        const content = await readBoundedFile(absolute, {
          budget,
          within: root,
          signal,
        });
        files.push({ path, content });
      } catch (error) {
        if (!(error instanceof UnreadableFileError)) throw error;
        unread(path, error.reason);
      }
    }
  };

  await walk('', await readdir(root, { withFileTypes: true }));
  return { files, unreadable };
}
