import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import { Knex } from 'knex';
import { DAY_MS, dayOf, daysBetween } from './days';
import {
  CountedHistoryRow,
  HistoryColumns,
  HistoryDayRow,
} from './HistoryColumns';
import { stateContentHash } from './stateContentHash';

export type { CountedHistoryRow } from './HistoryColumns';

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

const LEVEL_RANK: Record<string, number> = {
  none: 0,
  bronze: 1,
  silver: 2,
  gold: 3,
};

// Sources in these states served nothing, and no last good read either.
const UNREAD = new Set(['error', 'timeout', 'unauthorized']);

/** Whether a source of the state could not be read at all. */
function missesASource(state: EntityMeshState): boolean {
  return state.sources.some(source => UNREAD.has(source.status));
}

const passing = (criteria: Record<string, string>) =>
  Object.values(criteria).filter(status => status === 'pass').length;

/** A lower level, or the same level with fewer criteria passing. */
function isWorse(
  level: string,
  criteria: Record<string, string>,
  than: { level: string; criteria: Record<string, string> },
): boolean {
  const rank = LEVEL_RANK[level] ?? 0;
  const thanRank = LEVEL_RANK[than.level] ?? 0;
  if (rank !== thanRank) return rank < thanRank;
  return passing(criteria) < passing(than.criteria);
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

  private readonly history: HistoryColumns;
  /** The states table's version when the history columns last followed it. */
  private historySeen?: { version: string; latestAt?: number };

  private constructor(private readonly knex: Knex) {
    this.history = new HistoryColumns(day =>
      this.knex(HISTORY)
        .where({ day })
        .select<HistoryDayRow[]>('entity_ref', 'level', 'criteria'),
    );
  }

  /**
   * Replaces the stored states of these entities and records today's
   * compliance for each, in one transaction: readers see the old refresh or
   * the new one, never half of each. `now` is when the refresh started:
   * a row written by a refresh that started later is never overwritten, so
   * a late refresh cannot replace a newer one. Today's history row is not
   * replaced by a worse result of a refresh that could not read a source:
   * the entity did not get worse, the read did.
   *
   * A state whose content is what the store holds (`stateContentHash`),
   * already recorded today, is not written again: only its refresh time
   * and generation time move on, a few rows per statement. Most entities
   * of a large mesh do not change between two refreshes.
   */
  async saveStates(states: EntityMeshState[], now: Date): Promise<void> {
    const day = dayOf(now);
    await this.knex.transaction(async tx => {
      const stored = await this.storedVersions(
        tx,
        states.map(state => state.entityRef),
      );
      const today = await this.historyOfDay(
        tx,
        states.filter(missesASource).map(state => state.entityRef),
        day,
      );
      // Unchanged states, grouped by the generation time to record.
      const unchanged = new Map<string, string[]>();
      for (const state of states) {
        const contentHash = stateContentHash(state);
        const before = stored.get(state.entityRef);
        if (before?.contentHash === contentHash && before.day === day) {
          const refs = unchanged.get(state.generatedAt);
          if (refs) refs.push(state.entityRef);
          else unchanged.set(state.generatedAt, [state.entityRef]);
          continue;
        }
        await this.writeState(tx, state, contentHash, day, now, today);
      }
      for (const [generatedAt, entityRefs] of unchanged) {
        for (const refs of chunks(entityRefs)) {
          await tx(STATES)
            .whereIn('entity_ref', refs)
            .andWhere('updated_at', '<=', now)
            .update({ updated_at: now, generated_at: generatedAt });
        }
      }
    });
    this.compliance = undefined;
    this.history.changed(day);
  }

  private async writeState(
    tx: Knex.Transaction,
    state: EntityMeshState,
    contentHash: string,
    day: string,
    now: Date,
    today: Map<string, { level: string; criteria: Record<string, string> }>,
  ) {
    const level = state.level.level;
    const criteria = criteriaOf(state);
    const { namespaces, clusters } = placesOf(state);
    await tx(STATES)
      .insert({
        entity_ref: state.entityRef,
        level,
        state: JSON.stringify(state),
        criteria: JSON.stringify(criteria),
        namespaces: JSON.stringify(namespaces),
        clusters: JSON.stringify(clusters),
        content_hash: contentHash,
        generated_at: state.generatedAt,
        updated_at: now,
      })
      .onConflict('entity_ref')
      .merge()
      .where(`${STATES}.updated_at`, '<=', now);
    const recorded = today.get(state.entityRef);
    if (recorded && isWorse(level, criteria, recorded)) return;
    await tx(HISTORY)
      .insert({
        entity_ref: state.entityRef,
        day,
        level,
        criteria: JSON.stringify(criteria),
        updated_at: now,
      })
      .onConflict(['entity_ref', 'day'])
      .merge()
      .where(`${HISTORY}.updated_at`, '<=', now);
  }

  /** The content hash of each stored state, and the day it was last refreshed. */
  private async storedVersions(tx: Knex.Transaction, entityRefs: string[]) {
    const versions = new Map<string, { contentHash?: string; day: string }>();
    for (const refs of chunks(entityRefs)) {
      const rows = await tx(STATES)
        .whereIn('entity_ref', refs)
        .select('entity_ref', 'content_hash', 'updated_at');
      for (const row of rows) {
        versions.set(row.entity_ref, {
          contentHash: row.content_hash ?? undefined,
          day: dayOf(new Date(row.updated_at)),
        });
      }
    }
    return versions;
  }

  /** The history rows of these entities on one day, by entity. */
  private async historyOfDay(
    tx: Knex.Transaction,
    entityRefs: string[],
    day: string,
  ) {
    const rows = new Map<
      string,
      { level: string; criteria: Record<string, string> }
    >();
    for (const refs of chunks(entityRefs)) {
      const found = await tx(HISTORY)
        .whereIn('entity_ref', refs)
        .andWhere({ day })
        .select('entity_ref', 'level', 'criteria');
      for (const row of found) {
        rows.set(row.entity_ref, {
          level: row.level,
          criteria: JSON.parse(row.criteria),
        });
      }
    }
    return rows;
  }

  /** How many entities have a stored state. */
  async countStates(): Promise<number> {
    const [{ count }] = await this.knex(STATES).count({ count: '*' });
    return Number(count);
  }

  async getState(entityRef: string): Promise<EntityMeshState | undefined> {
    const row = await this.knex(STATES)
      .where({ entity_ref: entityRef })
      .first('state', 'generated_at');
    if (!row) return undefined;
    const state = JSON.parse(row.state) as EntityMeshState;
    // An unchanged state keeps its JSON; the latest refresh that computed
    // it is recorded beside it.
    return row.generated_at
      ? { ...state, generatedAt: row.generated_at }
      : state;
  }

  /**
   * Forgets entities that left the catalog: those not in `entityRefs` whose
   * state was written before `before` (the refresh's start), so that a
   * late refresh does not forget what a newer one stored. Works at any
   * entity count: the refs are compared here and deleted in chunks.
   */
  async removeStatesExcept(
    entityRefs: string[],
    before: Date,
  ): Promise<number> {
    const keep = new Set(entityRefs);
    const stored = await this.knex(STATES)
      .where('updated_at', '<', before)
      .select('entity_ref');
    const gone = stored
      .map(row => row.entity_ref as string)
      .filter(ref => !keep.has(ref));
    let removed = 0;
    for (const refs of chunks(gone)) {
      removed += await this.knex(STATES)
        .whereIn('entity_ref', refs)
        .andWhere('updated_at', '<', before)
        .delete();
    }
    if (removed > 0) this.compliance = undefined;
    return removed;
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
   * The latest compliance of every stored entity, by entity ref. Every
   * stored row is read and parsed once and kept until the table changes:
   * this store forgets it when it writes, and each call asks the database
   * for the table's row count and latest write, which another replica's
   * refresh moves on. Compliance requests then cost one small query instead
   * of reading and parsing every row. The same map is returned until the
   * table changes, so callers may key what they derive from it by identity.
   */
  async complianceRecords(): Promise<Map<string, ComplianceRecord>> {
    const { version } = await this.statesVersion();
    if (this.compliance?.version !== version) {
      // Requests that find the table changed at once share one read.
      const records = this.readAllCompliance();
      this.compliance = { version, records };
      records.catch(() => {
        if (this.compliance?.records === records) this.compliance = undefined;
      });
    }
    return this.compliance.records;
  }

  /** The latest compliance of these entities; entities never refreshed are left out. */
  async getCompliance(entityRefs: string[]): Promise<ComplianceRecord[]> {
    const all = await this.complianceRecords();
    return entityRefs.flatMap(ref => {
      const record = all.get(ref);
      return record ? [record] : [];
    });
  }

  private compliance?: {
    version: string;
    records: Promise<Map<string, ComplianceRecord>>;
  };

  /**
   * The states table's row count and latest write, which every refresh of
   * any replica moves on (on an index: a few rows read, whatever the
   * table's size), and when that write was.
   */
  private async statesVersion(): Promise<{
    version: string;
    latestAt?: number;
  }> {
    const [{ count, latest }] = await this.knex(STATES)
      .count({ count: '*' })
      .max({ latest: 'updated_at' });
    const latestAt =
      latest === null || latest === undefined
        ? undefined
        : new Date(latest).getTime();
    const valid = latestAt !== undefined && !Number.isNaN(latestAt);
    return {
      version: `${count}|${
        valid ? new Date(latestAt).toISOString() : String(latest)
      }`,
      latestAt: valid ? latestAt : undefined,
    };
  }

  private async readAllCompliance(): Promise<Map<string, ComplianceRecord>> {
    // In entity-ref order (on the primary key): the compliance view's
    // sort by `Intl.Collator` then finds them nearly sorted already.
    const rows = await this.knex(STATES)
      .orderBy('entity_ref')
      .select(
        'entity_ref',
        'level',
        'criteria',
        'namespaces',
        'clusters',
        'updated_at',
      );
    const records = new Map<string, ComplianceRecord>();
    for (const row of rows) {
      records.set(row.entity_ref, {
        entityRef: row.entity_ref,
        level: row.level,
        criteria: JSON.parse(row.criteria ?? '{}'),
        namespaces: JSON.parse(row.namespaces ?? '[]'),
        clusters: JSON.parse(row.clusters ?? '[]'),
        updatedAt: new Date(row.updated_at),
      });
    }
    return records;
  }

  /**
   * The history of these entities from `sinceDay` (YYYY-MM-DD) on,
   * counted: one row per day, level and criteria, with how many entities
   * had them. Counted in memory over the history's columns
   * (`HistoryColumns`), each day read from the database once and again
   * only after a write.
   */
  async countHistory(
    entityRefs: string[],
    sinceDay: string,
  ): Promise<CountedHistoryRow[]> {
    await this.followHistory();
    const [{ first }] = await this.knex(HISTORY).min({ first: 'day' });
    const [{ last }] = await this.knex(HISTORY).max({ last: 'day' });
    if (!first || !last) return [];
    this.history.prunedBefore(first);
    const from = sinceDay > first ? sinceDay : first;
    return this.history.count(entityRefs, daysBetween(from, last));
  }

  /**
   * Forgets the history columns another replica's refresh may have
   * written: history rows are written in the same transaction as their
   * states, with the refresh's start as both their day and the states'
   * latest write. A refresh that started before midnight may write
   * yesterday's rows after a newer one wrote today's, so the day before is
   * read again too.
   */
  private async followHistory() {
    const { version, latestAt } = await this.statesVersion();
    const seen = this.historySeen;
    if (seen?.version === version) return;
    if (seen) {
      const earliest = Math.min(
        seen.latestAt ?? Infinity,
        latestAt ?? Infinity,
      );
      // With no write on either side, every column goes.
      this.history.changed(
        Number.isFinite(earliest) ? dayOf(earliest - DAY_MS) : '',
      );
    }
    this.historySeen = { version, latestAt };
  }

  /** Deletes history older than `retentionDays` before `now`. */
  async pruneHistory(retentionDays: number, now: Date): Promise<number> {
    const oldest = dayOf(now.getTime() - retentionDays * DAY_MS);
    const pruned = await this.knex(HISTORY).where('day', '<', oldest).delete();
    this.history.prunedBefore(oldest);
    return pruned;
  }
}
