import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { istioMeshApiRef } from '../api';
import { EntityTracesApi } from '../components/TracesPanel/tracesContract';

/**
 * Loads the recent traces of one entity on demand (they are not part of the
 * stored mesh state), again whenever the entity or the query changes;
 * `retry` loads them once more.
 *
 * @internal
 */
export function useEntityTraces(
  entityName: CompoundEntityRef,
  query: { lookback: string; limit: number },
) {
  // Until the common client has getEntityTraces (issue 14's contract).
  const api = useApi(istioMeshApiRef) as unknown as EntityTracesApi;
  const { kind, namespace, name } = entityName;
  const { lookback, limit } = query;
  return useAsyncRetry(
    async () =>
      api.getEntityTraces({ kind, namespace, name }, { lookback, limit }),
    [api, kind, namespace, name, lookback, limit],
  );
}
