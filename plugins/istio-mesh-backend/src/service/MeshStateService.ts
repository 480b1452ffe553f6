import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  buildEntityMeshState,
  ClusterEvaluation,
  DesiredObject,
  EntityMeshState,
  GrafanaDashboards,
  MeshLinkBases,
  RuntimeObservations,
  SourceState,
  TraceDependencies,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  ClusterSourceData,
  DesiredStateSourceData,
  MeshSource,
  MeshSourceRead,
  RuntimeSourceData,
  TracesSourceData,
  DashboardsSourceData,
} from '@istio-mesh/plugin-istio-mesh-node';
import { IstioMeshConfig } from '../config';
import { configuredMeshSources } from '../sources/configuredSources';
import { LiveMeshes, LiveMeshProvider } from './analyzeManifests';
import { argoSources } from './argoSources';
import { formatSeconds } from './formatSeconds';
import { readWithinDeadline } from './sourceDeadline';
import { createConcurrencyLimit } from '../sources/kubernetes/concurrencyLimit';
import { meshLinkBases } from './links/meshLinkBases';

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
  /** What every runtime source observed. */
  runtime: RuntimeObservations[];
  /** What every trace source answered. */
  traces: TraceDependencies[];
  /** What the dashboards source (Grafana) listed, when it served. */
  dashboards?: GrafanaDashboards;
  sources: ReadSource[];
}

// A source in these states served nothing from this read.
const UNAVAILABLE = new Set(['error', 'timeout', 'unauthorized']);

/**
 * Computes entity mesh state from the registered sources (the configured
 * ones and those backend modules add). Sources are read together, each
 * within `istioMesh.sources.timeout`, at most once per `cacheSeconds`, and
 * concurrent requests share one read.
 */
export class MeshStateService implements LiveMeshProvider {
  private loading?: Promise<LoadedSources>;
  private loaded?: LoadedSources;
  /** Each source's last read that served data, by source id. */
  private readonly lastGood = new Map<
    string,
    { result: MeshSourceRead<unknown>; readAt: number }
  >();

  private readonly clusterUrls: Record<string, string>;
  private readonly linkBases: MeshLinkBases;

  /**
   * `sources` are every source to read; by default the configured ones.
   */
  constructor(
    private readonly config: IstioMeshConfig,
    private readonly logger: LoggerService,
    urlReader: UrlReaderService,
    private readonly now: () => number = Date.now,
    private readonly sources: MeshSource[] = configuredMeshSources(config, {
      logger,
      urlReader,
    }),
  ) {
    this.clusterUrls = Object.fromEntries(
      config.kubernetesClusters.map(cluster => [cluster.name, cluster.url]),
    );
    this.linkBases = meshLinkBases(config);
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
    return this.sources.flatMap(s =>
      s.provides === 'cluster' ? [s.cluster] : [],
    );
  }

