import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MESH_ENTITY_KINDS } from '@istio-mesh/plugin-istio-mesh-common';
import { MeshStateStore } from '../database/MeshStateStore';
import { MeshStateService } from './MeshStateService';

/** What one refresh did. */
export interface RefreshResult {
  entities: number;
  removed: number;
  prunedHistoryRows: number;
  /** Set when nothing was stored, and why. */
  skipped?: string;
}

// The entities that run workloads; the Kubernetes plugin shows the same,
// and the frontend's isIstioMeshAvailable reads the same list.
export const ENTITY_KINDS = [...MESH_ENTITY_KINDS];

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

  /**
   * Runs one refresh. `signal` is the scheduler's: when it aborts, every
   * source request stops and nothing is stored (the abort reason is
   * thrown). A catalog that returns no entity while states are stored is
   * taken for a catalog failure: nothing is stored or removed.
   */
  async run(options: { signal?: AbortSignal } = {}): Promise<RefreshResult> {
    const { catalog, auth, meshState, store, logger } = this.deps;
    const { signal } = options;
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
    if (items.length === 0) {
      const stored = await store.countStates();
      if (stored > 0) {
        const skipped = `the catalog returned no ${ENTITY_KINDS.join(
          ' or ',
        )} entities while ${stored} are stored`;
        logger.warn(
          `Mesh state refresh stored nothing: ${skipped}; the stored states are kept`,
        );
        return { entities: 0, removed: 0, prunedHistoryRows: 0, skipped };
      }
    }
    const states = await meshState.refreshEntityMeshStates(items, { signal });
    signal?.throwIfAborted();
    await store.saveStates(states, now);
    const removed = await store.removeStatesExcept(
      items.map(e => stringifyEntityRef(e)),
      now,
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
