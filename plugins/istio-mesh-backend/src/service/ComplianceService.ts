import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ComplianceQuery,
  CompliancePage,
  ComplianceRow,
  ComplianceSummary,
  ComplianceSummaryQuery,
  complianceCounts,
  KUBERNETES_ANNOTATIONS,
  levelRank,
  MeshLevelName,
} from '@istio-mesh/plugin-istio-mesh-common';
import { ComplianceRecord, MeshStateStore } from '../database/MeshStateStore';
import { ENTITY_KINDS } from './MeshRefresh';
import { entityMatches, recordMatches } from './complianceFilter';

const DEFAULT_LIMIT = 50;
const DEFAULT_HISTORY_DAYS = 30;

function toRow(record: ComplianceRecord): ComplianceRow {
  return {
    entityRef: record.entityRef,
    level: record.level as MeshLevelName,
    criteria: record.criteria,
    updatedAt: record.updatedAt.toISOString(),
  };
}

const COMPARE = {
  entityRef: (a: ComplianceRecord, b: ComplianceRecord) =>
    a.entityRef.localeCompare(b.entityRef),
  level: (a: ComplianceRecord, b: ComplianceRecord) =>
    levelRank(a.level) - levelRank(b.level),
  updatedAt: (a: ComplianceRecord, b: ComplianceRecord) =>
    a.updatedAt.getTime() - b.updatedAt.getTime(),
};

/**
 * The compliance list and summary. Both start from the entities the caller
 * may read, loaded from the catalog on the caller's behalf, so a row is
 * never shown for an entity the caller cannot see.
 */
export class ComplianceService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      store: MeshStateStore;
      now?: () => Date;
    },
  ) {}

  async list(
    query: ComplianceQuery,
    credentials: BackstageCredentials,
  ): Promise<CompliancePage> {
    const records = await this.matchingRecords(query, credentials);
    const compare = COMPARE[query.orderBy ?? 'entityRef'];
    const direction = query.order === 'desc' ? -1 : 1;
    records.sort(
      (a, b) =>
        direction * compare(a, b) || a.entityRef.localeCompare(b.entityRef),
    );
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    return {
      items: records.slice(offset, offset + limit).map(toRow),
      totalItems: records.length,
      offset,
      limit,
    };
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
    const history = await this.deps.store.getHistoryOf(
      records.map(r => r.entityRef),
      since,
    );
    // History is filtered by the entity's current place (namespace, cluster)
    // and by the day's own level and criteria.
    const byDay = new Map<string, ComplianceRecord[]>();
    const placeOf = new Map(records.map(r => [r.entityRef, r]));
    for (const row of history) {
      const place = placeOf.get(row.entityRef)!;
      const record = { ...place, level: row.level, criteria: row.criteria };
      if (!recordMatches(record, query)) continue;
      const day = byDay.get(row.day);
      if (day) day.push(record);
      else byDay.set(row.day, [record]);
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
    const { items } = await this.deps.catalog.getEntities(
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

  private async matchingRecords(
    query: ComplianceSummaryQuery,
    credentials: BackstageCredentials,
  ): Promise<ComplianceRecord[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: ENTITY_KINDS },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.owner',
          'spec.system',
        ],
      },
      { credentials },
    );
    const readable = items
      .filter(entity => entityMatches(entity, query))
      .map(entity => stringifyEntityRef(entity));
    const records = await this.deps.store.getCompliance(readable);
    return records.filter(record => recordMatches(record, query));
  }
}
