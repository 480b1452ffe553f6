import { stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import {
  collectDesiredManifests,
  describeManifestProblem,
  isManifestCandidate,
  ManifestProblem,
  ParsedObject,
  parseManifests,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  readBoundedFile,
  readFolderFiles,
  UnreadableFileError,
} from '@istio-mesh/plugin-istio-mesh-node';
import { CliIo, ExitCode } from '../cli';

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
  /** Broken documents and kustomizations, named by file and line. */
  problems: ManifestProblem[];
  /**
   * What directories' kustomizations refer to but the CLI does not build
   * (remote bases, entries outside the directory, Helm charts): not errors,
   * but objects missing from the result.
   */
  notBuilt: ManifestProblem[];
  unreadable: UnreadablePath[];
}

function reasonOf(error: unknown) {
  if (error instanceof UnreadableFileError) return error.reason;
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return message;
}

/** `path` is inside `dir` (both absolute), not `dir` itself. */
const isInside = (path: string, dir: string) =>
  path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);

/** Its path inside `dir`, with posix separators. */
const pathInside = (dir: string, path: string) =>
  relative(dir, path).split(sep).join('/');

/**
 * Reads a directory the way the Backstage plugin reads a GitOps repository:
 * its kustomizations built (`resources`, `namespace`), the other files
 * as plain manifests. Files are named as `dir` was given plus their path
 * inside it. `named` are files named on the command line too: read even
 * where no kustomization lists them.
 */
async function readDirectory(
  dir: string,
  named: Set<string>,
  result: ReadManifestsResult,
): Promise<void> {
  // The walker the Backstage plugin and the scaffolder use: only regular
  // files inside the directory, within the size limits.
  let read;
  try {
    read = await readFolderFiles(dir);
  } catch (error) {
    result.unreadable.push({ path: dir, reason: reasonOf(error) });
    return;
  }
  for (const { path, reason } of read.unreadable) {
    result.unreadable.push({ path: join(dir, path), reason });
  }
  const { files } = read;
  const collected = collectDesiredManifests(files, {
    fieldLines: true,
    readUnlisted: inside => named.has(resolve(dir, inside)),
  });
  const shown = (inside: string) => join(dir, inside);
  for (const { object, file, line, lineOfPath } of collected.manifests) {
    result.objects.push({
      object,
      location: { file: shown(file), ...(line ? { line } : {}) },
      ...(lineOfPath ? { lineOfPath } : {}),
    });
  }
  const located = (problem: ManifestProblem) => ({
    ...problem,
    file: shown(problem.file),
  });
  result.problems.push(...collected.problems.map(located));
  result.notBuilt.push(...collected.notBuilt.map(located));
}

/**
 * Reads and parses every manifest in the given files and directories. A
 * directory is built with its kustomizations (see
 * `collectDesiredManifests`): kustomize's `namespace` applies to what a
 * kustomization includes, and files of a kustomization's folder it does not
 * list (generator inputs such as Grafana dashboards, patches) are not
 * objects. A file named explicitly is read as written, whatever its
 * extension. Problems inside manifests are collected and never stop the run.
 */
export async function readManifests(
  paths: string[],
): Promise<ReadManifestsResult> {
  const result: ReadManifestsResult = {
    objects: [],
    problems: [],
    notBuilt: [],
    unreadable: [],
  };
  const given: Array<{ path: string; isDirectory: boolean }> = [];
  for (const path of paths) {
    try {
      given.push({ path, isDirectory: (await stat(path)).isDirectory() });
    } catch (error) {
      result.unreadable.push({ path, reason: reasonOf(error) });
    }
  }
  const directories = given
    .filter(g => g.isDirectory)
    .map(g => resolve(g.path));
  const named = new Set(
    given.filter(g => !g.isDirectory).map(g => resolve(g.path)),
  );

  // Overlapping arguments (a directory and a file or directory inside it)
  // must not count objects twice: the outermost directory reads them.
  const readByDirectory = (absolute: string) =>
    directories.some(
      dir =>
        isInside(absolute, dir) &&
        isManifestCandidate(pathInside(dir, absolute)),
    );
  const seen = new Set<string>();
  for (const { path, isDirectory } of given) {
    const absolute = resolve(path);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    if (isDirectory) {
      if (!directories.some(dir => isInside(absolute, dir))) {
        await readDirectory(path, named, result);
      }
      continue;
    }
    if (readByDirectory(absolute)) continue;
    let text;
    try {
      // A named path may be a pipe, as in `<(kustomize build overlays/dev)`.
      text = await readBoundedFile(path, { allowSpecialFiles: true });
    } catch (error) {
      result.unreadable.push({ path, reason: reasonOf(error) });
      continue;
    }
    const parsed = parseManifests(text, path);
    result.objects.push(...parsed.objects);
    result.problems.push(...parsed.problems);
  }
  return result;
}

/**
 * Reads the paths of a command line; when any cannot be read, names each on
 * stderr and returns the usage-error exit code instead, since the output
 * would silently miss its objects. What is not built is noted on stderr.
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
  if (manifests.unreadable.length > 0) return ExitCode.UsageError;
  for (const problem of manifests.notBuilt) {
    io.stderr.write(`${command}: note: ${describeManifestProblem(problem)}\n`);
  }
  return manifests;
}
