import { Entity } from '@backstage/catalog-model';
import { isMeshEntityKind } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * Whether the backend evaluates the entity: a Component or a Resource, the
 * kinds that run workloads. Use it to show the Mesh tab and card. An
 * entity without the Kubernetes annotations still gets them, and they say
 * how to annotate it.
 *
 * @public
 */
export function isIstioMeshAvailable(entity: Entity): boolean {
  return isMeshEntityKind(entity.kind);
}
