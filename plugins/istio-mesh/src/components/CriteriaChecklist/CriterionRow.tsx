import { useEffect, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Link } from '@backstage/core-components';
import {
  Criterion,
  criterionTitle,
} from '@istio-mesh/plugin-istio-mesh-common';
import { CriterionStatusChip } from './CriterionStatusChip';
import { CriterionEvidence } from './CriterionEvidence';

const useStyles = makeStyles(theme => ({
  summaryRow: {
    '& > td': { borderBottom: 'unset' },
  },
  focused: {
    boxShadow: `inset ${theme.spacing(0.5)}px 0 0 ${
      theme.palette.primary.main
    }`,
  },
  evidenceCell: {
    paddingTop: 0,
    paddingBottom: 0,
  },
  evidence: {
    padding: theme.spacing(0, 0, 2, 2),
  },
  noWrap: {
    whiteSpace: 'nowrap',
  },
}));

/**
 * One criterion of the checklist: status, title, summary, a toggle for its
 * evidence and, when there is a template for it, a "Fix" link. Evidence of
 * failing and warning criteria starts expanded, since that is what the
 * service owner came to read; so does a `focused` one, which is also
 * highlighted and scrolled into view.
 *
 * @internal
 */
export function CriterionRow(props: {
  criterion: Criterion;
  fixLink?: string;
  focused?: boolean;
}) {
  const { criterion, fixLink, focused = false } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(
    focused || criterion.status === 'fail' || criterion.status === 'warn',
  );
  const evidenceId = `istio-mesh-evidence-${criterion.id}`;
  const rowRef = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (focused) {
      rowRef.current?.scrollIntoView?.({ block: 'center' });
    }
  }, [focused]);

  return (
    <>
      <TableRow
        ref={rowRef}
        className={`${classes.summaryRow} ${focused ? classes.focused : ''}`}
        selected={focused}
        aria-current={focused ? 'true' : undefined}
      >
        <TableCell>
          <CriterionStatusChip status={criterion.status} />
        </TableCell>
        <TableCell className={classes.noWrap}>
          <Typography variant="subtitle2" component="span">
            {criterionTitle(criterion.id)}
          </Typography>
        </TableCell>
        <TableCell>
          <Typography variant="body2">{criterion.summary}</Typography>
        </TableCell>
        <TableCell className={classes.noWrap}>
          <Button
            size="small"
            aria-expanded={open}
            aria-controls={evidenceId}
            endIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            onClick={() => setOpen(!open)}
          >
            Evidence ({criterion.evidence.length})
          </Button>
        </TableCell>
        <TableCell>
          {fixLink && (
            <Link to={fixLink} title={`Open template ${criterion.fixTemplate}`}>
              Fix
            </Link>
          )}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={5} className={classes.evidenceCell}>
          <Collapse in={open} unmountOnExit>
            <div id={evidenceId} className={classes.evidence}>
              <CriterionEvidence evidence={criterion.evidence} />
            </div>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}
