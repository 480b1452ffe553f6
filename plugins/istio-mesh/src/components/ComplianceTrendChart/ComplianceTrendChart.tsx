import { useId } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  ComplianceSummary,
  MeshLevelName,
} from '@istio-mesh/plugin-istio-mesh-common';
import { LEVELS } from '../CompliancePage/complianceView';
import { levelColor } from '../LevelBadge/LevelBadge';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 16, bottom: 24, left: 36 };

const useStyles = makeStyles(theme => ({
  svg: { width: '100%', height: 'auto', display: 'block' },
  axis: { fill: theme.palette.text.secondary, fontSize: 11 },
  grid: { stroke: theme.palette.divider },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  swatch: {
    display: 'inline-block',
    width: theme.spacing(1.5),
    height: theme.spacing(1.5),
    marginRight: theme.spacing(0.5),
    borderRadius: 2,
    verticalAlign: 'middle',
  },
}));

/**
 * How many entities were at each level on each day of the history, as
 * plain SVG lines (a charting library would weigh more than the page). The
 * latest day is also said in words, for screen readers and for the legend.
 *
 * @internal
 */
export function ComplianceTrendChart(props: {
  history: ComplianceSummary['history'];
  days: number;
}) {
  const { history, days } = props;
  const classes = useStyles();
  const theme = useTheme();
  const titleId = useId();
  const descId = useId();
  const latest = history[history.length - 1];
  const max = Math.max(1, ...history.map(day => day.entities));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left +
    (history.length > 1
      ? (index * plotWidth) / (history.length - 1)
      : plotWidth / 2);
  const y = (count: number) => PAD.top + plotHeight * (1 - count / max);
  const countsOn = (day: (typeof history)[number]) =>
    LEVELS.map(level => `${day.levels[level]} ${level}`).join(', ');

  if (!latest) {
    return (
      <Typography variant="body2" color="textSecondary">
        No history in the last {days} days yet: the refresh records one entry
        per entity and day.
      </Typography>
    );
  }
  return (
    <>
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className={classes.svg}
      >
        <title id={titleId}>{`Entities per level, last ${days} days`}</title>
        <desc id={descId}>{`${history.length} day(s) of history; on ${
          latest.day
        }: ${countsOn(latest)}.`}</desc>
        {[0, max].map(count => (
          <g key={count}>
            <line
              className={classes.grid}
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(count)}
              y2={y(count)}
            />
            <text
              className={classes.axis}
              x={PAD.left - 6}
              y={y(count) + 4}
              textAnchor="end"
            >
              {count}
            </text>
          </g>
        ))}
        <text
          className={classes.axis}
          x={x(0)}
          y={HEIGHT - 6}
          textAnchor={history.length > 1 ? 'start' : 'middle'}
        >
          {history[0].day}
        </text>
        {history.length > 1 && (
          <text
            className={classes.axis}
            x={x(history.length - 1)}
            y={HEIGHT - 6}
            textAnchor="end"
          >
            {latest.day}
          </text>
        )}
        {LEVELS.map((level: MeshLevelName) => (
          <g key={level} stroke={levelColor(theme, level)}>
            <polyline
              fill="none"
              strokeWidth={2}
              points={history
                .map((day, i) => `${x(i)},${y(day.levels[level])}`)
                .join(' ')}
            />
            {history.map((day, i) => (
              <circle
                key={day.day}
                cx={x(i)}
                cy={y(day.levels[level])}
                r={3}
                fill={levelColor(theme, level)}
              >
                <title>{`${day.day}: ${day.levels[level]} ${level}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      {history.length === 1 && (
        <Typography variant="caption" color="textSecondary" paragraph>
          One day of history so far: the refresh adds a point per day.
        </Typography>
      )}
      <ul className={classes.legend} aria-label={`Levels on ${latest.day}`}>
        {LEVELS.map(level => (
          <li key={level}>
            <span
              className={classes.swatch}
              style={{ backgroundColor: levelColor(theme, level) }}
            />
            <Typography variant="body2" component="span">
              {`${level}: ${latest.levels[level]}`}
            </Typography>
          </li>
        ))}
      </ul>
    </>
  );
}
