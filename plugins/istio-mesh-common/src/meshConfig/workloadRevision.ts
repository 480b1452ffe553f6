import {
  INJECTION_NAMESPACE_LABEL,
  REVISION_LABEL,
} from '../resolution/enrollment';
import { Workload } from '../resolution/workloads';
import { KubernetesObject } from '../resources/objects';

const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';

/** The `revision` an injected pod's `sidecar.istio.io/status` names. */
function injectedRevision(
  annotations: Record<string, string> | undefined,
): string | undefined {
  const status = annotations?.[SIDECAR_STATUS_ANNOTATION];
  if (status) {
    try {
      const revision = (JSON.parse(status) as { revision?: unknown }).revision;
      if (typeof revision === 'string' && revision) return revision;
    } catch {
      // An unreadable status says nothing about the revision.
    }
  }
  // The injector also annotates the pod with the revision it used.
  return annotations?.[REVISION_LABEL] || undefined;
}

/**
 * The control-plane revision a workload belongs to, for reading its mesh
 * configuration: the revision an injected pod records
 * (`sidecar.istio.io/status`, or the `istio.io/rev` annotation the injector
 * adds), else the revision the injection webhooks pick: `default` for a
 * namespace labelled `istio-injection`, else the namespace's `istio.io/rev`,
 * else the pod's, else `default`.
 * A revision tag is followed to the revision it points at.
 *
 * @public
 */
export function workloadRevision(
  workload: Workload,
  podAnnotations: Array<Record<string, string> | undefined>,
  namespace: KubernetesObject | undefined,
  tags: ReadonlyMap<string, string> = new Map(),
): string {
  const resolve = (revision: string) => tags.get(revision) ?? revision;
  for (const annotations of podAnnotations) {
    const revision = injectedRevision(annotations);
    if (revision) return resolve(revision);
  }
  // The webhooks look at the namespace first: istio-injection, then
  // istio.io/rev; the pod's own label only counts without either.
  const labels = namespace?.metadata.labels ?? {};
  if (INJECTION_NAMESPACE_LABEL in labels) return 'default';
  if (labels[REVISION_LABEL]) return resolve(labels[REVISION_LABEL]);
  const podRevision = workload.labels[REVISION_LABEL];
  return podRevision ? resolve(podRevision) : 'default';
}
