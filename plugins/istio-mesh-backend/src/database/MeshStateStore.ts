import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@istio-mesh/plugin-istio-mesh-backend',
  'migrations',
);

const STATES = 'istio_mesh_entity_state';
const HISTORY = 'istio_mesh_compliance_history';

/** The latest compliance of one entity, with where its workloads run. */
export interface ComplianceRecord {
  entityRef: string;
  level: string;
  criteria: Record<string, string>;
  namespaces: string[];
  clusters: string[];
  updatedAt: Date;
}

// Bound parameters per query stay far below every database's limit.
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    result.push(items.slice(i, i + CHUNK));
  }
  return result;
}

function criteriaOf(state: EntityMeshState): Record<string, string> {
  return Object.fromEntries(state.criteria.map(c => [c.id, c.status]));
}

/** Where an entity's workloads run, or where its mapping looks. */
function placesOf(state: EntityMeshState) {
  const namespaces = new Set(state.workloads.map(w => w.namespace));
  const clusters = new Set(
    state.workloads.flatMap(w => (w.cluster ? [w.cluster] : [])),
  );
  if (state.mapping.namespace) namespaces.add(state.mapping.namespace);
  if (state.mapping.cluster) clusters.add(state.mapping.cluster);
  return { namespaces: [...namespaces].sort(), clusters: [...clusters].sort() };
}

/** One day of one entity's compliance. */
export interface ComplianceHistoryRow {
  entityRef: string;
  day: string;
  level: string;
  criteria: Record<string, string>;
}

/**
 * The plugin's tables: the latest mesh state per entity, and a daily
 * compliance history. Works on SQLite and PostgreSQL.
 */
export class MeshStateStore {
  static async create(database: DatabaseService): Promise<MeshStateStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      // Own bookkeeping table: the database may be shared with other plugins.
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'istio_mesh_knex_migrations',
      });
    }
    return new MeshStateStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * Replaces the stored states of these entities and records today's
   * compliance for each, in one transaction: readers see the old refresh or
   * the new one, never half of each.
   */
  async saveStates(states: EntityMeshState[], now: Date): Promise<void> {
    const day = now.toISOString().slice(0, 10);
    await this.knex.transaction(async tx => {
      for (const state of states) {
        const level = state.level.level;
        const criteria = JSON.stringify(criteriaOf(state));
        const { namespaces, clusters } = placesOf(state);
        await tx(STATES)
          .insert({
            entity_ref: state.entityRef,
            level,
            state: JSON.stringify(state),
            criteria,
            namespaces: JSON.stringify(namespaces),
            clusters: JSON.stringify(clusters),
            updated_at: now,
          })
          .onConflict('entity_ref')
          .merge();
        await tx(HISTORY)
          .insert({
            entity_ref: state.entityRef,
            day,
            level,
            criteria,
            updated_at: now,
          })
          .onConflict(['entity_ref', 'day'])
          .merge();
      }
    });
  }

  async getState(entityRef: string): Promise<EntityMeshState | undefined> {
    const row = await this.knex(STATES)
      .where({ entity_ref: entityRef })
      .first('state');
    return row ? (JSON.parse(row.state) as EntityMeshState) : undefined;
  }

  /** Forgets entities that left the catalog. */
  async removeStatesExcept(entityRefs: string[]): Promise<number> {
    return this.knex(STATES).whereNotIn('entity_ref', entityRefs).delete();
  }

  async getHistory(entityRef: string): Promise<ComplianceHistoryRow[]> {
    const rows = await this.knex(HISTORY)
      .where({ entity_ref: entityRef })
      .orderBy('day', 'asc')
      .select('entity_ref', 'day', 'level', 'criteria');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      day: row.day,
      level: row.level,
      criteria: JSON.parse(row.criteria),
    }));
  }

  /**
   * The latest compliance of these entities; entities never refreshed are
   * left out.
   */
  async getCompliance(entityRefs: string[]): Promise<ComplianceRecord[]> {
    const records: ComplianceRecord[] = [];
    for (const refs of chunks(entityRefs)) {
      const rows = await this.knex(STATES)
        .whereIn('entity_ref', refs)
        .select(
          'entity_ref',
          'level',
          'criteria',
          'namespaces',
          'clusters',
          'updated_at',
        );
      for (const row of rows) {
        records.push({
          entityRef: row.entity_ref,
          level: row.level,
          criteria: JSON.parse(row.criteria ?? '{}'),
          namespaces: JSON.parse(row.namespaces ?? '[]'),
          clusters: JSON.parse(row.clusters ?? '[]'),
          updatedAt: new Date(row.updated_at),
        });
      }
    }
    return records;
  }

  /** History rows of these entities from `sinceDay` (YYYY-MM-DD) on. */
  async getHistoryOf(
    entityRefs: string[],
    sinceDay: string,
  ): Promise<ComplianceHistoryRow[]> {
    const result: ComplianceHistoryRow[] = [];
    for (const refs of chunks(entityRefs)) {
      const rows = await this.knex(HISTORY)
        .whereIn('entity_ref', refs)
        .andWhere('day', '>=', sinceDay)
        .select('entity_ref', 'day', 'level', 'criteria');
      for (const row of rows) {
        result.push({
          entityRef: row.entity_ref,
          day: row.day,
          level: row.level,
          criteria: JSON.parse(row.criteria),
        });
      }
    }
    return result.sort(
      (a, b) =>
        a.day.localeCompare(b.day) || a.entityRef.localeCompare(b.entityRef),
    );
  }

  /** Deletes history older than `retentionDays` before `now`. */
  async pruneHistory(retentionDays: number, now: Date): Promise<number> {
    const oldest = new Date(now.getTime() - retentionDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    return this.knex(HISTORY).where('day', '<', oldest).delete();
  }
}
