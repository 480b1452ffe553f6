import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import LockIcon from '@material-ui/icons/Lock';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import { CodeSnippet, InfoCard } from '@backstage/core-components';
import {
  EntityMeshState,
  EntityRuntime,
  RuntimeEdge,
} from '@istio-mesh/plugin-istio-mesh-common';
import { SplitBar } from './SplitBar';

/** What app-config.yaml needs for observed traffic. */
export const PROMETHEUS_CONFIG_SNIPPET = `istioMesh:
  prometheus:
    - name: homelab            # source id prometheus:homelab
      url: http://prometheus.istio-system:9090
      clusters: [homelab]      # default: every cluster
      window: 5m
      splitTolerance: 5`;

const MTLS_WORDS: Record<RuntimeEdge['mtls'], string> = {
  all: 'mTLS',
  partial: 'partly plaintext',
  none: 'plaintext',
};

function MtlsCell(props: { mtls: RuntimeEdge['mtls'] }) {
  const { mtls } = props;
  const Icon = mtls === 'all' ? LockIcon : LockOpenIcon;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <Icon
        fontSize="small"
        color={mtls === 'all' ? 'primary' : 'error'}
        titleAccess={MTLS_WORDS[mtls]}
      />
      <span>{MTLS_WORDS[mtls]}</span>
    </Box>
  );
}

function rate(edge: RuntimeEdge) {
  const unit = edge.protocol === 'tcp' ? 'conn/s' : 'req/s';
  const digits = edge.requestsPerSecond >= 1 ? 1 : 3;
  return `${edge.requestsPerSecond.toFixed(digits)} ${unit}`;
}

function EdgesTable(props: { edges: RuntimeEdge[] }) {
  const { edges } = props;
  if (edges.length === 0) {
    return <Typography variant="body2">No traffic in the window.</Typography>;
  }
  return (
    <Table size="small" aria-label="Observed neighbours">
      <TableHead>
        <TableRow>
          <TableCell>Direction</TableCell>
          <TableCell>Workload</TableCell>
          <TableCell>Neighbour</TableCell>
          <TableCell>Protocol</TableCell>
          <TableCell>Rate</TableCell>
          <TableCell>Success</TableCell>
          <TableCell>Encryption</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {edges.map(edge => (
          <TableRow
            key={`${edge.direction} ${edge.workload} ${edge.peer.cluster}/${edge.peer.namespace}/${edge.peer.workload} ${edge.protocol}`}
          >
            <TableCell>{edge.direction}</TableCell>
            <TableCell>{edge.workload}</TableCell>
            <TableCell>{`${edge.peer.namespace}/${edge.peer.workload}`}</TableCell>
            <TableCell>{edge.protocol.toUpperCase()}</TableCell>
            <TableCell>{rate(edge)}</TableCell>
            <TableCell>
              {edge.successRate === null
                ? '—'
                : `${(edge.successRate * 100).toFixed(1)} %`}
            </TableCell>
            <TableCell>
              <MtlsCell mtls={edge.mtls} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Splits(props: { runtime: EntityRuntime }) {
  const { observedSplit, splitTolerance } = props.runtime;
  const hosts = [...new Set(observedSplit.map(s => s.host))];
  return (
    <>
      {hosts.map(host => {
        const entries = observedSplit.filter(s => s.host === host);
        return (
          <Box key={host} mb={2}>
            <Typography variant="subtitle2">{`Split of ${host} (${entries[0].virtualService}, tolerance ${splitTolerance} points)`}</Typography>
            <SplitBar
              label="Configured"
              shares={entries.map(s => ({
                subset: s.subset,
                percent: s.configuredWeight,
              }))}
            />
            <SplitBar
              label="Observed"
              shares={entries.map(s => ({
                subset: s.subset,
                percent: s.observedShare,
              }))}
            />
          </Box>
        );
      })}
    </>
  );
}

function configuredModes(state: EntityMeshState) {
  const modes = [...new Set(state.workloads.map(w => w.mtls.mode))];
  return modes.length > 0 ? modes.join(', ') : 'unknown';
}

/**
 * What the wire carries for the entity, from Prometheus: the observed
 * inbound mTLS share beside the configured mode, each canary split as
 * configured and as observed, and the inbound and outbound neighbours with
 * their rates and encryption. Without a Prometheus source it shows the
 * config that adds one; when the source served nothing, why.
 *
 * @internal
 */
export function RuntimePanel(props: { state: EntityMeshState }) {
  const { state } = props;
  const { runtime } = state;
  const prometheus = state.sources.filter(s => s.type === 'prometheus');

  if (!runtime) {
    const why = state.criteria.find(c => c.id === 'service-graph')?.summary;
    return (
      <InfoCard title="Observed traffic">
        {prometheus.length === 0 ? (
          <>
            <Typography variant="body2" paragraph>
              Not configured: no Prometheus is a source, so service-graph and
              metrics are unknown and the configured mTLS and splits are not
              checked against the wire. Add one to app-config.yaml:
            </Typography>
            <CodeSnippet language="yaml" text={PROMETHEUS_CONFIG_SNIPPET} />
          </>
        ) : (
          <Typography variant="body2">{`No observed traffic: ${why}`}</Typography>
        )}
      </InfoCard>
    );
  }

  const share = runtime.mtlsShare.inbound;
  return (
    <InfoCard
      title="Observed traffic"
      subheader={`${runtime.source}, last ${runtime.window}`}
    >
      <Typography variant="body1" paragraph>
        {`Inbound over mTLS: ${
          share === null
            ? 'no inbound traffic'
            : `${(share * 100).toFixed(1)} %`
        } (configured: ${configuredModes(state)})`}
      </Typography>
      <Splits runtime={runtime} />
      <EdgesTable edges={runtime.edges} />
      <Box mt={1}>
        <Typography variant="caption" color="textSecondary">
          {runtime.outlierEjections === undefined
            ? "Outlier ejections: Envoy's outlier_detection counters are not exported by default (add them to the proxy's proxyStatsMatcher)."
            : `Outlier ejections in the window: ${runtime.outlierEjections}`}
        </Typography>
      </Box>
    </InfoCard>
  );
}
