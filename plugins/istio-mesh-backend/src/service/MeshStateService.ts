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
import { readClusterSnapshot } from '../sources/clusterSnapshotSource';
import { readKubernetesCluster } from '../sources/kubernetes/kubernetesClusterSource';
import { readGitopsSource } from '../sources/gitops';
import { LiveMeshes, LiveMeshProvider } from './analyzeManifests';
import { argoSources } from './argoSources';

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

/** `1500` -> `1.5 s`. */
export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

interface LoadedSources {
  loadedAt: number;
  clusters: ClusterEvaluation[];
  /** Each readable cluster's objects, for analysis with the live mesh. */
  meshes: LiveMeshes['meshes'];
  /** The objects of every GitOps source. */
  desired: DesiredObject[];
  sources: Omit<SourceState, 'ageSeconds'>[];
}

/**
 * Computes entity mesh state from the configured sources. Sources are read
 * together, at most once per `cacheSeconds`, and concurrent requests share
 * one read.
 */
export class MeshStateService implements LiveMeshProvider {
  private loading?: Promise<LoadedSources>;
  private loaded?: LoadedSources;

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
   * states of all these entities from that one read.
   */
  async refreshEntityMeshStates(
    entities: Entity[],
  ): Promise<EntityMeshState[]> {
    const loaded = await this.load({ fresh: true });
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
    const ageSeconds = Math.max(
      0,
      Math.round((this.now() - loaded.loadedAt) / 1000),
    );
    return loaded.sources.length > 0
      ? loaded.sources.map(s =>
          WITHOUT_DATA.has(s.status) ? s : { ...s, ageSeconds },
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
    options: { fresh?: boolean } = {},
  ): Promise<LoadedSources> {
    const fresh =
      !options.fresh &&
      this.loaded &&
      this.now() - this.loaded.loadedAt < this.config.cacheSeconds * 1000;
    if (fresh) return this.loaded!;
    if (!this.loading) {
      this.loading = this.readAll().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async readAll(): Promise<LoadedSources> {
    const { rootNamespace, kubernetes } = this.config;
    const gitopsRead = Promise.all(
      this.config.gitops.map(async source => ({
        source,
        result: await readGitopsSource(source, {
          urlReader: this.urlReader,
          logger: this.logger,
          limits: this.config.sources,
        }),
      })),
    );
    const results = await Promise.all([
      ...this.config.kubernetesClusters.map(cluster =>
        readKubernetesCluster(cluster, {
          ...kubernetes,
          rootNamespace,
          logger: this.logger,
        }),
      ),
      ...this.config.clusterSnapshots.map(snapshot =>
        readClusterSnapshot(snapshot, rootNamespace, {
          limits: this.config.sources,
        }),
      ),
    ]);
    const gitops = await gitopsRead;
    const desired: DesiredObject[] = gitops.flatMap(({ source, result }) =>
      result.objects.map(manifest => ({
        object: manifest.object,
        file: manifest.file,
        source: result.source.id,
        ...(source.cluster ? { cluster: source.cluster } : {}),
      })),
    );
    const evaluations = results.map(r => r.evaluation);
    const sources = [
      ...results.map(r => r.source),
      ...argoSources(evaluations),
      ...gitops.map(g => g.result.source),
    ];
    for (const source of sources) {
      if (source.status !== 'ok' && source.status !== 'not-configured') {
        this.logger.warn(
          `istio-mesh source ${source.id} is ${source.status}: ${source.message}`,
        );
      }
    }
    // Data is as old as the end of its read: a slow read is not stale data.
    const unsupported = this.config.unsupportedClusters.map(
      ({ name, reason }) => ({
        id: `kubernetes:${name}`,
        type: 'kubernetes' as const,
        status: 'not-configured' as const,
        message: reason,
      }),
    );
    this.loaded = {
      loadedAt: this.now(),
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
    return this.loaded;
  }
}
