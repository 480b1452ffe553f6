import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { fullEntityRef } from '../components/ComplianceFilters/fullEntityRef';

// The kinds the backend's refresh computes compliance for.
const COMPLIANCE_KINDS = ['Component', 'Resource'];

/** Distinct refs of a facet's values, as full refs, sorted. */
function fullRefs(
  values: Array<{ value: string }> | undefined,
  defaultKind: string,
): string[] {
  const refs = new Set<string>();
  for (const { value } of values ?? []) {
    const ref = fullEntityRef(value, defaultKind);
    if (ref) refs.add(ref);
  }
  return [...refs].sort();
}

/**
 * The owners and systems the compliance rows can be filtered by: those of
 * the Components and Resources the user may read, from the catalog's
 * facets (one request, however many entities).
 *
 * @internal
 */
export function useRelationOptions() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const { facets } = await catalogApi.getEntityFacets({
      facets: ['spec.owner', 'spec.system'],
      filter: { kind: COMPLIANCE_KINDS },
    });
    return {
      owners: fullRefs(facets['spec.owner'], 'group'),
      systems: fullRefs(facets['spec.system'], 'system'),
    };
  }, [catalogApi]);
}
