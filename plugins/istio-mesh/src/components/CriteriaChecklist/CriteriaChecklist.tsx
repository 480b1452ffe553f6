import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import { CriterionRow } from './CriterionRow';
import { fixTemplateLink } from './fixTemplateLink';
import { MeshLevelSummary } from '../MeshLevelSummary/MeshLevelSummary';

const useStyles = makeStyles(theme => ({
  empty: { padding: theme.spacing(2) },
}));

/**
 * The entity's success criteria, in the order the backend reports them;
 * `focusedCriterion` is opened and scrolled to.
 *
 * @internal
 */
export function CriteriaChecklist(props: {
  state: EntityMeshState;
  focusedCriterion?: string;
}) {
  const { state, focusedCriterion } = props;
  const classes = useStyles();
  return (
    <InfoCard title="Success criteria" noPadding>
      <MeshLevelSummary level={state.level} />
      {state.criteria.length === 0 ? (
        <Typography variant="body2" className={classes.empty}>
          No criteria were evaluated.
        </Typography>
      ) : (
        <Table size="small" aria-label="Success criteria">
          <TableHead>
            <TableRow>
              <TableCell>Status</TableCell>
              <TableCell>Criterion</TableCell>
              <TableCell>Summary</TableCell>
              <TableCell>Evidence</TableCell>
              <TableCell>Action</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {state.criteria.map(criterion => (
              <CriterionRow
                key={criterion.id}
                criterion={criterion}
                fixLink={fixTemplateLink(criterion, state)}
                focused={criterion.id === focusedCriterion}
              />
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
