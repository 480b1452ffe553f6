import { availableParallelism } from 'node:os';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  AnalyzeRequest,
  AnalyzeResponse,
  KubernetesObject,
  SourceState,
} from '@istio-mesh/plugin-istio-mesh-common';
import { AnalyzeLimitsConfig } from '../config';
import {
  ManifestAnalysisInput,
  ManifestAnalysisOutput,
  manifestAnalysisTask,
} from './analysis/manifestAnalysisTask';
import { visibleLiveObjects } from './analysis/visibleMesh';
import { PayloadTooLargeError } from './limits/httpErrors';
import { formatSeconds } from './formatSeconds';
import { createConcurrencyLimit } from '../sources/kubernetes/concurrencyLimit';
import { runInWorker, WorkerDeadlineError } from './worker/runInWorker';

/** A cluster's live objects, as the last read of the sources left them. */
export interface LiveMesh {
  cluster: string;
  objects: KubernetesObject[];
  /**
   * Istio's root namespace in this cluster, as `istioMesh.rootNamespace` or
   * else the cluster's own mesh configuration gives it.
   */
  rootNamespace?: string;
}

/** The live meshes at hand, and the status of every source. */
export interface LiveMeshes {
  meshes: LiveMesh[];
  sources: SourceState[];
  /** Every configured cluster, whether it could be read or not. */
  clusters: string[];
}

/** Where {@link ManifestAnalyzer} gets the live mesh from. */
export interface LiveMeshProvider {
  /**
   * Clusters with live objects, and the status of every source; waits at
   * most `waitMs` for data that is not at hand.
   */
  liveMeshes(options?: { waitMs?: number }): Promise<LiveMeshes>;
}

/** The Kubernetes namespaces whose entities a caller may read. */
export interface ReadableNamespaces {
  readableNamespaces(
    credentials: BackstageCredentials,
    cluster: string,
  ): Promise<Set<string>>;
}

/** Runs the analysis; a worker thread unless a test says otherwise. */
export type RunManifestAnalysis = (
  input: ManifestAnalysisInput,
  timeoutMs: number,
) => Promise<ManifestAnalysisOutput>;

/** The analysis in a worker thread, stopped at the deadline. */
export const analyzeInWorker: RunManifestAnalysis = (input, timeoutMs) =>
  runInWorker(manifestAnalysisTask, input, { timeoutMs });

/** Options of {@link ManifestAnalyzer}. */
export interface ManifestAnalyzerOptions {
  liveMesh: LiveMeshProvider;
  readable: ReadableNamespaces;
  limits: AnalyzeLimitsConfig;
  /** `istioMesh.rootNamespace`: wins over the clusters' mesh configuration. */
  rootNamespace?: string;
  /**
   * Analyses run at once on this replica; more wait for a slot within their
   * deadline. Default: one less than the CPUs, at least one.
   */
  concurrency?: number;
  run?: RunManifestAnalysis;
  now?: () => number;
}

/**
 * `POST /v1/analyze`: the sent manifests analyzed in a worker thread with
 * the part of the live mesh the caller may see, within a deadline
 * (`istioMesh.analyze.timeout`). Live data is taken from the last read
 * while fresh, else from one read shared by all callers, awaited for at most
 * half the deadline; without it the files are analyzed on their own and the
 * sources say why.
 */
export class ManifestAnalyzer {
  private readonly limit: ReturnType<typeof createConcurrencyLimit>;
  private readonly run: RunManifestAnalysis;
  private readonly now: () => number;

  constructor(private readonly options: ManifestAnalyzerOptions) {
    this.limit = createConcurrencyLimit(
      options.concurrency ?? Math.max(1, availableParallelism() - 1),
    );
    this.run = options.run ?? analyzeInWorker;
    this.now = options.now ?? Date.now;
  }

  async analyze(
    request: AnalyzeRequest,
    caller: { credentials: BackstageCredentials },
  ): Promise<AnalyzeResponse> {
    const { limits, liveMesh, readable } = this.options;
    const deadline = this.now() + limits.timeoutMs;
    const overdue = () =>
      new ServiceUnavailableError(
        `analysis did not finish within ${formatSeconds(
          limits.timeoutMs,
        )} (istioMesh.analyze.timeout)`,
      );

    const { meshes, sources, clusters } = await liveMesh.liveMeshes({
      waitMs: limits.timeoutMs / 2,
    });
    let live: LiveMesh | undefined;
    if (request.cluster) {
      if (!clusters.includes(request.cluster)) {
        throw new InputError(
          `cluster: no cluster named "${request.cluster}" is configured`,
        );
      }
      live = meshes.find(mesh => mesh.cluster === request.cluster);
    } else if (meshes.length === 1) {
      live = meshes[0];
    }
    const readableNamespaces = live
      ? await readable.readableNamespaces(caller.credentials, live.cluster)
      : undefined;
    const rootNamespace =
      live?.rootNamespace ?? this.options.rootNamespace ?? 'istio-system';

    const input: ManifestAnalysisInput = {
      files: request.files,
      maxObjects: limits.maxObjects,
      rootNamespace,
      ...(this.options.rootNamespace
        ? {
            meshSettings: {
              rootNamespace: {
                value: this.options.rootNamespace,
                setting: 'istioMesh.rootNamespace',
              },
            },
          }
        : {}),
      ...(live && readableNamespaces
        ? {
            live: {
              objects: visibleLiveObjects(
                live.objects,
                readableNamespaces,
                rootNamespace,
              ),
              readableNamespaces: [...readableNamespaces],
            },
          }
        : {}),
    };
    const output = await this.withinDeadline(input, deadline, overdue);
    if (output.outcome === 'too-many-objects') {
      throw new PayloadTooLargeError(
        `${output.objects} objects sent; at most ${limits.maxObjects} are analyzed per request (istioMesh.analyze.maxObjects)`,
      );
    }
    return {
      ...(live ? { cluster: live.cluster } : {}),
      messages: output.messages,
      problems: output.problems,
      authorizationImpact: output.authorizationImpact,
      notChecked: output.notChecked,
      sources,
    };
  }

  /**
   * Runs the analysis in a free slot, answering at the deadline whether it
   * waited for the slot or ran; one that is still waiting then never starts.
   */
  private async withinDeadline(
    input: ManifestAnalysisInput,
    deadline: number,
    overdue: () => Error,
  ): Promise<ManifestAnalysisOutput> {
    let abandoned = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = this.limit(async () => {
      const remaining = deadline - this.now();
      if (abandoned || remaining <= 0) return undefined;
      return this.run(input, remaining);
    });
    try {
      const output = await Promise.race([
        started,
        new Promise<undefined>(resolve => {
          timer = setTimeout(
            () => resolve(undefined),
            Math.max(0, deadline - this.now()),
          );
        }),
      ]);
      if (!output) throw overdue();
      return output;
    } catch (error) {
      if (error instanceof WorkerDeadlineError) throw overdue();
      throw error;
    } finally {
      abandoned = true;
      clearTimeout(timer);
      // Settled by the deadline: the worker is stopped by its own timer.
      started.catch(() => {});
    }
  }
}
