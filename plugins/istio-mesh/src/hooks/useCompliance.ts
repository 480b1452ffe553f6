import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  ComplianceQuery,
  ComplianceSummaryQuery,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from '../api';
import {
  ComplianceView,
  listQuery,
  summaryQuery,
} from '../components/CompliancePage/complianceView';

/**
 * The page of rows and the summary a compliance view shows. Each is
 * loaded again only when its own query changes: paging and sorting do not
 * reload the summary, the trend's length does not reload the rows.
 *
 * @internal
 */
export function useCompliance(view: ComplianceView) {
  const api = useApi(istioMeshApiRef);
  // Keyed by value: the view is a new object on every URL change.
  const listKey = JSON.stringify(listQuery(view));
  const summaryKey = JSON.stringify(summaryQuery(view));
  const rows = useAsyncRetry(
    () => api.getCompliance(JSON.parse(listKey) as ComplianceQuery),
    [api, listKey],
  );
  const summary = useAsyncRetry(
    () =>
      api.getComplianceSummary(
        JSON.parse(summaryKey) as ComplianceSummaryQuery,
      ),
    [api, summaryKey],
  );
  return { rows, summary };
}
