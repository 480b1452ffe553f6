import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * What each runtime slot of the Mesh tab receives: the entity's state, in
 * which runtime evidence (metrics, traces) appears once a source provides
 * it.
 *
 * @internal
 */
export interface RuntimeSlotProps {
  state: EntityMeshState;
}

/**
 * Slot for recent traces, after the routes. Renders nothing until the
 * Jaeger source fills it in.
 *
 * @internal
 */
export function TracesSlot(_props: RuntimeSlotProps) {
  return null;
}
