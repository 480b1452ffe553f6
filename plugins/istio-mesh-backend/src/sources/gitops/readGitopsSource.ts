import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  collectDesiredManifests,
  describeManifestProblem,
  DesiredManifest,
  ManifestProblem,
  SourceState,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  DEFAULT_FILE_READ_LIMITS,
  FileReadLimits,
  readFolderFiles,
} from '@istio-mesh/plugin-istio-mesh-node';
import { GitopsSourceConfig } from './gitopsConfig';
import { readUrlTree, TreeFiles } from './readUrlTree';

/** What one read of a GitOps source produced. */
export interface GitopsSourceResult {
  source: Omit<SourceState, 'ageSeconds'>;
  /** The desired objects; empty when the source is `error`. */
  objects: DesiredManifest[];
}

/** What a GitOps source reads with. */
export interface GitopsSourceDeps {
  urlReader: UrlReaderService;
  logger: LoggerService;
  /** `istioMesh.sources.maxFileBytes` and `maxReadBytes`. */
  limits?: FileReadLimits;
  /** Aborts the read: the refresh stopped or the source's deadline passed. */
  signal?: AbortSignal;
}

const MAX_PROBLEMS_LISTED = 3;

function listed(problems: ManifestProblem[]): string {
  const more =
    problems.length > MAX_PROBLEMS_LISTED
      ? ` and ${problems.length - MAX_PROBLEMS_LISTED} more`
      : '';
  return `${problems
    .slice(0, MAX_PROBLEMS_LISTED)
    .map(problem => describeManifestProblem(problem))
    .join('; ')}${more}`;
}

function reasonOf(error: unknown): string {
  const { code, name, message } = error as NodeJS.ErrnoException;
  if (code) return code;
  return error instanceof Error ? `${name}: ${message}` : String(error);
}

/** The URL without user info, which may hold a token. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Reads the desired state of one GitOps source: a local folder read directly,
 * or a repository URL read through the backend's URL reader (`readTree`).
 * Kustomizations are built as described in
 * {@link collectDesiredManifests}; Secrets keep no data.
 *
 * Never throws. The source is `error` when the folder or URL cannot be read
 * or holds no Kubernetes object (the message names the path or URL and the
 * reason), `partial` when files, folders, documents or kustomization entries
 * were skipped (the message lists up to three, with file and line), else
 * `ok`.
 */
export async function readGitopsSource(
  source: GitopsSourceConfig,
  deps: GitopsSourceDeps,
): Promise<GitopsSourceResult> {
  const id = `gitops:${source.name}`;
  const where = source.url
    ? `repository ${displayUrl(source.url)}`
    : `folder ${source.path}`;
  const failed = (message: string): GitopsSourceResult => ({
    source: { id, type: 'gitops', status: 'error', message },
    objects: [],
  });

  try {
    if (!source.path === !source.url) {
      return failed(`GitOps source ${source.name}: set either path or url`);
    }
    const limits = deps.limits ?? DEFAULT_FILE_READ_LIMITS;
    let read: TreeFiles;
    try {
      read = source.url
        ? await readUrlTree(source.url, deps.urlReader, {
            limits,
            signal: deps.signal,
          })
        : await readFolderFiles(source.path ?? '', {
            limits,
            signal: deps.signal,
          });
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      return failed(`cannot read GitOps ${where} (${reasonOf(error)})`);
    }
    const { files } = read;
    const collected = collectDesiredManifests(files);
    // What is not built (remote bases, Helm charts) is missing from the
    // desired state all the same, so it makes the source partial too.
    const problems = [
      ...read.unreadable.map(({ path, reason }) => ({
        file: path,
        message: reason,
      })),
      ...collected.problems,
      ...collected.notBuilt,
    ];
    for (const problem of problems) {
      deps.logger.debug(
        `GitOps source ${id}: ${describeManifestProblem(problem)}`,
      );
    }
    deps.logger.debug(
      `GitOps source ${id}: ${files.length} files, ${collected.manifests.length} objects, ${problems.length} problems`,
    );

    if (collected.manifests.length === 0) {
      const why = problems.length ? `: ${listed(problems)}` : '';
      return failed(`no Kubernetes objects in GitOps ${where}${why}`);
    }
    if (problems.length === 0) {
      return {
        source: { id, type: 'gitops', status: 'ok' },
        objects: collected.manifests,
      };
    }
    return {
      source: {
        id,
        type: 'gitops',
        status: 'partial',
        message: `${problems.length} problem(s) in GitOps ${where}: ${listed(
          problems,
        )}`,
      },
      objects: collected.manifests,
    };
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    // A bug here must not fail the other sources.
    return failed(`cannot read GitOps ${where} (${reasonOf(error)})`);
  }
}
