import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { CriterionStatus } from '@istio-mesh/plugin-istio-mesh-common';
import { statusColor } from './statusColor';

const useStyles = makeStyles(theme => ({
  chip: {
    minWidth: theme.spacing(9),
    fontWeight: theme.typography.fontWeightBold as number,
    color: theme.palette.common.white,
  },
  pass: { backgroundColor: statusColor(theme, 'pass') },
  fail: { backgroundColor: statusColor(theme, 'fail') },
  warn: { backgroundColor: statusColor(theme, 'warn') },
  unknown: { backgroundColor: statusColor(theme, 'unknown') },
}));

/**
 * A criterion's status as a coloured chip. The status word itself is the
 * label, so it reads without colour and tests can find it as text.
 *
 * @internal
 */
export function CriterionStatusChip(props: { status: CriterionStatus }) {
  const { status } = props;
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={status}
      aria-label={`status: ${status}`}
      className={`${classes.chip} ${classes[status]}`}
    />
  );
}
