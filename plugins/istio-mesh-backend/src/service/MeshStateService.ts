import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  buildEntityMeshState,
  ClusterEvaluation,
  DesiredObject,
  EntityMeshState,
  SourceState,
} from '@istio-mesh/plugin-istio-mesh-common';
import { IstioMeshConfig } from '../config';
import {
  ClusterSnapshotResult,
  readClusterSnapshot,
} from '../sources/clusterSnapshotSource';
import { readKubernetesCluster } from '../sources/kubernetes/kubernetesClusterSource';
import { GitopsSourceResult, readGitopsSource } from '../sources/gitops';
import { LiveMeshes, LiveMeshProvider } from './analyzeManifests';
import { argoSources } from './argoSources';
import { formatSeconds } from './formatSeconds';
import { readWithinDeadline } from './sourceDeadline';

// Sources in these states served no data, so they have no age.
const WITHOUT_DATA = new Set([
  'error',
  'timeout',
  'unauthorized',
  'not-configured',
]);

/** Resolves with the promise's value, or undefined after `ms`. */
async function waitAtMost<T>(
  promise: Promise<T>,
  ms: number,
): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>(resolve => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } catch {
    // A failed read is no live data, like a late one.
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** A source's state, with when the data it serves was read. */
type ReadSource = Omit<SourceState, 'ageSeconds'> & { readAt?: number };

interface LoadedSources {
  loadedAt: number;
  clusters: ClusterEvaluation[];
  /** Each readable cluster's objects, for analysis with the live mesh. */
  meshes: LiveMeshes['meshes'];
  /** The objects of every GitOps source. */
  desired: DesiredObject[];
  sources: ReadSource[];
}

/** What one read of a source gave. */
type SourceResult = ClusterSnapshotResult | GitopsSourceResult;

// A source in these states served nothing from this read.
const UNAVAILABLE = new Set(['error', 'timeout', 'unauthorized']);

/**
 * Computes entity mesh state from the configured sources. Sources are read
 * together, at most once per `cacheSeconds`, and concurrent requests share
 * one read.
 */
export class MeshStateService implements LiveMeshProvider {
  private loading?: Promise<LoadedSources>;
  private loaded?: LoadedSources;
  /** Each source's last read that served data, by source id. */
  private readonly lastGood = new Map<
    string,
    { result: SourceResult; readAt: number }
  >();

  private readonly clusterUrls: Record<string, string>;

  constructor(
    private readonly config: IstioMeshConfig,
    private readonly logger: LoggerService,
    private readonly urlReader: UrlReaderService,
    private readonly now: () => number = Date.now,
  ) {
    this.clusterUrls = Object.fromEntries(
      config.kubernetesClusters.map(cluster => [cluster.name, cluster.url]),
    );
  }

  async getEntityMeshState(entity: Entity): Promise<EntityMeshState> {
    return this.stateOf(entity, await this.load());
  }

  /**
   * Reads every source afresh, whatever the cache holds, and computes the
   * states of all these entities from that one read. `signal` (the
   * scheduler's) stops every request of the read; the states are then not
   * computed and the abort reason is thrown.
   */
  async refreshEntityMeshStates(
    entities: Entity[],
    options: { signal?: AbortSignal } = {},
  ): Promise<EntityMeshState[]> {
    const loaded = await this.load({ fresh: true, signal: options.signal });
    options.signal?.throwIfAborted();
    return entities.map(entity => this.stateOf(entity, loaded));
  }

  /**
   * The live objects of every readable cluster: those already loaded while
   * fresher than `cacheSeconds`, else from a read of the sources that all
   * concurrent callers share. A caller waits for it at most `waitMs`; the
   * read goes on and serves later callers, and no caller starts another
   * while it runs. When the wait ends first, there are no meshes and every
   * cluster's source says `timeout`.
   */
  async liveMeshes(options: { waitMs?: number } = {}): Promise<LiveMeshes> {
    const reading = this.load();
    const loaded =
      options.waitMs === undefined
        ? await reading
        : await waitAtMost(reading, options.waitMs);
    if (!loaded) {
      return {
        meshes: [],
        sources: this.clusterSourcesWithout(
          `no live data within ${formatSeconds(
            options.waitMs!,
          )}; analyzed without the live mesh`,
        ),
        clusters: this.clusterNames(),
      };
    }
    return {
      meshes: loaded.meshes,
      sources: this.sourcesOf(loaded),
      clusters: this.clusterNames(),
    };
  }

  private clusterNames(): string[] {
    return [
      ...this.config.kubernetesClusters.map(c => c.name),
      ...this.config.clusterSnapshots.map(s => s.cluster),
    ];
  }

  /** Every configured cluster's source, `timeout` for this reason. */
  private clusterSourcesWithout(message: string): SourceState[] {
    return [
      ...this.config.kubernetesClusters.map(c => ({
        id: `kubernetes:${c.name}`,
        type: 'kubernetes' as const,
        status: 'timeout' as const,
        message,
      })),
      ...this.config.clusterSnapshots.map(s => ({
        id: `snapshot:${s.cluster}`,
        type: 'cluster-snapshot' as const,
        status: 'timeout' as const,
        message,
      })),
    ];
  }

  private stateOf(entity: Entity, loaded: LoadedSources): EntityMeshState {
    return buildEntityMeshState({
      entityRef: stringifyEntityRef(entity),
      annotations: entity.metadata.annotations,
      clusters: loaded.clusters,
      sources: this.sourcesOf(loaded),
      generatedAt: new Date(loaded.loadedAt).toISOString(),
      desired: loaded.desired,
      clusterUrls: this.clusterUrls,
      mapping: this.config.mapping,
    });
  }

  private sourcesOf(loaded: LoadedSources): SourceState[] {
    const ageOf = (readAt: number) =>
      Math.max(0, Math.round((this.now() - readAt) / 1000));
    return loaded.sources.length > 0
      ? loaded.sources.map(({ readAt, ...source }) =>
          WITHOUT_DATA.has(source.status)
            ? source
            : { ...source, ageSeconds: ageOf(readAt ?? loaded.loadedAt) },
        )
      : [
          {
            id: 'clusters',
            type: 'cluster-snapshot',
            status: 'not-configured',
            message:
              'No cluster source is configured (kubernetes.clusterLocatorMethods or istioMesh.clusterSnapshots).',
          },
        ];
  }

  private async load(
    options: { fresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<LoadedSources> {
    const fresh =
      !options.fresh &&
      this.loaded &&
      this.now() - this.loaded.loadedAt < this.config.cacheSeconds * 1000;
    if (fresh) return this.loaded!;
    if (!this.loading) {
      this.loading = this.readAll(options.signal).finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  /**
   * This read's result, or, when the source served nothing this time, its
   * last good read marked `stale`: a cluster that is down for a while
   * leaves its entities as they were, not empty and unknown.
   */
  private orLastGood<R extends SourceResult>(result: R, readAt: number): R {
    const { id } = result.source;
    if (!UNAVAILABLE.has(result.source.status)) {
      this.lastGood.set(id, { result, readAt });
      return { ...result, source: { ...result.source, readAt } };
    }
    const last = this.lastGood.get(id);
    if (!last) return result;
    return {
      ...(last.result as R),
      source: {
        ...last.result.source,
        status: 'stale',
        message: `${
          result.source.message ?? result.source.status
        }; showing the last good read`,
        readAt: last.readAt,
      },
    };
  }

  private async readAll(signal?: AbortSignal): Promise<LoadedSources> {
    const { rootNamespace, kubernetes, sources: limits } = this.config;
    const logger = this.logger;
    const within = <T>(
      read: (sourceSignal: AbortSignal) => Promise<T>,
      stopped: (message: string) => T,
    ) =>
      readWithinDeadline({
        timeoutMs: limits.timeoutMs,
        signal,
        read,
        stopped,
      });

    const gitopsRead = Promise.all(
      this.config.gitops.map(async source => ({
        source,
        result: await within<GitopsSourceResult>(
          sourceSignal =>
            readGitopsSource(source, {
              urlReader: this.urlReader,
              logger,
              limits,
              signal: sourceSignal,
            }),
          message => ({
            source: {
              id: `gitops:${source.name}`,
              type: 'gitops',
              status: 'timeout',
              message: `GitOps source ${source.name}: ${message}`,
            },
            objects: [],
          }),
        ),
      })),
    );
    const clusterReads = await Promise.all([
      ...this.config.kubernetesClusters.map(cluster =>
        within(
          sourceSignal =>
            readKubernetesCluster(cluster, {
              ...kubernetes,
              rootNamespace,
              logger,
              signal: sourceSignal,
            }),
          message =>
            stoppedCluster(
              `kubernetes:${cluster.name}`,
              'kubernetes',
              cluster.name,
              `cluster ${cluster.name}: ${message}`,
            ),
        ),
      ),
      ...this.config.clusterSnapshots.map(snapshot =>
        within(
          sourceSignal =>
            readClusterSnapshot(snapshot, rootNamespace, {
              limits,
              signal: sourceSignal,
            }),
          message =>
            stoppedCluster(
              `snapshot:${snapshot.cluster}`,
              'cluster-snapshot',
              snapshot.cluster,
              `snapshot file ${snapshot.path}: ${message}`,
            ),
        ),
      ),
    ]);
    const gitopsReads = await gitopsRead;
    // Data is as old as the end of its read: a slow read is not stale data.
    const readAt = this.now();
    const results = clusterReads.map(r => this.orLastGood(r, readAt));
    const gitops = gitopsReads.map(({ source, result }) => ({
      source,
      result: this.orLastGood(result, readAt),
    }));

    const desired: DesiredObject[] = gitops.flatMap(({ source, result }) =>
      result.objects.map(manifest => ({
        object: manifest.object,
        file: manifest.file,
        source: result.source.id,
        ...(source.cluster ? { cluster: source.cluster } : {}),
      })),
    );
    const evaluations = results.map(r => r.evaluation);
    const sources: ReadSource[] = [
      ...results.map(r => r.source),
      ...argoSources(evaluations),
      ...gitops.map(g => g.result.source),
    ];
    for (const source of sources) {
      if (source.status !== 'ok' && source.status !== 'not-configured') {
        logger.warn(
          `istio-mesh source ${source.id} is ${source.status}: ${source.message}`,
        );
      }
    }
    const unsupported = this.config.unsupportedClusters.map(
      ({ name, reason }) => ({
        id: `kubernetes:${name}`,
        type: 'kubernetes' as const,
        status: 'not-configured' as const,
        message: reason,
      }),
    );
    const loaded: LoadedSources = {
      loadedAt: readAt,
      clusters: evaluations,
      desired,
      meshes: results.flatMap(r =>
        r.evaluation.unavailable
          ? []
          : [
              {
                cluster: r.evaluation.cluster,
                objects: r.objects,
                rootNamespace: r.evaluation.controlPlane?.rootNamespace,
              },
            ],
      ),
      sources: [...sources, ...unsupported],
    };
    // A stopped refresh's read is not cached: the next caller reads again.
    if (!signal?.aborted) this.loaded = loaded;
    return loaded;
  }
}

/** A cluster whose read was stopped: unavailable, saying why. */
function stoppedCluster(
  id: string,
  type: 'kubernetes' | 'cluster-snapshot',
  cluster: string,
  message: string,
): ClusterSnapshotResult {
  return {
    evaluation: { cluster, unavailable: message, workloads: [] },
    objects: [],
    source: { id, type, status: 'timeout', message },
  };
}
