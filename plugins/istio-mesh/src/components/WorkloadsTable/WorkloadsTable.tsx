import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { WorkloadReport } from '@istio-mesh/plugin-istio-mesh-common';
import { MtlsModes } from './MtlsModes';
import { PodList } from './PodList';

const COLUMNS = [
  'Workload',
  'Namespace',
  'Cluster',
  'Data plane',
  'Pods and proxy versions',
  'mTLS per port',
  'Decided by',
];

const useStyles = makeStyles(theme => ({
  empty: { padding: theme.spacing(2) },
}));

/**
 * "In the mesh and encrypted?": each workload the entity maps to, with its
 * data plane, its pods (sidecar or ambient, and the proxy version), the
 * effective inbound mTLS per port, and the PeerAuthentications that decided
 * it.
 *
 * @internal
 */
export function WorkloadsTable(props: { workloads: WorkloadReport[] }) {
  const { workloads } = props;
  const classes = useStyles();
  return (
    <InfoCard title="In the mesh and encrypted?" noPadding>
      {workloads.length === 0 ? (
        <Typography variant="body2" className={classes.empty}>
          No workloads matched this entity.
        </Typography>
      ) : (
        <Table size="small" aria-label="Workloads">
          <TableHead>
            <TableRow>
              {COLUMNS.map(column => (
                <TableCell key={column}>{column}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {workloads.map(workload => (
              <TableRow
                key={`${workload.cluster ?? ''}/${workload.namespace}/${
                  workload.kind
                }/${workload.name}`}
              >
                <TableCell>
                  {workload.name}
                  <Typography
                    variant="caption"
                    component="div"
                    color="textSecondary"
                  >
                    {`${workload.kind} · service account ${workload.serviceAccount}`}
                  </Typography>
                </TableCell>
                <TableCell>{workload.namespace}</TableCell>
                <TableCell>{workload.cluster ?? '—'}</TableCell>
                <TableCell>{workload.dataplane}</TableCell>
                <TableCell>
                  <PodList pods={workload.pods} />
                </TableCell>
                <TableCell>
                  <MtlsModes
                    mtls={workload.mtls}
                    clientTls={workload.clientTls}
                  />
                </TableCell>
                <TableCell>
                  {workload.mtls.policies.length === 0
                    ? 'no PeerAuthentication (Istio default: PERMISSIVE)'
                    : workload.mtls.policies.map(policy => (
                        <div key={policy}>{policy}</div>
                      ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
