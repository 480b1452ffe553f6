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
 * Slot for the traffic split observed in metrics, beside the configured
 * split under "How is traffic routed?". Renders nothing until the
 * Prometheus source fills it in.
 *
 * @internal
 */
export function ObservedSplitSlot(_props: RuntimeSlotProps) {
  return null;
}

/**
 * Slot for the neighbours observed in metrics (who calls it, whom it
 * calls), under "Who may call it?". Renders nothing until the Prometheus
 * source fills it in.
 *
 * @internal
 */
export function NeighboursSlot(_props: RuntimeSlotProps) {
  return null;
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
