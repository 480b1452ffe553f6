import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { istioMeshApiRef } from '../api';

/**
 * Loads the mesh state of one entity through {@link istioMeshApiRef}, again
 * whenever the entity changes; `retry` loads it once more.
 *
 * @internal
 */
export function useEntityMeshState(entityName: CompoundEntityRef) {
  const api = useApi(istioMeshApiRef);
  const { kind, namespace, name } = entityName;
  return useAsyncRetry(
    () => api.getEntityMeshState({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}
