import { Criterion, CriterionId } from '../types/criteria';

const RUNTIME_SOURCES: Record<'service-graph' | 'tracing' | 'metrics', string> =
  {
    'service-graph': 'Prometheus (istio_requests_total edges)',
    tracing: 'Jaeger',
    metrics: 'Prometheus (Istio request metrics)',
  };

/**
 * The criteria that need runtime evidence (metrics and traces). No runtime
 * source is read yet, so they are `unknown` with the source that is not
 * configured, never `fail`.
 *
 * @public
 */
export function runtimeCriteria(): Criterion[] {
  return (Object.keys(RUNTIME_SOURCES) as CriterionId[]).map(id => ({
    id,
    status: 'unknown',
    summary: `Not configured: ${
      RUNTIME_SOURCES[id as keyof typeof RUNTIME_SOURCES]
    } is not a source yet`,
    evidence: [],
  }));
}
