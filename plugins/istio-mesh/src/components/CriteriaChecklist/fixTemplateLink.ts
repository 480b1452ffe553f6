import {
  Criterion,
  EntityMeshState,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * Where the "Fix" link of a criterion points: the scaffolder template named
 * by the criterion, with its form pre-filled for the entity's first
 * workload (its first Service is the host). Undefined when the criterion passes or names no template.
 *
 * @internal
 */
export function fixTemplateLink(
  criterion: Criterion,
  state: EntityMeshState,
): string | undefined {
  if (!criterion.fixTemplate || criterion.status === 'pass') {
    return undefined;
  }
  const [workload] = state.workloads;
  const formData = {
    entityRef: state.entityRef,
    namespace: workload?.namespace ?? state.mapping.namespace,
    workload: workload?.name,
    host: workload?.services?.[0] ?? workload?.name,
  };
  return `/create/templates/default/${encodeURIComponent(
    criterion.fixTemplate,
  )}?formData=${encodeURIComponent(JSON.stringify(formData))}`;
}
