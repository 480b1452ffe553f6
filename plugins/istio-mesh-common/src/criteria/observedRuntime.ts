import { Criterion, Evidence } from '../types/criteria';
import { EntityRuntime } from '../runtime/entityRuntime';
import { edgeEvidence } from './serviceGraph';

/** Adds runtime evidence; a passing criterion becomes a warning. */
function withWarning(
  criterion: Criterion,
  summary: string,
  evidence: Evidence[],
): Criterion {
  if (evidence.length === 0) return criterion;
  return {
    ...criterion,
    ...(criterion.status === 'pass'
      ? { status: 'warn' as const, summary }
      : {}),
    evidence: [...criterion.evidence, ...evidence],
  };
}

/**
 * The runtime part of `mtls-strict`: plaintext observed into a workload
 * whose configured mode is STRICT (an uncaptured port, a proxy bypass, a
 * policy not yet applied) warns, with the edge as evidence.
 *
 * @public
 */
export function withObservedMtls(
  criterion: Criterion,
  runtime: EntityRuntime,
  strictWorkloads: string[],
): Criterion {
  const plaintext = runtime.edges.filter(
    e =>
      e.direction === 'inbound' &&
      e.mtls !== 'all' &&
      strictWorkloads.includes(e.workload),
  );
  return withWarning(
    criterion,
    `STRICT is configured, but plaintext was observed on ${
      plaintext.length
    } inbound edge${plaintext.length === 1 ? '' : 's'}`,
    plaintext.map(e => edgeEvidence(e, runtime)),
  );
}

const percent = (value: number) => `${value.toFixed(1)} %`;

/**
 * The runtime part of `traffic-policy`: an observed split further from its
 * configured weights than `splitTolerance` percentage points warns. Envoy's
 * outlier ejections are added as evidence, or that they are not exported.
 *
 * @public
 */
export function withObservedSplit(
  criterion: Criterion,
  runtime: EntityRuntime,
): Criterion {
  const drifted = runtime.observedSplit.filter(
    s =>
      Math.abs(s.observedShare - s.configuredWeight) > runtime.splitTolerance,
  );
  const checked = withWarning(
    criterion,
    `The observed split differs from the configured weights by more than ${runtime.splitTolerance} points`,
    drifted.map(s => {
      const [vsNamespace, vsName] = s.virtualService.split('/');
      return {
        kind: 'VirtualService',
        namespace: vsNamespace,
        name: vsName,
        message: `subset ${s.subset} (version ${s.version}) of ${
          s.host
        } is weighted ${percent(s.configuredWeight)} but received ${percent(
          s.observedShare,
        )} of requests over ${runtime.window} (${runtime.source})`,
      };
    }),
  );
  return {
    ...checked,
    evidence: [...checked.evidence, outlierEvidence(runtime)],
  };
}

/** What Envoy's outlier ejections say, or that they are not exported. */
function outlierEvidence(runtime: EntityRuntime): Evidence {
  const name = 'envoy_cluster_outlier_detection_ejections_enforced_total';
  return {
    kind: 'Metric',
    namespace: '',
    name,
    message:
      runtime.outlierEjections === undefined
        ? `not exported by default: add outlier_detection to the proxies' proxyStatsMatcher to see ejections (${runtime.source})`
        : `${runtime.outlierEjections} outlier ejection(s) towards the workloads' Services over ${runtime.window} (${runtime.source})`,
  };
}
