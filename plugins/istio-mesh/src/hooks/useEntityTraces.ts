import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { EntityTracesQuery } from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from '../api';

/**
 * Loads the recent traces of one entity on demand (they are not part of the
 * stored mesh state), again whenever the entity or the query changes;
 * `retry` loads them once more.
 *
 * @internal
 */
export function useEntityTraces(
  entityName: CompoundEntityRef,
  query: EntityTracesQuery,
) {
  const api = useApi(istioMeshApiRef);
  const { kind, namespace, name } = entityName;
  const { lookback, limit } = query;
  return useAsyncRetry(
    async () =>
      api.getEntityTraces({ kind, namespace, name }, { lookback, limit }),
    [api, kind, namespace, name, lookback, limit],
  );
}
