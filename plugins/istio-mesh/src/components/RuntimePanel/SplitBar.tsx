import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: theme.spacing(3),
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    border: `1px solid ${theme.palette.divider}`,
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.common.white,
  },
}));

/** One subset's share of a split, in percent. */
export interface SplitShare {
  subset: string;
  percent: number;
}

/**
 * A horizontal bar of a split's shares, one segment per subset, labelled
 * for screen readers with every share.
 *
 * @internal
 */
export function SplitBar(props: { label: string; shares: SplitShare[] }) {
  const { label, shares } = props;
  const classes = useStyles();
  const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b'];
  const described = shares
    .map(s => `${s.subset} ${s.percent.toFixed(1)} %`)
    .join(', ');
  return (
    <Box mb={1}>
      <Typography variant="caption" component="div">
        {`${label}: ${described}`}
      </Typography>
      <div
        className={classes.bar}
        role="img"
        aria-label={`${label}: ${described}`}
      >
        {shares.map((share, index) => (
          <div
            key={share.subset}
            className={classes.segment}
            style={{
              width: `${share.percent}%`,
              background: colors[index % colors.length],
            }}
          >
            {share.percent >= 8 ? share.subset : ''}
          </div>
        ))}
      </div>
    </Box>
  );
}
