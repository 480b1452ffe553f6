import { readFile } from 'fs/promises';
import {
  ClusterEvaluation,
  KubernetesObject,
  ManifestProblem,
  parseManifests,
  SourceState,
  clusterGitopsInputs,
  withoutSecretData,
} from '@istio-mesh/plugin-istio-mesh-common';
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

function describeProblem(problem: ManifestProblem): string {
  const at = problem.line ? `line ${problem.line}` : 'file';
  const object = problem.kind
    ? ` ${problem.kind} ${[problem.namespace, problem.name]
        .filter(Boolean)
        .join('/')}`
    : '';
  return `${at}${object}: ${problem.message}`;
}

/**
 * Reads one cluster snapshot file and evaluates its workloads. Never throws:
 * an unreadable file or one without objects makes the source `error` and the
 * cluster unavailable; skipped objects make it `partial`. Secrets lose their data
 * as soon as they are parsed.
 */
export async function readClusterSnapshot(
  snapshot: ClusterSnapshotConfig,
  rootNamespace: string | undefined,
): Promise<ClusterSnapshotResult> {
  const id = `snapshot:${snapshot.cluster}`;
  const unavailable = (message: string): ClusterSnapshotResult => ({
    evaluation: {
      cluster: snapshot.cluster,
      unavailable: message,
      workloads: [],
    },
    objects: [],
    source: { id, type: 'cluster-snapshot', status: 'error', message },
  });

  let text: string;
  try {
    text = await readFile(snapshot.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return unavailable(
      `cannot read snapshot file ${snapshot.path}${code ? ` (${code})` : ''}`,
    );
  }

  const { objects, problems } = parseManifests(text, snapshot.path);
  const kept = objects.map(o => withoutSecretData(o.object));
  if (kept.length === 0) {
    const why = problems.length
      ? `: ${problems
          .slice(0, MAX_PROBLEMS_LISTED)
          .map(describeProblem)
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
  const skipped = [...problems.map(describeProblem), ...gitops.problems];
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
