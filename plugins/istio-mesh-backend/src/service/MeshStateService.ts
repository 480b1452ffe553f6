import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  buildEntityMeshState,
  ClusterEvaluation,
  EntityMeshState,
  SourceState,
} from '@istio-mesh/plugin-istio-mesh-common';
import { IstioMeshConfig } from '../config';
import { readClusterSnapshot } from '../sources/clusterSnapshotSource';
import { readKubernetesCluster } from '../sources/kubernetes/kubernetesClusterSource';

// Sources in these states served no data, so they have no age.
const WITHOUT_DATA = new Set([
  'error',
  'timeout',
  'unauthorized',
  'not-configured',
]);

interface LoadedSources {
  loadedAt: number;
  clusters: ClusterEvaluation[];
  sources: Omit<SourceState, 'ageSeconds'>[];
}

/**
 * Computes entity mesh state from the configured sources. Sources are read
 * together, at most once per `cacheSeconds`, and concurrent requests share
 * one read.
 */
export class MeshStateService {
  private loading?: Promise<LoadedSources>;
  private loaded?: LoadedSources;

  constructor(
    private readonly config: IstioMeshConfig,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

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

  private stateOf(entity: Entity, loaded: LoadedSources): EntityMeshState {
    const ageSeconds = Math.max(
      0,
      Math.round((this.now() - loaded.loadedAt) / 1000),
    );
    const sources: SourceState[] =
      loaded.sources.length > 0
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
    return buildEntityMeshState({
      entityRef: stringifyEntityRef(entity),
      annotations: entity.metadata.annotations,
      clusters: loaded.clusters,
      sources,
      generatedAt: new Date(loaded.loadedAt).toISOString(),
    });
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
    const results = await Promise.all([
      ...this.config.kubernetesClusters.map(cluster =>
        readKubernetesCluster(cluster, {
          ...kubernetes,
          rootNamespace,
          logger: this.logger,
        }),
      ),
      ...this.config.clusterSnapshots.map(snapshot =>
        readClusterSnapshot(snapshot, rootNamespace),
      ),
    ]);
    for (const { source } of results) {
      if (source.status !== 'ok') {
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
      clusters: results.map(r => r.evaluation),
      sources: [...results.map(r => r.source), ...unsupported],
    };
    return this.loaded;
  }
}
