import { NamespaceTelemetry } from '@istio-mesh/plugin-istio-mesh-common';

type TelemetryConfig = NonNullable<NamespaceTelemetry['mesh']>;

function providers(list: string[]) {
  return list.length > 0 ? list.join(', ') : 'default provider';
}

/**
 * What a namespace's Telemetry turns on, in one line per signal:
 * "tracing: jaeger at 100%", "metrics: prometheus", "access logs: off".
 * The namespace-level resource overrides the mesh-wide one per signal.
 *
 * @internal
 */
export function describeTelemetry(telemetry: NamespaceTelemetry): string[] {
  const applied = [telemetry.namespace, telemetry.mesh].filter(
    (t): t is TelemetryConfig => Boolean(t),
  );
  const first = <K extends 'tracing' | 'metrics' | 'accessLogging'>(key: K) =>
    applied.find(t => t[key].length > 0)?.[key][0] as
      | TelemetryConfig[K][number]
      | undefined;

  const lines: string[] = [];
  const tracing = first('tracing');
  if (tracing) {
    lines.push(
      tracing.disableSpanReporting
        ? 'tracing: span reporting disabled'
        : `tracing: ${providers(tracing.providers)}${
            tracing.randomSamplingPercentage !== undefined
              ? ` at ${tracing.randomSamplingPercentage}%`
              : ''
          }`,
    );
  }
  const metrics = first('metrics');
  if (metrics) {
    const off = metrics.disabled.map(d => d.metric);
    lines.push(
      `metrics: ${providers(metrics.providers)}${
        off.length > 0 ? ` (disabled: ${off.join(', ')})` : ''
      }`,
    );
  }
  const logging = first('accessLogging');
  if (logging) {
    lines.push(
      logging.disabled
        ? 'access logs: off'
        : `access logs: ${providers(logging.providers)}`,
    );
  }
  return lines;
}
