import ButtonBase from '@material-ui/core/ButtonBase';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ComplianceCounts,
  CRITERION_IDS,
  CriterionId,
  CriterionStatus,
  criterionTitle,
} from '@istio-mesh/plugin-istio-mesh-common';
import { STATUSES } from '../CompliancePage/complianceView';
import { statusColor } from '../CriteriaChecklist/statusColor';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, padding: 0, listStyle: 'none' },
  row: {
    display: 'grid',
    gridTemplateColumns: `${theme.spacing(24)}px 1fr ${theme.spacing(30)}px`,
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
  },
  bar: {
    display: 'flex',
    height: theme.spacing(2.5),
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
  },
  segment: {
    height: '100%',
    '&:hover, &:focus-visible': { filter: 'brightness(1.25)' },
  },
  pass: { backgroundColor: statusColor(theme, 'pass') },
  fail: { backgroundColor: statusColor(theme, 'fail') },
  warn: { backgroundColor: statusColor(theme, 'warn') },
  unknown: { backgroundColor: statusColor(theme, 'unknown') },
  counts: { whiteSpace: 'nowrap' },
}));

/**
 * One bar per criterion: how many of the listed entities pass, warn, are
 * unknown or fail it. A segment filters the page to those entities.
 *
 * @internal
 */
export function ComplianceSummaryBars(props: {
  counts: ComplianceCounts;
  onSelect(criterion: { id: CriterionId; status: CriterionStatus }): void;
}) {
  const { counts, onSelect } = props;
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label="Entities per criterion status">
      {CRITERION_IDS.map(id => {
        const statusCounts = counts.criteria[id];
        const shown = STATUSES.filter(status => statusCounts?.[status]);
        const title = criterionTitle(id);
        return (
          <li key={id} className={classes.row}>
            <Typography variant="body2">{title}</Typography>
            <div className={classes.bar}>
              {shown.map(status => {
                const count = statusCounts![status];
                const label = `${title}: ${count} ${status}`;
                return (
                  <ButtonBase
                    key={status}
                    className={`${classes.segment} ${classes[status]}`}
                    style={{ width: `${(100 * count) / counts.entities}%` }}
                    aria-label={label}
                    title={`${label}; show them`}
                    onClick={() => onSelect({ id, status })}
                  />
                );
              })}
            </div>
            <Typography
              variant="caption"
              color="textSecondary"
              className={classes.counts}
            >
              {shown
                .map(status => `${statusCounts![status]} ${status}`)
                .join(' · ')}
            </Typography>
          </li>
        );
      })}
    </ul>
  );
}
