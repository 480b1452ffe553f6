import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  criterionTitle,
  MeshLevel,
} from '@istio-mesh/plugin-istio-mesh-common';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
  },
}));

/**
 * The bronze/silver/gold level the criteria reach, and what the next level
 * still needs.
 *
 * @internal
 */
export function MeshLevelSummary(props: { level: MeshLevel }) {
  const { level, next } = props.level;
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <Chip
        size="small"
        label={`Level: ${level}`}
        aria-label={`mesh level: ${level}`}
        color={level === 'none' ? 'default' : 'primary'}
      />
      <Typography variant="body2">
        {next
          ? `${next.level[0].toUpperCase()}${next.level.slice(
              1,
            )} needs: ${next.missing.map(criterionTitle).join(', ')}`
          : 'Every criterion of the plan passes.'}
      </Typography>
    </div>
  );
}
