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
import { EnforcedBy } from './EnforcedBy';

const COLUMNS = [
  'Workload',
  'Kind',
  'Namespace',
  'Cluster',
  'Service account',
  'Dataplane',
  'Pods',
  'mTLS',
  'PeerAuthentications',
  'AuthorizationPolicies',
];

const useStyles = makeStyles(theme => ({
  empty: { padding: theme.spacing(2) },
}));

/**
 * The workloads the entity maps to, with their pods, data plane, effective
 * inbound mTLS and the AuthorizationPolicies that apply to them.
 *
 * @internal
 */
export function WorkloadsTable(props: { workloads: WorkloadReport[] }) {
  const { workloads } = props;
  const classes = useStyles();
  return (
    <InfoCard title="Workloads" noPadding>
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
                <TableCell>{workload.name}</TableCell>
                <TableCell>{workload.kind}</TableCell>
                <TableCell>{workload.namespace}</TableCell>
                <TableCell>{workload.cluster ?? '—'}</TableCell>
                <TableCell>{workload.serviceAccount}</TableCell>
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
                    ? 'none (Istio default: PERMISSIVE)'
                    : workload.mtls.policies.map(policy => (
                        <div key={policy}>{policy}</div>
                      ))}
                </TableCell>
                <TableCell>
                  <EnforcedBy authorization={workload.authorization} />
                  {workload.authorization.policies.length === 0
                    ? 'none: every caller is allowed'
                    : workload.authorization.policies.map(policy => (
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