  /** Every cluster's source, `timeout` for this reason. */
  private clusterSourcesWithout(message: string): SourceState[] {
    return this.sources.flatMap(s =>
      s.provides === 'cluster'
        ? [{ id: s.id, type: s.type, status: 'timeout' as const, message }]
        : [],
    );
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
      runtime: loaded.runtime,
      traces: loaded.traces,
      links: this.linkBases,
      dashboards: loaded.dashboards,
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
  private orLastGood<D>(
    result: MeshSourceRead<D>,
    readAt: number,
  ): MeshSourceRead<D> & { state: ReadSource } {
    const { id } = result.state;
    if (!UNAVAILABLE.has(result.state.status)) {
      this.lastGood.set(id, { result, readAt });
      return { ...result, state: { ...result.state, readAt } };
    }
    const last = this.lastGood.get(id);
    if (!last) return result;
    return {
      data: last.result.data as D,
      state: {
        ...last.result.state,
        status: 'stale',
        message: `${
          result.state.message ?? result.state.status
        }; showing the last good read`,
        readAt: last.readAt,
      },
    };
  }

  /** Reads one source within the deadline, its last good read if it fails. */
  private async readSource(
    source: MeshSource,
    signal: AbortSignal | undefined,
  ): Promise<MeshSourceRead<unknown>> {
    return readWithinDeadline<MeshSourceRead<unknown>>({
      timeoutMs: this.config.sources.timeoutMs,
      signal,
      read: sourceSignal =>
        source.read({ signal: sourceSignal, now: new Date(this.now()) }),
      stopped: message => stoppedRead(source, `${source.label}: ${message}`),
    });
  }

  private async readAll(signal?: AbortSignal): Promise<LoadedSources> {
    // At most `sources.concurrency` reads at once, each deadline running
    // from its own start: twenty clusters read together on one event loop
    // each took longer than the deadline (profile L, docs/benchmarks.md).
    const slot = createConcurrencyLimit(this.config.sources.concurrency);
    const reads = await Promise.all(
      this.sources.map(source => slot(() => this.readSource(source, signal))),
    );
    // Data is as old as the end of its read: a slow read is not stale data.
    const readAt = this.now();
    const kept = reads.map((result, i) => ({
      provides: this.sources[i].provides,
      result: this.orLastGood(result, readAt),
    }));
    const readsOf = <R>(provides: MeshSource['provides']) =>
      kept.flatMap(r => (r.provides === provides ? [r.result as R] : []));
    const clusters = readsOf<ClusterRead>('cluster');
    const desiredReads = readsOf<DesiredRead>('desired');
    const runtimeReads = readsOf<RuntimeRead>('runtime');
    const traceReads = readsOf<TracesRead>('traces');
    const dashboardReads = readsOf<DashboardsRead>('dashboards');

    const evaluations = clusters.map(r => r.data.evaluation);
    const sources: ReadSource[] = [
      ...clusters.map(r => r.state),
      ...argoSources(evaluations),
      ...desiredReads.map(r => r.state),
      ...runtimeReads.map(r => r.state),
      ...traceReads.map(r => r.state),
      ...dashboardReads.map(r => r.state),
    ];
    for (const source of sources) {
      if (source.status !== 'ok' && source.status !== 'not-configured') {
        this.logger.warn(
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
      desired: desiredReads.flatMap(r => r.data.objects),
      runtime: runtimeReads.flatMap(r =>
        r.data.observations ? [r.data.observations] : [],
      ),
      traces: traceReads.flatMap(r => (r.data.traces ? [r.data.traces] : [])),
      dashboards: dashboardReads.find(r => r.data.dashboards)?.data.dashboards,
      meshes: clusters.flatMap(({ data: { evaluation, objects } }) =>
        evaluation.unavailable
          ? []
          : [
              {
                cluster: evaluation.cluster,
                objects,
                rootNamespace: evaluation.controlPlane?.rootNamespace,
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

type ClusterRead = MeshSourceRead<ClusterSourceData> & { state: ReadSource };
type DesiredRead = MeshSourceRead<DesiredStateSourceData> & {
  state: ReadSource;
};
type RuntimeRead = MeshSourceRead<RuntimeSourceData> & { state: ReadSource };
type TracesRead = MeshSourceRead<TracesSourceData> & { state: ReadSource };
type DashboardsRead = MeshSourceRead<DashboardsSourceData> & {
  state: ReadSource;
};

/**
 * The read of a source that was stopped: `timeout`, saying why, with no
 * data; a cluster is unavailable for that reason.
 */
function stoppedRead(
  source: MeshSource,
  message: string,
): MeshSourceRead<unknown> {
  const state = {
    id: source.id,
    type: source.type,
    status: 'timeout' as const,
    message,
  };
  switch (source.provides) {
    case 'cluster':
      return {
        state,
        data: {
          evaluation: {
            cluster: source.cluster,
            unavailable: message,
            workloads: [],
          },
          objects: [],
        },
      };
    case 'desired':
      return { state, data: { objects: [] } };
    default:
      return { state, data: {} };
  }
}
