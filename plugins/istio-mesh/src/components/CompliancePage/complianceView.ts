import {
  COMPLIANCE_ORDER_KEYS,
  ComplianceCsvQuery,
  ComplianceOrderBy,
  ComplianceQuery,
  ComplianceSummaryQuery,
  CRITERION_IDS,
  CriterionId,
  CriterionStatus,
  MeshLevelName,
} from '@istio-mesh/plugin-istio-mesh-common';

/** Levels, lowest first. */
export const LEVELS: MeshLevelName[] = ['none', 'bronze', 'silver', 'gold'];
/** Statuses, worst first, as the backend sorts them. */
export const STATUSES: CriterionStatus[] = ['fail', 'warn', 'unknown', 'pass'];
/** Rows per page the page offers; the first is the default. */
export const PAGE_SIZES = [50, 25, 100];
/** Days of history the trend offers; the first is the default. */
export const HISTORY_DAYS = [30, 7, 90];

/**
 * What the compliance page shows: its filters, search, sort, page and the
 * trend's length. It lives in the URL, so a view can be shared.
 */
export interface ComplianceView {
  owner?: string;
  system?: string;
  namespace?: string;
  cluster?: string;
  level?: MeshLevelName;
  /** A criterion and the status it must have; written `<id>=<status>`. */
  criterion?: { id: CriterionId; status: CriterionStatus };
  q?: string;
  orderBy: ComplianceOrderBy;
  order: 'asc' | 'desc';
  /** 1-based. */
  page: number;
  pageSize: number;
  days: number;
}

const TEXT_FILTERS = ['owner', 'system', 'namespace', 'cluster', 'q'] as const;

function oneOf<T extends string | number>(
  allowed: readonly T[],
  value: unknown,
): T | undefined {
  return allowed.find(candidate => String(candidate) === value);
}

/**
 * The view a URL's search parameters describe. Values the page does not
 * offer are left out rather than sent to the backend to be refused.
 */
export function parseComplianceView(params: URLSearchParams): ComplianceView {
  const text = (name: (typeof TEXT_FILTERS)[number]) =>
    params.get(name)?.trim() || undefined;
  const criterion = CRITERION_IDS.flatMap(id => {
    const status = oneOf(STATUSES, params.get(id));
    return status ? [{ id, status }] : [];
  })[0];
  const page = Number(params.get('page'));
  return {
    owner: text('owner'),
    system: text('system'),
    namespace: text('namespace'),
    cluster: text('cluster'),
    q: text('q'),
    level: oneOf(LEVELS, params.get('level')),
    criterion,
    orderBy: oneOf(COMPLIANCE_ORDER_KEYS, params.get('orderBy')) ?? 'entityRef',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 1 ? page : 1,
    pageSize: oneOf(PAGE_SIZES, params.get('pageSize')) ?? PAGE_SIZES[0],
    days: oneOf(HISTORY_DAYS, params.get('days')) ?? HISTORY_DAYS[0],
  };
}

/** The search parameters of a view, leaving out what is at its default. */
export function complianceViewParams(view: ComplianceView): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of TEXT_FILTERS) {
    const value = view[name];
    if (value) params.set(name, value);
  }
  if (view.level) params.set('level', view.level);
  if (view.criterion) params.set(view.criterion.id, view.criterion.status);
  if (view.orderBy !== 'entityRef') params.set('orderBy', view.orderBy);
  if (view.order !== 'asc') params.set('order', view.order);
  if (view.page > 1) params.set('page', String(view.page));
  if (view.pageSize !== PAGE_SIZES[0]) {
    params.set('pageSize', String(view.pageSize));
  }
  if (view.days !== HISTORY_DAYS[0]) params.set('days', String(view.days));
  return params;
}

/** The changes to a view that clear every filter and the search. */
export const NO_FILTERS: Partial<ComplianceView> = {
  owner: undefined,
  system: undefined,
  namespace: undefined,
  cluster: undefined,
  level: undefined,
  criterion: undefined,
  q: undefined,
};

/** Whether any filter or the search narrows the rows. */
export function isFiltered(view: ComplianceView): boolean {
  return Boolean(
    TEXT_FILTERS.some(name => view[name]) || view.level || view.criterion,
  );
}

/** The filters and search, as every compliance route takes them. */
function filters(view: ComplianceView): ComplianceSummaryQuery {
  return {
    owner: view.owner,
    system: view.system,
    namespace: view.namespace,
    cluster: view.cluster,
    level: view.level,
    criterion: view.criterion?.id,
    status: view.criterion?.status,
    q: view.q,
  };
}

/** The page of rows the view shows. */
export function listQuery(view: ComplianceView): ComplianceQuery {
  return {
    ...filters(view),
    orderBy: view.orderBy,
    order: view.order,
    limit: view.pageSize,
    offset: (view.page - 1) * view.pageSize,
  };
}

/** Every row of the view, in its order: the CSV export. */
export function csvQuery(view: ComplianceView): ComplianceCsvQuery {
  return { ...filters(view), orderBy: view.orderBy, order: view.order };
}

/** The counts and history behind the summary bars and the trend. */
export function summaryQuery(view: ComplianceView): ComplianceSummaryQuery {
  return { ...filters(view), days: view.days };
}
