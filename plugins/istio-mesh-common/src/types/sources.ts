/**
 * Health of one upstream source as seen by the last refresh.
 *
 * @public
 */
export type SourceStatus =
  | 'ok'
  | 'partial'
  | 'error'
  | 'timeout'
  | 'unauthorized'
  | 'not-configured'
  | 'stale';

/**
 * Kind of upstream a source reads from.
 *
 * @public
 */
export type SourceType =
  | 'cluster-snapshot'
  | 'kubernetes'
  | 'gitops'
  | 'argocd'
  | 'prometheus'
  | 'jaeger'
  | 'grafana';

/**
 * Per-source status reported with every mesh state, so that partial data is
 * visible as such instead of failing the whole response.
 *
 * @public
 */
export interface SourceState {
  /** Stable id of the configured source, e.g. `snapshot:homelab`. */
  id: string;
  type: SourceType;
  status: SourceStatus;
  /** Why the source is not `ok`, naming the file, cluster or URL at fault. */
  message?: string;
  /** Age in seconds of the data served from this source. */
  ageSeconds?: number;
}
