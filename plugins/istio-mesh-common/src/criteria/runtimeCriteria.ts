import { Criterion } from '../types/criteria';
import { EntityRuntime } from '../runtime/entityRuntime';
import { evaluateServiceGraph } from './serviceGraph';
import { evaluateMetricsObserved } from './metricsObserved';

/**
 * The criteria that need runtime evidence. `service-graph` and `metrics`
 * are judged from the entity's observed traffic; without it they are
 * `unknown` saying why (`whyUnknown`), never `fail`. `tracing` is judged
 * from Jaeger's dependency graph ({@link entityTracing}) and passed in;
 * `unknown` when it is not.
 *
 * @public
 */
export function runtimeCriteria(
  runtime?: EntityRuntime,
  whyUnknown = 'Not configured: no Prometheus (istioMesh.prometheus) is a source',
  tracing: Criterion = {
    id: 'tracing',
    status: 'unknown',
    summary: 'Not configured: no Jaeger (istioMesh.jaeger) is a source',
    evidence: [],
  },
): Criterion[] {
  const unknown = (id: 'service-graph' | 'metrics'): Criterion => ({
    id,
    status: 'unknown',
    summary: whyUnknown,
    evidence: [],
  });
  return [
    runtime ? evaluateServiceGraph(runtime) : unknown('service-graph'),
    tracing,
    runtime ? evaluateMetricsObserved(runtime) : unknown('metrics'),
  ];
}
