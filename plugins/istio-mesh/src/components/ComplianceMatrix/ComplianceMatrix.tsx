import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import {
  humanizeEntityRef,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  ComplianceOrderBy,
  CompliancePage,
  ComplianceRow,
  CRITERION_IDS,
  criterionTitle,
} from '@istio-mesh/plugin-istio-mesh-common';
import { ComplianceView, PAGE_SIZES } from '../CompliancePage/complianceView';
import { LevelBadge } from '../LevelBadge/LevelBadge';
import { formatAge } from '../SourcesPanel/formatAge';
import { CriterionStatusIcon } from './CriterionStatusIcon';

const useStyles = makeStyles(theme => ({
  // Nine criteria next to names: the criteria's titles are set vertically
  // so their columns are as narrow as their icons, and names stay on one
  // line.
  table: {
    '& th, & td': { padding: theme.spacing(0.75, 1) },
  },
  head: { verticalAlign: 'bottom', whiteSpace: 'nowrap' },
  criterionHead: { verticalAlign: 'bottom', textAlign: 'center' },
  vertical: {
    writingMode: 'vertical-rl',
    transform: 'rotate(180deg)',
    whiteSpace: 'nowrap',
  },
  cell: { textAlign: 'center' },
  cellLink: { display: 'inline-flex' },
  noWrap: { whiteSpace: 'nowrap' },
  stale: { color: theme.palette.warning.dark, fontWeight: 'bold' },
}));

/** A column header that sorts by `orderBy`. */
function SortHeader(props: {
  orderBy: ComplianceOrderBy;
  view: ComplianceView;
  onViewChange(changes: Partial<ComplianceView>): void;
  vertical?: boolean;
  children: string;
}) {
  const { orderBy, view, onViewChange, vertical, children } = props;
  const classes = useStyles();
  const active = view.orderBy === orderBy;
  return (
    <TableCell
      className={vertical ? classes.criterionHead : classes.head}
      sortDirection={active ? view.order : false}
    >
      <TableSortLabel
        className={vertical ? classes.vertical : undefined}
        active={active}
        direction={active ? view.order : 'asc'}
        onClick={() =>
          onViewChange({
            orderBy,
            order: active && view.order === 'asc' ? 'desc' : 'asc',
          })
        }
      >
        {children}
      </TableSortLabel>
    </TableCell>
  );
}

/** An owner or system ref as a link to its entity page. */
function RelationLink(props: { entityRef?: string; defaultKind: string }) {
  const { entityRef, defaultKind } = props;
  const linkTo = useEntityRefLink();
  if (!entityRef) return null;
  return (
    <Link to={linkTo(entityRef)}>
      {humanizeEntityRef(parseEntityRef(entityRef), { defaultKind })}
    </Link>
  );
}

function MatrixRow(props: {
  row: ComplianceRow;
  staleAfterSeconds?: number;
  now: number;
}) {
  const { row, staleAfterSeconds, now } = props;
  const classes = useStyles();
  const linkTo = useEntityRefLink();
  const entityPage = linkTo(row.entityRef);
  const name = parseEntityRef(row.entityRef).name;
  const ageSeconds = (now - Date.parse(row.updatedAt)) / 1000;
  const stale =
    staleAfterSeconds !== undefined && ageSeconds > staleAfterSeconds;
  return (
    <TableRow hover>
      <TableCell component="th" scope="row" className={classes.noWrap}>
        <Link to={entityPage}>{row.title ?? name}</Link>
        {row.title && (
          <Typography variant="caption" display="block" color="textSecondary">
            {name}
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.noWrap}>
        <RelationLink entityRef={row.owner} defaultKind="group" />
      </TableCell>
      <TableCell className={classes.noWrap}>
        <RelationLink entityRef={row.system} defaultKind="system" />
      </TableCell>
      <TableCell>
        <LevelBadge level={row.level} />
      </TableCell>
      {CRITERION_IDS.map(id => {
        const status = row.criteria[id] ?? 'unknown';
        const label = `${name}, ${criterionTitle(id)}: ${status}`;
        return (
          <TableCell key={id} className={classes.cell}>
            <Link
              to={`${entityPage}/mesh?criterion=${id}`}
              aria-label={label}
              title={label}
              className={classes.cellLink}
            >
              <CriterionStatusIcon status={status} />
            </Link>
          </TableCell>
        );
      })}
      <TableCell className={classes.noWrap}>
        <time
          dateTime={row.updatedAt}
          title={row.updatedAt}
          className={stale ? classes.stale : undefined}
        >
          {`${formatAge(ageSeconds)} ago${stale ? ', stale' : ''}`}
        </time>
      </TableCell>
    </TableRow>
  );
}

/**
 * Entities by criteria: one row per entity with its owner, system and
 * level, one column per criterion whose cell opens the entity's Mesh tab at
 * that criterion. Sorting and paging change the view (the URL), which the
 * page loads from the backend.
 *
 * @internal
 */
export function ComplianceMatrix(props: {
  page: CompliancePage;
  view: ComplianceView;
  onViewChange(changes: Partial<ComplianceView>): void;
  now: number;
}) {
  const { page, view, onViewChange, now } = props;
  const classes = useStyles();
  const sort = { view, onViewChange };
  return (
    <>
      <TableContainer>
        <Table
          size="small"
          aria-label="Compliance matrix"
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              <SortHeader orderBy="entityRef" {...sort}>
                Entity
              </SortHeader>
              <SortHeader orderBy="owner" {...sort}>
                Owner
              </SortHeader>
              <TableCell className={classes.head}>System</TableCell>
              <SortHeader orderBy="level" {...sort}>
                Level
              </SortHeader>
              {CRITERION_IDS.map(id => (
                <SortHeader key={id} orderBy={id} vertical {...sort}>
                  {criterionTitle(id)}
                </SortHeader>
              ))}
              <SortHeader orderBy="updatedAt" {...sort}>
                Updated
              </SortHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.items.map(row => (
              <MatrixRow
                key={row.entityRef}
                row={row}
                staleAfterSeconds={page.staleAfterSeconds}
                now={now}
              />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={page.totalItems}
        page={view.page - 1}
        rowsPerPage={view.pageSize}
        rowsPerPageOptions={[...PAGE_SIZES].sort((a, b) => a - b)}
        onPageChange={(_event, next) => onViewChange({ page: next + 1 })}
        onRowsPerPageChange={event =>
          onViewChange({ pageSize: Number(event.target.value) })
        }
      />
    </>
  );
}
