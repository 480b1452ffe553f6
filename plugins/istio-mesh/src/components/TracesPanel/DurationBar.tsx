import { makeStyles } from '@material-ui/core/styles';
import { formatDuration } from './describeLookback';

const useStyles = makeStyles(theme => ({
  cell: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minWidth: theme.spacing(22),
  },
  track: {
    flex: 1,
    height: theme.spacing(1.5),
    borderRadius: theme.shape.borderRadius,
    background: theme.palette.action.hover,
    overflow: 'hidden',
  },
  ok: { height: '100%', background: theme.palette.primary.main },
  error: { height: '100%', background: theme.palette.error.main },
  text: {
    whiteSpace: 'nowrap',
    fontSize: theme.typography.body2.fontSize,
    fontVariantNumeric: 'tabular-nums',
  },
}));

/**
 * A trace's duration as a bar scaled to the slowest trace shown (`maxMs`),
 * red when the trace has errors, with the duration written beside it.
 *
 * @internal
 */
export function DurationBar(props: {
  durationMs: number;
  maxMs: number;
  failed: boolean;
}) {
  const { durationMs, maxMs, failed } = props;
  const classes = useStyles();
  const percent = maxMs > 0 ? Math.max(1, (durationMs / maxMs) * 100) : 0;
  const text = formatDuration(durationMs);
  return (
    <div className={classes.cell}>
      <div
        className={classes.track}
        role="img"
        aria-label={`${text}, ${Math.round(percent)} % of the slowest`}
      >
        <div
          className={failed ? classes.error : classes.ok}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className={classes.text}>{text}</span>
    </div>
  );
}
