import { Criterion, Evidence } from '../types/criteria';
import { TraceDependencies } from '../traces/traceDependencies';
import { EntityCriterionDefinition } from './criterionDefinition';

const edgeEvidence =
  (names: Set<string>, traces: TraceDependencies) =>
  (d: { parent: string; child: string; callCount: number }): Evidence => {
    const outbound = names.has(d.parent);
    const calls = `${d.callCount} call${d.callCount === 1 ? '' : 's'}`;
    return {
      kind: 'JaegerService',
      namespace: '',
      name: outbound ? d.parent : d.child,
      message: outbound
        ? `calls ${d.child}: ${calls} traced in the last ${traces.lookback} (${traces.source})`
        : `called by ${d.parent}: ${calls} traced in the last ${traces.lookback} (${traces.source})`,
    };
  };

/**
 * `tracing`: Jaeger shows the entity's services in traces with other
 * services over its lookback (the dependency graph has an edge to or from
 * one of them). Traced alone (known to Jaeger, but in no edge) warns: the
 * proxies' spans do not join up, or nothing called across services. Not
 * known to Jaeger at all fails: its requests are not traced.
 *
 * @public
 */
export function evaluateTracing(
  services: string[],
  traces: TraceDependencies,
): Criterion {
  const { source, lookback } = traces;
  const names = new Set(services);
  const edges = traces.dependencies.filter(
    d => d.parent !== d.child && (names.has(d.parent) || names.has(d.child)),
  );
  const list = services.join(', ');
  if (edges.length > 0) {
    const peers = [
      ...new Set(edges.map(d => (names.has(d.parent) ? d.child : d.parent))),
    ].sort();
    return {
      id: 'tracing',
      status: 'pass',
      summary: `Traced with ${peers.join(
        ', ',
      )} in the last ${lookback} (${source})`,
      evidence: edges.map(edgeEvidence(names, traces)),
    };
  }
  const known = services.filter(s => traces.services.includes(s));
  if (known.length > 0) {
    return {
      id: 'tracing',
      status: 'warn',
      summary: `${source} has traces of ${known.join(
        ', ',
      )}, but none with another service in the last ${lookback}: nothing called across services, or the spans do not join up (trace headers not propagated)`,
      evidence: known.map(service => ({
        kind: 'JaegerService',
        namespace: '',
        name: service,
        message: `traced alone in ${source}: no calls to or from other services in the last ${lookback}`,
      })),
    };
  }
  return {
    id: 'tracing',
    status: 'fail',
    summary: `${source} has no traces of ${list}: is tracing enabled for the workloads (Telemetry or meshConfig) with sampling above 0, and is the service name right (annotation jaegertracing.io/service)?`,
    evidence: services.map(service => ({
      kind: 'JaegerService',
      namespace: '',
      name: service,
      message: `not among the services ${source} has traces of`,
    })),
  };
}

/**
 * Input of {@link entityTracing}.
 *
 * @public
 */
export interface EntityTracingInput {
  /** The entity's Jaeger service names ({@link entityTracedServices}). */
  services: string[];
  /** Clusters of the entity's workloads; empty when it has none. */
  clusters: Array<string | undefined>;
  /** Every source's state, to say why there is no graph. */
  sources: Array<{
    id: string;
    type: string;
    status: string;
    message?: string;
  }>;
  /** What each Jaeger answered on the refresh. */
  traces: TraceDependencies[];
  /** Why the entity has no services, when it has none. */
  whyNoServices: string;
}

/**
 * The entity's `tracing` criterion from the first Jaeger covering its
 * clusters; `unknown`, saying why, without a Jaeger, without services, or
 * when the Jaeger could not be read.
 *
 * @public
 */
export function entityTracing(input: EntityTracingInput): Criterion {
  const unknown = (summary: string): Criterion => ({
    id: 'tracing',
    status: 'unknown',
    summary,
    evidence: [],
  });
  const jaegers = input.sources.filter(s => s.type === 'jaeger');
  if (jaegers.length === 0) {
    return unknown('Not configured: no Jaeger (istioMesh.jaeger) is a source');
  }
  if (input.services.length === 0) return unknown(input.whyNoServices);
  const traces = input.traces.find(
    t =>
      !t.clusters ||
      input.clusters.length === 0 ||
      input.clusters.some(c => c !== undefined && t.clusters!.includes(c)),
  );
  if (!traces) {
    const failed = jaegers.filter(s => s.status !== 'ok');
    const clusters = [...new Set(input.clusters)].join(', ');
    return unknown(
      failed.length > 0
        ? failed
            .map(s => `${s.id} is ${s.status}: ${s.message ?? ''}`)
            .join('; ')
        : `Not configured: no Jaeger (istioMesh.jaeger) covers cluster ${clusters}`,
    );
  }
  return evaluateTracing(input.services, traces);
}

/**
 * `tracing`: Jaeger has traces joining the entity's services with others.
 *
 * @public
 */
export const tracingCriterion: EntityCriterionDefinition<'tracing'> = {
  id: 'tracing',
  title: 'Tracing',
  scope: 'entity',
  judgedFrom: 'observation',
  level: 'gold',
  fixTemplates: [],
  evaluate: input => entityTracing(input.tracing),
};
