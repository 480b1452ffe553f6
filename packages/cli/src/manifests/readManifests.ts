import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import {
  ManifestProblem,
  parseManifests,
  ParsedObject,
} from '@istio-mesh/plugin-istio-mesh-common';
import { CliIo, ExitCode } from '../cli';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

// kustomize's build instructions: they list manifests but are not objects.
const KUSTOMIZATION_FILES = new Set([
  'kustomization.yaml',
  'kustomization.yml',
]);

/**
 * A file or directory that could not be read; unlike a manifest problem, it
 * stops the run, because the report would silently miss its objects.
 */
export interface UnreadablePath {
  path: string;
  reason: string;
}

/** Everything read from the paths given on the command line. */
export interface ReadManifestsResult {
  objects: ParsedObject[];
  problems: ManifestProblem[];
  unreadable: UnreadablePath[];
}

function reasonOf(error: unknown) {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return message;
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : Number(a.name > b.name);

/**
 * Manifest files under a directory, depth first in name order, so that the
 * same tree always gives the same report. Dot-folders and `node_modules` are
 * skipped; symlinked folders are not followed, which rules out cycles.
 */
async function listDirectory(
  dir: string,
  files: string[],
  unreadable: UnreadablePath[],
) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    unreadable.push({ path: dir, reason: reasonOf(error) });
    return;
  }
  for (const entry of entries.sort(byName)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await listDirectory(path, files, unreadable);
      }
      continue;
    }
    const isFile =
      entry.isFile() ||
      (entry.isSymbolicLink() &&
        (await stat(path).then(
          s => s.isFile(),
          () => false,
        )));
    if (
      isFile &&
      MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase()) &&
      !KUSTOMIZATION_FILES.has(entry.name)
    ) {
      files.push(path);
    }
  }
}

/**
 * Reads and parses every manifest in the given files and directories. A file
 * named explicitly is read whatever its extension. Problems inside manifests
 * are collected and never stop the run.
 */
export async function readManifests(
  paths: string[],
): Promise<ReadManifestsResult> {
  const result: ReadManifestsResult = {
    objects: [],
    problems: [],
    unreadable: [],
  };
  const files: string[] = [];
  for (const path of paths) {
    try {
      if ((await stat(path)).isDirectory()) {
        await listDirectory(path, files, result.unreadable);
      } else {
        files.push(path);
      }
    } catch (error) {
      result.unreadable.push({ path, reason: reasonOf(error) });
    }
  }

  // Overlapping arguments (a folder and a file inside it) must not count
  // objects twice.
  const seen = new Set<string>();
  for (const file of files) {
    const absolute = resolve(file);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      result.unreadable.push({ path: file, reason: reasonOf(error) });
      continue;
    }
    const parsed = parseManifests(text, file);
    result.objects.push(...parsed.objects);
    result.problems.push(...parsed.problems);
  }
  return result;
}

/**
 * Reads the paths of a command line; when any cannot be read, names each on
 * stderr and returns the usage-error exit code instead, since the output
 * would silently miss its objects.
 */
export async function readCommandManifests(
  io: CliIo,
  command: string,
  paths: string[],
): Promise<ReadManifestsResult | number> {
  const manifests = await readManifests(paths);
  for (const { path, reason } of manifests.unreadable) {
    io.stderr.write(`${command}: cannot read ${path}: ${reason}\n`);
  }
  return manifests.unreadable.length > 0 ? ExitCode.UsageError : manifests;
}
