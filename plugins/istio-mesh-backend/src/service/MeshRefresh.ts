import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MeshStateStore } from '../database/MeshStateStore';
import { MeshStateService } from './MeshStateService';

/** What one refresh did. */
export interface RefreshResult {
  entities: number;
  removed: number;
  prunedHistoryRows: number;
}

// The entities that run workloads; the Kubernetes plugin shows the same.
export const ENTITY_KINDS = ['Component', 'Resource'];

/**
 * One refresh: reads every source once, computes the state of every catalog
 * entity that may run workloads, stores them with today's compliance, and
 * prunes what is gone or too old. Scheduled as a global task, so one replica
 * runs it per interval.
 */
export class MeshRefresh {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      meshState: MeshStateService;
      store: MeshStateStore;
      logger: LoggerService;
      historyRetentionDays: number;
      now?: () => Date;
    },
  ) {}

  async run(): Promise<RefreshResult> {
    const { catalog, auth, meshState, store, logger } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: { kind: ENTITY_KINDS },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const states = await meshState.refreshEntityMeshStates(items);
    await store.saveStates(states, now);
    const removed = await store.removeStatesExcept(
      items.map(e => stringifyEntityRef(e)),
    );
    const prunedHistoryRows = await store.pruneHistory(
      this.deps.historyRetentionDays,
      now,
    );
    logger.info(
      `Refreshed the mesh state of ${states.length} entities (${removed} removed, ${prunedHistoryRows} history rows pruned)`,
    );
    return { entities: states.length, removed, prunedHistoryRows };
  }
}
