import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ComplianceOrderBy,
  ComplianceRow,
  ComplianceSummaryQuery,
  criterionStatusRank,
  levelRank,
  MeshLevelName,
} from '@istio-mesh/plugin-istio-mesh-common';
import { ComplianceRecord } from '../database/MeshStateStore';
import { filterRef, relationRef, verdictMatches } from './complianceFilter';

/**
 * A stored compliance record with what the catalog says of its entity, and
 * the lower-cased keys the filters compare, computed once per view.
 */
export interface ComplianceEntry extends ComplianceRecord {
  title?: string;
  owner?: string;
  system?: string;
  ownerKey?: string;
  systemKey?: string;
  nameKey: string;
  titleKey?: string;
}

const lower = (text: string) => text.toLocaleLowerCase('en-US');

// One collator, reused: the same order as `localeCompare`, without
// building a collator on every comparison.
const collator = new Intl.Collator();

type Compare = (a: ComplianceEntry, b: ComplianceEntry) => number;

function compareBy(orderBy: ComplianceOrderBy): Compare {
  switch (orderBy) {
    case 'entityRef':
      return (a, b) => collator.compare(a.entityRef, b.entityRef);
    case 'owner':
      return (a, b) => collator.compare(a.owner ?? '', b.owner ?? '');
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

type Matcher = (entry: ComplianceEntry) => boolean;

/**
 * Whether an entry passes every filter of the query; undefined when the
 * query filters nothing, so that every entry matches.
 */
function matcher(query: ComplianceSummaryQuery): Matcher | undefined {
  const checks: Matcher[] = [];
  for (const field of ['owner', 'system'] as const) {
    const wanted = query[field];
    if (!wanted) continue;
    const ref = filterRef(field, wanted);
    // A filter naming no valid ref matches nothing.
    const key = ref === undefined ? undefined : lower(ref);
    const keyOf = field === 'owner' ? 'ownerKey' : 'systemKey';
    checks.push(entry => key !== undefined && entry[keyOf] === key);
  }
  if (query.q) {
    const q = lower(query.q);
    checks.push(
      entry => entry.nameKey.includes(q) || !!entry.titleKey?.includes(q),
    );
  }
  const { namespace, cluster } = query;
  if (namespace) checks.push(entry => entry.namespaces.includes(namespace));
  if (cluster) checks.push(entry => entry.clusters.includes(cluster));
  if (query.level || query.criterion) {
    checks.push(entry => verdictMatches(entry, query));
  }
  if (checks.length === 0) return undefined;
  return entry => checks.every(check => check(entry));
}

export function toComplianceRow(entry: ComplianceEntry): ComplianceRow {
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

/** Entries in entity-ref order, sorted by `orderBy`, ties by entity ref. */
function sortedBy(
  entries: ComplianceEntry[],
  orderBy: ComplianceOrderBy,
  order: 'asc' | 'desc' | undefined,
): ComplianceEntry[] {
  if (orderBy === 'entityRef' && order !== 'desc') return entries;
  const compare = compareBy(orderBy);
  const direction = order === 'desc' ? -1 : 1;
  // Stable: entries of equal rank keep their entity-ref order.
  return [...entries].sort((a, b) => direction * compare(a, b));
}

// Distinct summary queries whose answers one view keeps.
const MAX_REMEMBERED = 100;

/**
 * The compliance rows of one caller's readable entities, joined once with
 * the stored records: what every list and summary request of that caller
 * filters, until the caller's readable entities are asked again or a
 * refresh stores. Each order is sorted once; a request then walks the
 * sorted rows and keeps its page, with no sort and no catalog parsing of
 * its own.
 */
export class ComplianceView {
  private readonly orders = new Map<string, ComplianceEntry[]>();
  private readonly remembered = new Map<string, Promise<unknown>>();
  /** The entries of each namespace and each cluster, by entity ref. */
  private readonly byNamespace = new Map<string, ComplianceEntry[]>();
  private readonly byCluster = new Map<string, ComplianceEntry[]>();

  private constructor(
    /** The entries, sorted by entity ref. */
    private readonly entries: ComplianceEntry[],
  ) {
    const add = (
      index: Map<string, ComplianceEntry[]>,
      key: string,
      entry: ComplianceEntry,
    ) => {
      const bucket = index.get(key);
      if (bucket) bucket.push(entry);
      else index.set(key, [entry]);
    };
    for (const entry of entries) {
      for (const namespace of entry.namespaces) {
        add(this.byNamespace, namespace, entry);
      }
      for (const cluster of entry.clusters) add(this.byCluster, cluster, entry);
    }
  }

  /**
   * Joins the caller's readable entities with the stored records; entities
   * the refresh has not reached yet have no record and are left out.
   */
  static of(
    entities: Entity[],
    records: Map<string, ComplianceRecord>,
  ): ComplianceView {
    const entries: ComplianceEntry[] = [];
    for (const entity of entities) {
      const record = records.get(stringifyEntityRef(entity));
      if (!record) continue;
      const owner = relationRef(entity, 'owner');
      const system = relationRef(entity, 'system');
      const title = entity.metadata.title;
      // Each field named: a spread of the record costs ten times as much
      // per entry, which at 40,000 entries is most of building a view.
      entries.push({
        entityRef: record.entityRef,
        level: record.level,
        criteria: record.criteria,
        namespaces: record.namespaces,
        clusters: record.clusters,
        updatedAt: record.updatedAt,
        title,
        owner,
        system,
        ownerKey: owner === undefined ? undefined : lower(owner),
        systemKey: system === undefined ? undefined : lower(system),
        nameKey: lower(entity.metadata.name),
        titleKey: typeof title === 'string' ? lower(title) : undefined,
      });
    }
    entries.sort((a, b) => collator.compare(a.entityRef, b.entityRef));
    return new ComplianceView(entries);
  }

  /**
   * The entries that pass the query's filters, sorted by `orderBy` and
   * `order`, ties by entity ref.
   */
  matching(
    query: ComplianceSummaryQuery & {
      orderBy?: ComplianceOrderBy;
      order?: 'asc' | 'desc';
    },
  ): ComplianceEntry[] {
    const matches = matcher(query);
    const candidates = this.candidates(query);
    return matches ? candidates.filter(matches) : candidates;
  }

  /**
   * One page of the matching entries and how many match, without copying
   * the rest.
   */
  page(
    query: Parameters<ComplianceView['matching']>[0],
    offset: number,
    limit: number,
  ): { items: ComplianceEntry[]; totalItems: number } {
    const candidates = this.candidates(query);
    const matches = matcher(query);
    if (!matches) {
      return {
        items: candidates.slice(offset, offset + limit),
        totalItems: candidates.length,
      };
    }
    const items: ComplianceEntry[] = [];
    let totalItems = 0;
    for (const entry of candidates) {
      if (!matches(entry)) continue;
      if (totalItems >= offset && items.length < limit) items.push(entry);
      totalItems += 1;
    }
    return { items, totalItems };
  }

  /**
   * What `compute` answers for `key`, computed once per view: the view's
   * entities and records do not change while it lives, so neither does an
   * answer derived from them and the key. A failed answer is not kept.
   */
  remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let answer = this.remembered.get(key) as Promise<T> | undefined;
    if (!answer) {
      const computed = compute();
      answer = computed;
      this.remembered.set(key, computed);
      for (const oldest of this.remembered.keys()) {
        if (this.remembered.size <= MAX_REMEMBERED) break;
        this.remembered.delete(oldest);
      }
      computed.catch(() => {
        if (this.remembered.get(key) === computed) this.remembered.delete(key);
      });
    }
    return answer;
  }

  /**
   * The entries a query can match, in its order: those of its namespace or
   * cluster when it names one (a few hundred of tens of thousands, sorted
   * for the request), every entry otherwise (sorted once per order).
   */
  private candidates(
    query: Parameters<ComplianceView['matching']>[0],
  ): ComplianceEntry[] {
    const orderBy = query.orderBy ?? 'entityRef';
    let bucket: ComplianceEntry[] | undefined;
    if (query.namespace) bucket = this.byNamespace.get(query.namespace) ?? [];
    else if (query.cluster) bucket = this.byCluster.get(query.cluster) ?? [];
    if (bucket) return sortedBy(bucket, orderBy, query.order);
    const key = `${orderBy} ${query.order ?? 'asc'}`;
    let sorted = this.orders.get(key);
    if (!sorted) {
      sorted = sortedBy(this.entries, orderBy, query.order);
      this.orders.set(key, sorted);
    }
    return sorted;
  }
}
