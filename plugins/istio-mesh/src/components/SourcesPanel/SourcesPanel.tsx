import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { SourceState } from '@istio-mesh/plugin-istio-mesh-common';
import { formatAge } from './formatAge';
import { SourceStatusLabel } from './SourceStatusLabel';

const useStyles = makeStyles(theme => ({
  empty: { padding: theme.spacing(2) },
  noWrap: { whiteSpace: 'nowrap' },
}));

/**
 * Health of each upstream source behind the mesh state, so that partial data
 * shows as partial rather than as a verdict.
 *
 * @internal
 */
export function SourcesPanel(props: { sources: SourceState[] }) {
  const { sources } = props;
  const classes = useStyles();
  return (
    <InfoCard title="Sources" noPadding>
      {sources.length === 0 ? (
        <Typography variant="body2" className={classes.empty}>
          No sources are configured.
        </Typography>
      ) : (
        <Table size="small" aria-label="Sources">
          <TableHead>
            <TableRow>
              <TableCell>Source</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Message</TableCell>
              <TableCell>Age</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {sources.map(source => (
              <TableRow key={source.id}>
                <TableCell className={classes.noWrap}>{source.id}</TableCell>
                <TableCell>{source.type}</TableCell>
                <TableCell className={classes.noWrap}>
                  <SourceStatusLabel status={source.status} />
                </TableCell>
                <TableCell>{source.message ?? ''}</TableCell>
                <TableCell>{formatAge(source.ageSeconds)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
