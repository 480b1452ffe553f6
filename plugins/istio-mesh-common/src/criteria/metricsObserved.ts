import { Criterion } from '../types/criteria';
import { EntityRuntime } from '../runtime/entityRuntime';
import {
  EntityCriterionDefinition,
  unknownCriterion,
} from './criterionDefinition';
import { withIstioDashboards } from './istioDashboards';

/**
 * `metrics`: Istio's standard request metrics exist for the workloads in
 * the window. It warns otherwise: an idle or unscraped workload.
 *
 * @public
 */
export function evaluateMetricsObserved(runtime: EntityRuntime): Criterion {
  const series = runtime.edges.length;
  if (series > 0) {
    return {
      id: 'metrics',
      status: 'pass',
      summary: `Istio metrics for ${series} edge${
        series === 1 ? '' : 's'
      } in the last ${runtime.window} (${runtime.source})`,
      evidence: [],
    };
  }
  return {
    id: 'metrics',
    status: 'warn',
    summary: `No Istio request metrics for the workloads in the last ${runtime.window} (${runtime.source}): no traffic, or their proxies are not scraped`,
    evidence: [],
  };
}

/**
 * `metrics`: Istio's request metrics exist for the entity's workloads, and
 * Grafana has Istio's dashboards when it was asked.
 *
 * @public
 */
export const metricsCriterion: EntityCriterionDefinition<'metrics'> = {
  id: 'metrics',
  title: 'Metrics',
  scope: 'entity',
  judgedFrom: 'observation',
  level: 'gold',
  fixTemplates: [],
  evaluate: ({ runtime, whyNoRuntime, dashboards }) => {
    if (!runtime) return unknownCriterion('metrics', whyNoRuntime);
    const observed = evaluateMetricsObserved(runtime);
    return dashboards ? withIstioDashboards(observed, dashboards) : observed;
  },
};
