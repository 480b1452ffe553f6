import { Criterion } from '../types/criteria';

/**
 * The dashboards Istio ships for Grafana that `metrics` looks for.
 *
 * @public
 */
export const ISTIO_DASHBOARDS = {
  workload: 'Istio Workload Dashboard',
  service: 'Istio Service Dashboard',
} as const;

/**
 * What Grafana answered about Istio's dashboards on a refresh.
 *
 * @public
 */
export interface GrafanaDashboards {
  /** Source id, e.g. `grafana:links`. */
  source: string;
  /** UID of each of Istio's dashboards found, by key of {@link ISTIO_DASHBOARDS}. */
  found: Partial<Record<keyof typeof ISTIO_DASHBOARDS, string>>;
}

/**
 * The Grafana part of `metrics`: a passing criterion warns when Istio's
 * dashboards are missing from Grafana, naming them; found dashboards are
 * evidence. Without metrics there is nothing to display, and the
 * criterion is left as it is but for the evidence.
 *
 * @public
 */
export function withIstioDashboards(
  criterion: Criterion,
  dashboards: GrafanaDashboards,
): Criterion {
  const keys = Object.keys(ISTIO_DASHBOARDS) as Array<
    keyof typeof ISTIO_DASHBOARDS
  >;
  const missing = keys.filter(k => !dashboards.found[k]);
  const evidence = keys.map(k => ({
    kind: 'GrafanaDashboard',
    namespace: '',
    name: ISTIO_DASHBOARDS[k],
    message: dashboards.found[k]
      ? `in Grafana as uid ${dashboards.found[k]} (${dashboards.source})`
      : `not in Grafana (${dashboards.source}): import Istio's dashboards so that the metrics are displayed`,
  }));
  return {
    ...criterion,
    ...(criterion.status === 'pass' && missing.length > 0
      ? {
          status: 'warn' as const,
          summary: `${criterion.summary}, but Grafana lacks ${missing
            .map(k => ISTIO_DASHBOARDS[k])
            .join(' and ')}`,
        }
      : {}),
    evidence: [...criterion.evidence, ...evidence],
  };
}
