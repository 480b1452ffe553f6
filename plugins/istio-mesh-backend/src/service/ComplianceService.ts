import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ComplianceCsvQuery,
  ComplianceQuery,
  CompliancePage,
  ComplianceRow,
  ComplianceSummary,
  ComplianceSummaryQuery,
  complianceCounts,
  CountedCompliance,
  KUBERNETES_ANNOTATIONS,
} from '@istio-mesh/plugin-istio-mesh-common';
import { ComplianceRecord, MeshStateStore } from '../database/MeshStateStore';
import { DAY_MS, dayOf } from '../database/days';
import { ReadableEntities } from './ReadableEntities';
import { verdictMatches } from './complianceFilter';
import { ComplianceView, toComplianceRow } from './complianceView';

const DEFAULT_LIMIT = 50;
const DEFAULT_HISTORY_DAYS = 30;

/**
 * The compliance list and summary. Both start from the entities the caller
 * may read, loaded from the catalog on the caller's behalf, so a row is
 * never shown for an entity the caller cannot see. Those entities, joined
 * with the stored records, are one `ComplianceView` per caller, built once
 * and reused until the caller's entities are asked again (`readableCacheMs`)
 * or a refresh stores: a request filters and pages sorted rows, in
 * memory, without asking the catalog or the database for rows.
 */
export class ComplianceService {
  private readonly readable: ReadableEntities;
  // Keyed by the caller's readable entities, which ReadableEntities hands
  // out as the same array while it keeps them, and drops after.
  private readonly views = new WeakMap<
    Entity[],
    { records: Map<string, ComplianceRecord>; view: ComplianceView }
  >();

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
    const view = await this.viewOf(credentials);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { items, totalItems } = view.page(query, offset, limit);
    return {
      items: items.map(toComplianceRow),
      totalItems,
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
    const view = await this.viewOf(credentials);
    return view.matching(query).map(toComplianceRow);
  }

  async summary(
    query: ComplianceSummaryQuery,
    credentials: BackstageCredentials,
  ): Promise<ComplianceSummary> {
    const view = await this.viewOf(credentials);
    const days = query.days ?? DEFAULT_HISTORY_DAYS;
    const now = this.deps.now?.() ?? new Date();
    const since = dayOf(now.getTime() - (days - 1) * DAY_MS);
    const { days: _days, ...filters } = query;
    return view.remember(JSON.stringify({ ...filters, since }), () =>
      this.summarise(view.matching(query), query, since),
    );
  }

  private async summarise(
    records: ComplianceRecord[],
    query: ComplianceSummaryQuery,
    since: string,
  ): Promise<ComplianceSummary> {
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

  /** The caller's view: built once per readable entities and stored records. */
  private async viewOf(
    credentials: BackstageCredentials,
  ): Promise<ComplianceView> {
    const entities = await this.readable.of(credentials);
    const records = await this.deps.store.complianceRecords();
    const cached = this.views.get(entities);
    if (cached?.records === records) return cached.view;
    const view = ComplianceView.of(entities, records);
    this.views.set(entities, { records, view });
    return view;
  }
}
