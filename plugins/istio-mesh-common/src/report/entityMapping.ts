import { EntityMapping } from '../types/mesh';
import {
  LabelRequirement,
  matchesLabelSelector,
  parseLabelSelector,
} from '../labels/labelSelector';
import { Workload } from '../resolution/workloads';

/**
 * The catalog kinds whose entities run workloads, as the Kubernetes plugin
 * shows them: the backend evaluates these, and the frontend offers the Mesh
 * tab and card for them.
 *
 * @public
 */
export const MESH_ENTITY_KINDS: readonly string[] = ['Component', 'Resource'];

/**
 * Whether the backend evaluates entities of this kind (case-insensitive,
 * as catalog kinds are compared).
 *
 * @public
 */
export function isMeshEntityKind(kind: string): boolean {
  return MESH_ENTITY_KINDS.some(k => k.toLowerCase() === kind.toLowerCase());
}

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
 * Annotations that parse but are refused: they would map the entity to
 * more than its own workloads.
 *
 * @public
 */
export class MappingRefusedError extends Error {
  name = 'MappingRefusedError';
}

/**
 * Options of {@link entityWorkloadSelector}.
 *
 * @public
 */
export interface EntityMappingOptions {
  /**
   * Refuse entities without `backstage.io/kubernetes-namespace`
   * (`istioMesh.mapping.requireNamespace`), whose selector would otherwise
   * search every namespace.
   */
  requireNamespace?: boolean;
}

/**
 * Reads the selector from an entity's annotations: the label selector
 * annotation wins over `backstage.io/kubernetes-id`, which stands for the
 * label `backstage.io/kubernetes-id=<id>`. Returns undefined when the entity
 * has neither. Throws an Error when the label selector is malformed, and a
 * {@link MappingRefusedError} when it is made only of negative
 * requirements (`app!=x`, `!app`, `app notin (...)`), which match every
 * workload of a cluster, istiod included, or when a namespace is required
 * and not given.
 *
 * @public
 */
export function entityWorkloadSelector(
  annotations: Record<string, string> | undefined,
  options: EntityMappingOptions = {},
): EntityWorkloadSelector | undefined {
  const labelSelector =
    annotations?.[KUBERNETES_ANNOTATIONS.labelSelector] ??
    (annotations?.[KUBERNETES_ANNOTATIONS.id]
      ? `${KUBERNETES_ANNOTATIONS.id}=${annotations[KUBERNETES_ANNOTATIONS.id]}`
      : undefined);
  if (!labelSelector) {
    return undefined;
  }
  const requirements = parseLabelSelector(labelSelector);
  const positive = requirements.some(
    r => r.operator === 'in' || r.operator === 'exists',
  );
  if (!positive) {
    throw new MappingRefusedError(
      `The label selector "${labelSelector}" only excludes labels, so it would match every workload of the cluster, istiod included; add a requirement the entity's pods carry, such as app=<name>.`,
    );
  }
  const namespace = annotations?.[KUBERNETES_ANNOTATIONS.namespace];
  if (options.requireNamespace && !namespace) {
    throw new MappingRefusedError(
      `The entity has no ${KUBERNETES_ANNOTATIONS.namespace} annotation, which this installation requires (istioMesh.mapping.requireNamespace), so that an entity cannot claim workloads of every namespace.`,
    );
  }
  return {
    labelSelector,
    requirements,
    namespace,
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
