import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, StatusWarning } from '@backstage/core-components';
import {
  EntityControlPlane,
  MeshConfigSummary,
} from '@istio-mesh/plugin-istio-mesh-common';
import { describeTelemetry } from './describeTelemetry';

const useStyles = makeStyles(theme => ({
  empty: { padding: theme.spacing(2) },
  noWrap: { whiteSpace: 'nowrap' },
}));

function MeshConfigCell(props: { meshConfig?: MeshConfigSummary }) {
  const { meshConfig } = props;
  if (!meshConfig) return <>unknown</>;
  return (
    <>
      <div>
        {`root namespace ${meshConfig.rootNamespace}, trust domain ${meshConfig.trustDomain}`}
      </div>
      <Typography variant="caption" component="div">
        {`from ${meshConfig.source}`}
      </Typography>
      {[...meshConfig.conflicts, ...meshConfig.problems].map(note => (
        <div key={note}>
          <StatusWarning>{note}</StatusWarning>
        </div>
      ))}
    </>
  );
}

function revisionsOf(controlPlane: EntityControlPlane, namespace: string) {
  return controlPlane.revisions.filter(r => r.namespaces.includes(namespace));
}

/**
 * The control plane behind the entity's workloads, per cluster and
 * namespace: the istiod revision that injects it and its version, whether
 * the Sail Operator reports the control plane healthy, and what Telemetry
 * turns on.
 *
 * @internal
 */
export function ControlPlanePanel(props: {
  controlPlanes: EntityControlPlane[];
}) {
  const { controlPlanes } = props;
  const classes = useStyles();
  const rows = controlPlanes.flatMap(controlPlane =>
    controlPlane.namespaces.map(namespace => ({ controlPlane, namespace })),
  );
  return (
    <InfoCard title="Control plane" noPadding>
      {rows.length === 0 ? (
        <Typography variant="body2" className={classes.empty}>
          No control-plane data for the clusters this entity runs in.
        </Typography>
      ) : (
        <Table size="small" aria-label="Control plane">
          <TableHead>
            <TableRow>
              <TableCell>Cluster / namespace</TableCell>
              <TableCell>istiod revision</TableCell>
              <TableCell>Operator</TableCell>
              <TableCell>Mesh configuration</TableCell>
              <TableCell>Telemetry</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(({ controlPlane, namespace }) => {
              const revisions = revisionsOf(controlPlane, namespace.name);
              const telemetry = describeTelemetry(namespace.telemetry);
              return (
                <TableRow key={`${controlPlane.cluster}/${namespace.name}`}>
                  <TableCell className={classes.noWrap}>
                    {controlPlane.cluster}/{namespace.name}
                  </TableCell>
                  <TableCell>
                    {revisions.length === 0
                      ? 'no revision injects this namespace'
                      : revisions
                          .map(
                            r =>
                              `${r.revision} (${
                                r.version ?? 'unknown version'
                              }, ${r.replicas.ready}/${
                                r.replicas.desired
                              } ready)`,
                          )
                          .join('; ')}
                  </TableCell>
                  <TableCell>
                    {controlPlane.sail.length === 0
                      ? 'none'
                      : controlPlane.sail
                          .map(
                            s =>
                              `Istio ${s.name} ${s.version ?? ''}: ${
                                s.healthy ? 'healthy' : s.message ?? s.state
                              }`,
                          )
                          .join('; ')}
                  </TableCell>
                  <TableCell>
                    <MeshConfigCell meshConfig={controlPlane.meshConfig} />
                  </TableCell>
                  <TableCell>
                    {telemetry.length === 0
                      ? 'no Telemetry'
                      : telemetry.map(line => <div key={line}>{line}</div>)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
