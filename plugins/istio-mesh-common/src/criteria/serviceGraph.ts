import { Criterion, Evidence } from '../types/criteria';
import { EntityRuntime, RuntimeEdge } from '../runtime/entityRuntime';
import {
  EntityCriterionDefinition,
  unknownCriterion,
} from './criterionDefinition';

const MTLS_WORDS: Record<RuntimeEdge['mtls'], string> = {
  all: 'all over mTLS',
  partial: 'partly plaintext',
  none: 'plaintext',
};

/**
 * A rate as people read it.
 *
 * @public
 */
export function formatRate(edge: RuntimeEdge): string {
  const unit = edge.protocol === 'tcp' ? 'conn/s' : 'req/s';
  const digits = edge.requestsPerSecond >= 1 ? 1 : 3;
  return `${edge.requestsPerSecond.toFixed(digits)} ${unit}`;
}

/**
 * One observed edge as evidence: the peer workload, and how it talked.
 *
 * @public
 */
export function edgeEvidence(
  edge: RuntimeEdge,
  runtime: EntityRuntime,
): Evidence {
  const way =
    edge.direction === 'inbound'
      ? `calls ${edge.workload}`
      : `is called by ${edge.workload}`;
  const success =
    edge.successRate === null
      ? ''
      : `, ${(edge.successRate * 100).toFixed(1)} % without 5xx`;
  return {
    kind: 'Workload',
    namespace: edge.peer.namespace,
    name: edge.peer.workload,
    message: `${way} (${edge.protocol.toUpperCase()}, ${formatRate(
      edge,
    )}${success}): ${MTLS_WORDS[edge.mtls]}, observed by ${
      runtime.source
    } over ${runtime.window}`,
  };
}

/**
 * `service-graph`: the workload's observed edges exist and are all mTLS.
 * Fails on a plaintext edge, warns on a partly plaintext one; `unknown`
 * without traffic in the window.
 *
 * @public
 */
export function evaluateServiceGraph(runtime: EntityRuntime): Criterion {
  const { edges } = runtime;
  if (edges.length === 0) {
    return {
      id: 'service-graph',
      status: 'unknown',
      summary: `No traffic to or from the workloads in the last ${runtime.window} (${runtime.source})`,
      evidence: [],
    };
  }
  const plaintext = edges.filter(e => e.mtls === 'none');
  const partial = edges.filter(e => e.mtls === 'partial');
  const evidence = [...plaintext, ...partial].map(e =>
    edgeEvidence(e, runtime),
  );
  if (plaintext.length > 0) {
    return {
      id: 'service-graph',
      status: 'fail',
      summary: `${plaintext.length} of ${edges.length} observed edges carry plaintext`,
      evidence,
    };
  }
  if (partial.length > 0) {
    return {
      id: 'service-graph',
      status: 'warn',
      summary: `${partial.length} of ${edges.length} observed edges are partly plaintext`,
      evidence,
    };
  }
  return {
    id: 'service-graph',
    status: 'pass',
    summary: `${edges.length} observed edge${
      edges.length === 1 ? '' : 's'
    }, all over mTLS`,
    evidence: edges.map(e => edgeEvidence(e, runtime)),
  };
}

/**
 * `service-graph`: Prometheus saw the entity's workloads call and be called
 * over mutual TLS.
 *
 * @public
 */
export const serviceGraphCriterion: EntityCriterionDefinition<'service-graph'> =
  {
    id: 'service-graph',
    title: 'Service graph',
    scope: 'entity',
    judgedFrom: 'observation',
    level: 'gold',
    fixTemplates: [],
    evaluate: ({ runtime, whyNoRuntime }) =>
      runtime
        ? evaluateServiceGraph(runtime)
        : unknownCriterion('service-graph', whyNoRuntime),
  };
