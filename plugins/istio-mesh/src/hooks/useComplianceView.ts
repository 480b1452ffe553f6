import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  ComplianceView,
  complianceViewParams,
  parseComplianceView,
} from '../components/CompliancePage/complianceView';

/**
 * The compliance page's view, read from and written to the URL's search
 * parameters, so that a view can be shared and the back button undoes a
 * change. Any change but the page's own starts again at page 1.
 *
 * @internal
 */
export function useComplianceView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseComplianceView(params), [params]);
  const setView = useCallback(
    (changes: Partial<ComplianceView>) =>
      setParams(complianceViewParams({ ...view, page: 1, ...changes })),
    [view, setParams],
  );
  return [view, setView] as const;
}
