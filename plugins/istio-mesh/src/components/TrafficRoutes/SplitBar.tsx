import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRoute } from '@istio-mesh/plugin-istio-mesh-common';
import {
  describeSplit,
  destinationLabel,
  podsRunning,
} from './describeTrafficPolicy';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    width: '100%',
    minHeight: theme.spacing(5),
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    border: `1px solid ${theme.palette.divider}`,
  },
  segment: {
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'center',
    padding: theme.spacing(0.5, 1),
    minWidth: theme.spacing(12),
    color: theme.palette.common.white,
    overflow: 'hidden',
    // Labels wrap rather than hide: the pods under a thin segment matter.
    wordBreak: 'break-word',
  },
  running: { backgroundColor: theme.palette.primary.main },
  // No pods: requests sent here fail, so the segment stands out.
  empty: {
    backgroundColor: theme.palette.error.main,
    backgroundImage:
      'repeating-linear-gradient(45deg, transparent, transparent 6px, rgba(255,255,255,0.2) 6px, rgba(255,255,255,0.2) 12px)',
  },
  caption: { color: 'inherit', opacity: 0.9 },
}));

/**
 * A route's weights as a bar, one segment per destination sized by its
 * weight, labelled with its subset, weight and running pods; a destination
 * without pods is marked, since its share of requests fails.
 *
 * @internal
 */
export function SplitBar(props: { route: EntityRoute }) {
  const { route } = props;
  const classes = useStyles();
  return (
    <div
      className={classes.bar}
      role="img"
      aria-label={`Traffic split: ${describeSplit(route)}`}
    >
      {route.destinations.map((destination, i) => (
        <Tooltip
          key={`${destination.host}/${destination.subset ?? ''}/${i}`}
          title={`${destination.host}${
            destination.subset ? ` subset ${destination.subset}` : ''
          }${destination.port ? ` port ${destination.port}` : ''}`}
        >
          <div
            className={`${classes.segment} ${
              destination.podsRunning > 0 ? classes.running : classes.empty
            }`}
            style={{ flexGrow: destination.weight, flexBasis: 0 }}
            data-testid="split-segment"
          >
            <Typography variant="body2" component="span">
              {`${destinationLabel(destination)} ${destination.weight}%`}
            </Typography>
            <Typography
              variant="caption"
              component="span"
              className={classes.caption}
            >
              {podsRunning(destination)}
            </Typography>
          </div>
        </Tooltip>
      ))}
    </div>
  );
}
