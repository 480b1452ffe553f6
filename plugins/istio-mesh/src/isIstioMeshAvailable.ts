import { Entity } from '@backstage/catalog-model';
import { KUBERNETES_ANNOTATIONS } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * Whether the entity carries one of the Kubernetes plugin's annotations that
 * map it to workloads (`backstage.io/kubernetes-id` or
 * `backstage.io/kubernetes-label-selector`). Use it to show the Mesh tab only
 * where it has something to say.
 *
 * @public
 */
export function isIstioMeshAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ANNOTATIONS.id] ||
      annotations[KUBERNETES_ANNOTATIONS.labelSelector],
  );
}
