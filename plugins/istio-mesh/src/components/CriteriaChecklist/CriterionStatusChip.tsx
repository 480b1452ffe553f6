import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { CriterionStatus } from '@istio-mesh/plugin-istio-mesh-common';

const useStyles = makeStyles(theme => ({
  chip: {
    minWidth: theme.spacing(9),
    fontWeight: theme.typography.fontWeightBold as number,
    color: theme.palette.common.white,
  },
  pass: { backgroundColor: theme.palette.success.dark },
  fail: { backgroundColor: theme.palette.error.dark },
  warn: { backgroundColor: theme.palette.warning.dark },
  unknown: { backgroundColor: theme.palette.grey[600] },
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
