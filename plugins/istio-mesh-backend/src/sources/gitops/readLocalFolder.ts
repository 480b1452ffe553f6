import { Dirent } from 'fs';
import { readdir, readFile, stat } from 'fs/promises';
import { join } from 'path';
import {
  isManifestCandidate,
  isSkippedFolderName,
  ManifestProblem,
  RepositoryFile,
} from '@istio-mesh/plugin-istio-mesh-common';

/** The manifest files of a folder, and the parts of it that could not be read. */
export interface LocalFolderFiles {
  files: RepositoryFile[];
  /** Sub-folders and files that could not be read, named by repository path. */
  problems: ManifestProblem[];
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Reads every `.yaml`, `.yml` and `.json` file and every kustomization under
 * a folder, recursively, skipping dot-folders (`.git`, `.github`...) and
 * `node_modules`. Symbolic links to files are read; links to folders are not
 * followed, so that a link cannot loop or leave the folder. Throws only when the folder
 * itself cannot be listed (ENOENT, ENOTDIR, EACCES...); an unreadable
 * sub-folder or file becomes a problem and the rest is still read.
 */
export async function readLocalFolder(
  folder: string,
): Promise<LocalFolderFiles> {
  const files: RepositoryFile[] = [];
  const problems: ManifestProblem[] = [];

  const readInto = async (path: string) => {
    try {
      files.push({ path, content: await readFile(join(folder, path), 'utf8') });
    } catch (error) {
      problems.push({
        file: path,
        message: `cannot read (${errorCode(error)})`,
      });
    }
  };

  const walk = async (relative: string, entries: Dirent[]) => {
    const sorted = [...entries].sort((a, b) =>
      a.name < b.name ? -1 : Number(a.name > b.name),
    );
    for (const entry of sorted) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (isSkippedFolderName(entry.name)) continue;
        let children: Dirent[];
        try {
          children = await readdir(join(folder, path), { withFileTypes: true });
        } catch (error) {
          problems.push({
            file: `${path}/`,
            message: `cannot read folder (${errorCode(error)})`,
          });
          continue;
        }
        await walk(path, children);
      } else if (isManifestCandidate(path)) {
        if (entry.isFile()) {
          await readInto(path);
        } else if (entry.isSymbolicLink()) {
          const target = await stat(join(folder, path)).catch(() => undefined);
          // A dangling link is reported by the read.
          if (!target?.isDirectory()) await readInto(path);
        }
      }
    }
  };

  await walk('', await readdir(folder, { withFileTypes: true }));
  return { files, problems };
}
