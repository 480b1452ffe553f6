import { CompoundEntityRef } from '@backstage/catalog-model';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import { TracesPanel } from '../TracesPanel';

/**
 * What each runtime slot of the Mesh tab receives: the entity's state, in
 * which runtime evidence (metrics) appears once a source provides it, and
 * the entity's name, for evidence asked for on demand (traces).
 *
 * @internal
 */
export interface RuntimeSlotProps {
  state: EntityMeshState;
  entityName: CompoundEntityRef;
}

/**
 * Slot for recent traces, after the routes: asked of Jaeger when the tab
 * opens, so the panel loads on its own and says so when no Jaeger is
 * configured.
 *
 * @internal
 */
export function TracesSlot(props: RuntimeSlotProps) {
  const { state, entityName } = props;
  return (
    <TracesPanel entityName={entityName} ownServices={state.traceServices} />
  );
}
