import { EntityMapping } from '../types/mesh';
import {
  LabelRequirement,
  matchesLabelSelector,
  parseLabelSelector,
} from '../labels/labelSelector';
import { Workload } from '../resolution/workloads';

/**
 * The Kubernetes plugin's annotations, reused to find an entity's workloads.
 *
 * @public
 */
export const KUBERNETES_ANNOTATIONS = {
  id: 'backstage.io/kubernetes-id',
  labelSelector: 'backstage.io/kubernetes-label-selector',
  namespace: 'backstage.io/kubernetes-namespace',
  cluster: 'backstage.io/kubernetes-cluster',
} as const;

/**
 * How to find an entity's workloads, as the Kubernetes plugin would.
 *
 * @public
 */
export interface EntityWorkloadSelector {
  labelSelector: string;
  requirements: LabelRequirement[];
  namespace?: string;
  cluster?: string;
}

/**
 * Reads the selector from an entity's annotations: the label selector
 * annotation wins over `backstage.io/kubernetes-id`, which stands for the
 * label `backstage.io/kubernetes-id=<id>`. Returns undefined when the entity
 * has neither. Throws when the label selector is malformed.
 *
 * @public
 */
export function entityWorkloadSelector(
  annotations: Record<string, string> | undefined,
): EntityWorkloadSelector | undefined {
  const labelSelector =
    annotations?.[KUBERNETES_ANNOTATIONS.labelSelector] ??
    (annotations?.[KUBERNETES_ANNOTATIONS.id]
      ? `${KUBERNETES_ANNOTATIONS.id}=${annotations[KUBERNETES_ANNOTATIONS.id]}`
      : undefined);
  if (!labelSelector) {
    return undefined;
  }
  return {
    labelSelector,
    requirements: parseLabelSelector(labelSelector),
    namespace: annotations?.[KUBERNETES_ANNOTATIONS.namespace],
    cluster: annotations?.[KUBERNETES_ANNOTATIONS.cluster],
  };
}

/**
 * Whether a workload belongs to the entity: in the selected namespace, and
 * its pods or the workload object carry matching labels.
 *
 * @public
 */
export function workloadMatchesSelector(
  workload: Workload,
  selector: EntityWorkloadSelector,
): boolean {
  if (selector.namespace && workload.namespace !== selector.namespace) {
    return false;
  }
  return (
    matchesLabelSelector(selector.requirements, workload.labels) ||
    matchesLabelSelector(selector.requirements, workload.objectLabels) ||
    workload.pods.some(pod =>
      matchesLabelSelector(selector.requirements, pod.metadata.labels),
    )
  );
}

/**
 * The mapping outcome reported to the user.
 *
 * @public
 */
export function describeMapping(
  selector: EntityWorkloadSelector | undefined,
  workloadCount: number,
): EntityMapping {
  if (!selector) {
    return {
      status: 'annotation-missing',
      message: `The entity has neither ${KUBERNETES_ANNOTATIONS.id} nor ${KUBERNETES_ANNOTATIONS.labelSelector}; add one to map it to its workloads.`,
    };
  }
  const where = [
    selector.cluster ? `cluster ${selector.cluster}` : 'all clusters',
    selector.namespace ? `namespace ${selector.namespace}` : 'all namespaces',
  ].join(', ');
  return {
    status: workloadCount > 0 ? 'mapped' : 'no-workloads',
    labelSelector: selector.labelSelector,
    ...(selector.namespace ? { namespace: selector.namespace } : {}),
    ...(selector.cluster ? { cluster: selector.cluster } : {}),
    message:
      workloadCount > 0
        ? `${workloadCount} workload(s) match ${selector.labelSelector} in ${where}.`
        : `No workload matches ${selector.labelSelector} in ${where}.`,
  };
}
