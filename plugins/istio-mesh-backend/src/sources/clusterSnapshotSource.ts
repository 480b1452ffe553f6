import {
  ClusterEvaluation,
  clusterGitopsInputs,
  describeManifestProblem,
  KubernetesObject,
  parseManifests,
  SourceState,
  withoutSecretData,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  DEFAULT_FILE_READ_LIMITS,
  FileReadBudget,
  FileReadLimits,
  readBoundedFile,
  UnreadableFileError,
} from '@istio-mesh/plugin-istio-mesh-node';
import { ClusterSnapshotConfig } from '../config';
import { evaluateClusterMesh } from './evaluateClusterMesh';

/** What one read of a snapshot file produced. */
export interface ClusterSnapshotResult {
  evaluation: ClusterEvaluation;
  /** The objects read, Secrets without data; empty when unavailable. */
  objects: KubernetesObject[];
  source: Omit<SourceState, 'ageSeconds'>;
}

const MAX_PROBLEMS_LISTED = 3;

/** How a snapshot is read. */
export interface ClusterSnapshotReadOptions {
  /** A snapshot holds a whole cluster: it is bounded by `maxReadBytes`. */
  limits?: FileReadLimits;
  signal?: AbortSignal;
}

/**
 * Reads one cluster snapshot file and evaluates its workloads. Never throws
 * but when `signal` aborts: a file that is not a regular file, is over
 * `maxReadBytes`, cannot be read, holds no objects or fails to evaluate
 * makes the source `error` and the cluster unavailable, and no other
 * snapshot; skipped objects make it `partial`. Secrets lose their data as
 * soon as they are parsed.
 */
export async function readClusterSnapshot(
  snapshot: ClusterSnapshotConfig,
  rootNamespace: string | undefined,
  options: ClusterSnapshotReadOptions = {},
): Promise<ClusterSnapshotResult> {
  const unavailable = (message: string) =>
    unavailableSnapshot(snapshot, message);

  let text: string;
  try {
    const { maxReadBytes } = options.limits ?? DEFAULT_FILE_READ_LIMITS;
    text = await readBoundedFile(snapshot.path, {
      budget: new FileReadBudget({ maxFileBytes: maxReadBytes, maxReadBytes }),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const reason =
      error instanceof UnreadableFileError ? error.reason : String(error);
    return unavailable(`cannot read snapshot file ${snapshot.path}: ${reason}`);
  }
  try {
    return evaluateSnapshot(snapshot, rootNamespace, text);
  } catch (error) {
    // A bug on one file's content fails that snapshot, never the others.
    return unavailable(
      `cannot evaluate snapshot file ${snapshot.path}: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}

function unavailableSnapshot(
  snapshot: ClusterSnapshotConfig,
  message: string,
): ClusterSnapshotResult {
  return {
    evaluation: {
      cluster: snapshot.cluster,
      unavailable: message,
      workloads: [],
    },
    objects: [],
    source: {
      id: `snapshot:${snapshot.cluster}`,
      type: 'cluster-snapshot',
      status: 'error',
      message,
    },
  };
}

function evaluateSnapshot(
  snapshot: ClusterSnapshotConfig,
  rootNamespace: string | undefined,
  text: string,
): ClusterSnapshotResult {
  const id = `snapshot:${snapshot.cluster}`;
  const unavailable = (message: string) =>
    unavailableSnapshot(snapshot, message);
  const { objects, problems } = parseManifests(text, snapshot.path);
  const kept = objects.map(o => withoutSecretData(o.object));
  if (kept.length === 0) {
    const why = problems.length
      ? `: ${problems
          .slice(0, MAX_PROBLEMS_LISTED)
          .map(problem => describeManifestProblem(problem, { file: false }))
          .join('; ')}`
      : '';
    return unavailable(
      `no Kubernetes objects in snapshot file ${snapshot.path}${why}`,
    );
  }

  // A snapshot says Argo CD is there only by holding Applications.
  const gitops = clusterGitopsInputs(kept, snapshot.cluster, undefined);
  const evaluation: ClusterEvaluation = {
    cluster: snapshot.cluster,
    ...(gitops.argo ? { argo: gitops.argo } : {}),
    meshResources: gitops.meshResources,
    ...evaluateClusterMesh(kept, { cluster: snapshot.cluster, rootNamespace }),
  };
  const skipped = [
    ...problems.map(problem =>
      describeManifestProblem(problem, { file: false }),
    ),
    ...gitops.problems,
  ];
  if (skipped.length === 0) {
    return {
      evaluation,
      objects: kept,
      source: { id, type: 'cluster-snapshot', status: 'ok' },
    };
  }
  const listed = skipped.slice(0, MAX_PROBLEMS_LISTED);
  const more =
    skipped.length > MAX_PROBLEMS_LISTED
      ? ` and ${skipped.length - MAX_PROBLEMS_LISTED} more`
      : '';
  return {
    evaluation,
    objects: kept,
    source: {
      id,
      type: 'cluster-snapshot',
      status: 'partial',
      message: `${skipped.length} object(s) skipped in ${
        snapshot.path
      }: ${listed.join('; ')}${more}`,
    },
  };
}
