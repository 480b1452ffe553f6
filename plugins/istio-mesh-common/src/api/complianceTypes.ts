import { CriterionId, CriterionStatus } from '../types/criteria';
import { CRITERION_IDS } from '../criteria/registry';
import type { MeshLevelName } from '../criteria/meshLevel';

/**
 * What `GET /v1/compliance` can sort by: the entity ref, the owner ref, the
 * level (none to gold), the time of the refresh, or one criterion's status
 * (fail, warn, unknown, pass: ascending puts the worst first, as it does
 * for levels).
 *
 * @public
 */
export const COMPLIANCE_ORDER_KEYS: readonly [
  'entityRef',
  'owner',
  'level',
  'updatedAt',
  ...CriterionId[],
] = ['entityRef', 'owner', 'level', 'updatedAt', ...CRITERION_IDS];

/**
 * One of {@link COMPLIANCE_ORDER_KEYS}.
 *
 * @public
 */
export type ComplianceOrderBy = (typeof COMPLIANCE_ORDER_KEYS)[number];

/**
 * Filters, paging and order of `GET /v1/compliance`. Every filter is
 * optional; set filters combine with AND.
 *
 * @public
 */
export interface ComplianceQuery {
  /** Owner entity ref, e.g. `group:default/team-boutique` or `team-boutique`. */
  owner?: string;
  /** System entity ref, e.g. `system:default/online-boutique` or `online-boutique`. */
  system?: string;
  /** Kubernetes namespace one of the entity's workloads runs in. */
  namespace?: string;
  /** Cluster one of the entity's workloads runs in. */
  cluster?: string;
  /** Only entities at this level. */
  level?: MeshLevelName;
  /** Only entities where this criterion has `status`. */
  criterion?: CriterionId;
  /** With `criterion`: the status to match; default `fail`. */
  status?: CriterionStatus;
  /** Only entities whose name or title contains this, ignoring case. */
  q?: string;
  /** Rows per page; default 50, at most 500. */
  limit?: number;
  /** Rows skipped before the page; default 0. */
  offset?: number;
  /** Sort key; default `entityRef`. Ties are ordered by entity ref. */
  orderBy?: ComplianceOrderBy;
  /** Default `asc`. */
  order?: 'asc' | 'desc';
}

/**
 * One entity's compliance, as listed by `GET /v1/compliance`.
 *
 * @public
 */
export interface ComplianceRow {
  entityRef: string;
  /** The entity's `metadata.title`, where it has one. */
  title?: string;
  /** The entity's owner as a full ref, e.g. `group:default/team-boutique`. */
  owner?: string;
  /** The entity's system as a full ref, e.g. `system:default/online-boutique`. */
  system?: string;
  level: MeshLevelName;
  criteria: Partial<Record<CriterionId, CriterionStatus>>;
  /** ISO timestamp of the refresh that computed the row. */
  updatedAt: string;
}

/**
 * A page of compliance rows.
 *
 * @public
 */
export interface CompliancePage {
  items: ComplianceRow[];
  /** Rows matching the filters, over all pages. */
  totalItems: number;
  offset: number;
  limit: number;
  /**
   * A row whose `updatedAt` is older than this missed two scheduled
   * refreshes: its data is stale. Absent when the refresh only runs when
   * triggered, so that no age is stale.
   */
  staleAfterSeconds?: number;
}

/**
 * Counts of entities per criterion status.
 *
 * @public
 */
export type StatusCounts = Record<CriterionStatus, number>;

/**
 * Counts of entities per level and per criterion status.
 *
 * @public
 */
export interface ComplianceCounts {
  entities: number;
  levels: Record<MeshLevelName, number>;
  criteria: Partial<Record<CriterionId, StatusCounts>>;
}

/**
 * `GET /v1/compliance/summary`: today's counts and one entry per day of
 * history, oldest first.
 *
 * @public
 */
export interface ComplianceSummary extends ComplianceCounts {
  history: Array<ComplianceCounts & { day: string }>;
}

/**
 * Filters of `GET /v1/compliance/summary`: those of the list, and how many
 * days of history to return (default 30).
 *
 * @public
 */
export type ComplianceSummaryQuery = Omit<
  ComplianceQuery,
  'limit' | 'offset' | 'orderBy' | 'order'
> & { days?: number };

/**
 * Filters and order of `GET /v1/compliance.csv`: those of the list, without
 * paging, since the CSV holds every matching row.
 *
 * @public
 */
export type ComplianceCsvQuery = Omit<ComplianceQuery, 'limit' | 'offset'>;
