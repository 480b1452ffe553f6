import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ComplianceCsvQuery,
  ComplianceOrderBy,
  ComplianceQuery,
  CompliancePage,
  ComplianceRow,
  ComplianceSummary,
  ComplianceSummaryQuery,
  complianceCounts,
  CountedCompliance,
  criterionStatusRank,
  KUBERNETES_ANNOTATIONS,
  levelRank,
  MeshLevelName,
} from '@istio-mesh/plugin-istio-mesh-common';
import { ComplianceRecord, MeshStateStore } from '../database/MeshStateStore';
import { ReadableEntities } from './ReadableEntities';
import {
  entityMatches,
  recordMatches,
  relationRef,
  verdictMatches,
} from './complianceFilter';

const DEFAULT_LIMIT = 50;
const DEFAULT_HISTORY_DAYS = 30;

/** A stored record with what the catalog says of its entity. */
type ComplianceEntry = ComplianceRecord &
  Pick<ComplianceRow, 'title' | 'owner' | 'system'>;

function toRow(entry: ComplianceEntry): ComplianceRow {
  return {
    entityRef: entry.entityRef,
    title: entry.title,
    owner: entry.owner,
    system: entry.system,
    level: entry.level as MeshLevelName,
    criteria: entry.criteria,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

type Compare = (a: ComplianceEntry, b: ComplianceEntry) => number;

function compareBy(orderBy: ComplianceOrderBy): Compare {
  switch (orderBy) {
    case 'entityRef':
      return (a, b) => a.entityRef.localeCompare(b.entityRef);
    case 'owner':
      return (a, b) => (a.owner ?? '').localeCompare(b.owner ?? '');
    case 'level':
      return (a, b) => levelRank(a.level) - levelRank(b.level);
    case 'updatedAt':
      return (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime();
    default:
      // A criterion id: by its status, worst first.
      return (a, b) =>
        criterionStatusRank(a.criteria[orderBy]) -
        criterionStatusRank(b.criteria[orderBy]);
  }
}

/**
 * The compliance list and summary. Both start from the entities the caller
 * may read, loaded from the catalog on the caller's behalf, so a row is
 * never shown for an entity the caller cannot see.
 */
export class ComplianceService {
  private readonly readable: ReadableEntities;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      store: MeshStateStore;
      /**
       * Data that missed two scheduled refreshes is stale; undefined when
       * the refresh is only triggered by hand.
       */
      staleAfterSeconds?: number;
      now?: () => Date;
      /**
       * How long one caller's readable entities are reused across requests
       * (default 10 seconds); 0 asks the catalog on every request.
       */
      readableCacheMs?: number;
    },
  ) {
    this.readable = new ReadableEntities({
      catalog: deps.catalog,
      ttlMs: deps.readableCacheMs,
    });
  }

  async list(
    query: ComplianceQuery,
    credentials: BackstageCredentials,
  ): Promise<CompliancePage> {
    const entries = await this.orderedEntries(query, credentials);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    return {
      items: entries.slice(offset, offset + limit).map(toRow),
      totalItems: entries.length,
      offset,
      limit,
      staleAfterSeconds: this.deps.staleAfterSeconds,
    };
  }

  /**
   * Every row `list` pages through for these filters, in the same order:
   * what `GET /v1/compliance.csv` exports.
   */
  async listAll(
    query: ComplianceCsvQuery,
    credentials: BackstageCredentials,
  ): Promise<ComplianceRow[]> {
    return (await this.orderedEntries(query, credentials)).map(toRow);
  }

  async summary(
    query: ComplianceSummaryQuery,
    credentials: BackstageCredentials,
  ): Promise<ComplianceSummary> {
    const records = await this.matchingRecords(query, credentials);
    const days = query.days ?? DEFAULT_HISTORY_DAYS;
    const now = this.deps.now?.() ?? new Date();
    const since = new Date(now.getTime() - (days - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    // The entities' current place (namespace, cluster) chose `records`;
    // each day is filtered by its own level and criteria, counted in the
    // database: linear in the days, whatever the number of entities.
    const counted = await this.deps.store.countHistory(
      records.map(r => r.entityRef),
      since,
    );
    const parsed = new Map<string, Record<string, string>>();
    const byDay = new Map<string, CountedCompliance[]>();
    for (const row of counted) {
      let criteria = parsed.get(row.criteria);
      if (!criteria) {
        criteria = JSON.parse(row.criteria) as Record<string, string>;
        parsed.set(row.criteria, criteria);
      }
      const verdict = { level: row.level, criteria, count: row.count };
      if (!verdictMatches(verdict, query)) continue;
      const day = byDay.get(row.day);
      if (day) day.push(verdict);
      else byDay.set(row.day, [verdict]);
    }
    return {
      ...complianceCounts(records),
      history: [...byDay.keys()]
        .sort()
        .map(day => ({ day, ...complianceCounts(byDay.get(day)!) })),
    };
  }

  /**
   * The Kubernetes namespaces of `cluster` where the entities the caller
   * may read run: the namespaces the last refresh stored for them (on every
   * cluster they run in, and on any cluster when their mapping names none),
   * and those their `backstage.io/kubernetes-namespace` annotation names,
   * so that an entity the refresh has not reached yet still counts.
   */
  async readableNamespaces(
    credentials: BackstageCredentials,
    cluster: string,
  ): Promise<Set<string>> {
    const items = await this.readable.of(credentials);
    const namespaces = new Set<string>();
    for (const entity of items) {
      const annotations = entity.metadata.annotations ?? {};
      const namespace = annotations[KUBERNETES_ANNOTATIONS.namespace];
      const onCluster = annotations[KUBERNETES_ANNOTATIONS.cluster];
      if (namespace && (!onCluster || onCluster === cluster)) {
        namespaces.add(namespace);
      }
    }
    const records = await this.deps.store.getCompliance(
      items.map(entity => stringifyEntityRef(entity)),
    );
    for (const record of records) {
      if (record.clusters.length > 0 && !record.clusters.includes(cluster)) {
        continue;
      }
      for (const namespace of record.namespaces) namespaces.add(namespace);
    }
    return namespaces;
  }

  /**
   * The matching entries sorted by `orderBy` and `order`, ties by entity
   * ref. Filters, order and paging are all plain data, so that they can
   * move into one database query once the catalog facts are stored with
   * the rows.
   */
  private async orderedEntries(
    query: ComplianceCsvQuery,
    credentials: BackstageCredentials,
  ): Promise<ComplianceEntry[]> {
    const entries = await this.matchingRecords(query, credentials);
    const compare = compareBy(query.orderBy ?? 'entityRef');
    const direction = query.order === 'desc' ? -1 : 1;
    return entries.sort(
      (a, b) =>
        direction * compare(a, b) || a.entityRef.localeCompare(b.entityRef),
    );
  }

  private async matchingRecords(
    query: ComplianceSummaryQuery,
    credentials: BackstageCredentials,
  ): Promise<ComplianceEntry[]> {
    const items = await this.readable.of(credentials);
    const facts = new Map(
      items
        .filter(entity => entityMatches(entity, query))
        .map(entity => [
          stringifyEntityRef(entity),
          {
            title: entity.metadata.title,
            owner: relationRef(entity, 'owner'),
            system: relationRef(entity, 'system'),
          },
        ]),
    );
    const records = await this.deps.store.getCompliance([...facts.keys()]);
    return records
      .filter(record => recordMatches(record, query))
      .map(record => ({ ...record, ...facts.get(record.entityRef) }));
  }
}
