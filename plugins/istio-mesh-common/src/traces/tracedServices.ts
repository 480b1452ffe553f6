/**
 * The annotation naming an entity's service in Jaeger, as Backstage's
 * Jaeger plugins read it.
 *
 * @public
 */
export const JAEGER_SERVICE_ANNOTATION = 'jaegertracing.io/service';

/**
 * A workload, the fields its tracing service name is made of.
 *
 * @public
 */
export interface TracedWorkload {
  namespace: string;
  name: string;
  /** Pod labels. */
  labels: Record<string, string>;
}

/**
 * The service name Istio's proxies report a workload's spans under, by
 * default (`tracingServiceName: APP_LABEL_AND_NAMESPACE`):
 * `<app>.<namespace>`, where the app is the canonical service name
 * (`service.istio.io/canonical-name`, else `app.kubernetes.io/name`, else
 * `app`, else the workload's name).
 *
 * @public
 */
export function istioTracingServiceName(workload: TracedWorkload): string {
  const { labels } = workload;
  const app =
    labels['service.istio.io/canonical-name'] ??
    labels['app.kubernetes.io/name'] ??
    labels.app ??
    workload.name;
  return `${app}.${workload.namespace}`;
}

/**
 * The Jaeger service names of an entity: its `jaegertracing.io/service`
 * annotation (comma-separated names allowed), else Istio's default name of
 * each of its workloads. Sorted, without duplicates.
 *
 * @public
 */
export function entityTracedServices(
  annotations: Record<string, string> | undefined,
  workloads: TracedWorkload[],
): string[] {
  const annotated = annotations?.[JAEGER_SERVICE_ANNOTATION]?.split(',')
    .map(name => name.trim())
    .filter(Boolean);
  const names =
    annotated && annotated.length > 0
      ? annotated
      : workloads.map(istioTracingServiceName);
  return [...new Set(names)].sort();
}
