import { makeStyles } from '@material-ui/core/styles';
import CancelIcon from '@material-ui/icons/Cancel';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import WarningIcon from '@material-ui/icons/Warning';
import { CriterionStatus } from '@istio-mesh/plugin-istio-mesh-common';
import { statusColor } from '../CriteriaChecklist/statusColor';

const useStyles = makeStyles(theme => ({
  pass: { color: statusColor(theme, 'pass') },
  fail: { color: statusColor(theme, 'fail') },
  warn: { color: statusColor(theme, 'warn') },
  unknown: { color: statusColor(theme, 'unknown') },
}));

const ICONS = {
  pass: CheckCircleIcon,
  fail: CancelIcon,
  warn: WarningIcon,
  unknown: HelpOutlineIcon,
};

/**
 * A criterion's status as an icon: its shape as well as its colour tell
 * the statuses apart. Decorative: the link around it carries the name.
 *
 * @internal
 */
export function CriterionStatusIcon(props: { status: CriterionStatus }) {
  const { status } = props;
  const classes = useStyles();
  const Icon = ICONS[status];
  return <Icon fontSize="small" className={classes[status]} aria-hidden />;
}
