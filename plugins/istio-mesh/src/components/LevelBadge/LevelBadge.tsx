import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { MeshLevelName } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * The colour of each level, shared by the badge and the trend chart so a
 * level reads the same everywhere.
 *
 * @internal
 */
export function levelColor(theme: Theme, level: MeshLevelName): string {
  return {
    none: theme.palette.grey[600],
    bronze: '#8c5a2b',
    silver: '#6b7785',
    gold: '#9a7b0a',
  }[level];
}

const useStyles = makeStyles(theme => ({
  badge: {
    minWidth: theme.spacing(8),
    fontWeight: theme.typography.fontWeightBold as number,
    color: theme.palette.common.white,
  },
  none: { backgroundColor: levelColor(theme, 'none') },
  bronze: { backgroundColor: levelColor(theme, 'bronze') },
  silver: { backgroundColor: levelColor(theme, 'silver') },
  gold: { backgroundColor: levelColor(theme, 'gold') },
}));

/**
 * An entity's bronze/silver/gold level as a coloured chip whose label is
 * the level itself, so it reads without colour.
 *
 * @internal
 */
export function LevelBadge(props: { level: MeshLevelName }) {
  const { level } = props;
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={level}
      aria-label={`level: ${level}`}
      className={`${classes.badge} ${classes[level]}`}
    />
  );
}
