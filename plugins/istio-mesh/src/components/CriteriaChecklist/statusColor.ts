import { Theme } from '@material-ui/core/styles';
import { CriterionStatus } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * The colour of a criterion status, shared by the tab's chips and the
 * compliance page's icons and bars so a status reads the same everywhere.
 *
 * @internal
 */
export function statusColor(theme: Theme, status: CriterionStatus): string {
  return {
    pass: theme.palette.success.dark,
    fail: theme.palette.error.dark,
    warn: theme.palette.warning.dark,
    unknown: theme.palette.grey[600],
  }[status];
}
