import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ErrorIcon from '@material-ui/icons/Error';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import {
  CodeSnippet,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EntityTraces,
  TraceSummary,
} from '@istio-mesh/plugin-istio-mesh-common';
import { useEntityTraces } from '../../hooks/useEntityTraces';
import { formatAge } from '../SourcesPanel/formatAge';
import { describeError } from '../CompliancePage/describeError';
import { DurationBar } from './DurationBar';
import { describeLookback } from './describeLookback';

/** How far back and how many traces the panel asks for. */
export const TRACES_QUERY = { lookback: '1h', limit: 20 };

/** What app-config.yaml needs for traces. */
export const JAEGER_CONFIG_SNIPPET = `istioMesh:
  jaeger:
    - name: homelab            # source id jaeger:homelab
      url: http://tracing.istio-system:16686
      clusters: [homelab]      # default: every cluster
      lookback: 1h             # default 1h, at most 24h`;

const TITLE = 'Recent traces';

const useStyles = makeStyles(theme => ({
  // Ids, ages, counts and headers stay on one line; the root takes the room.
  nowrap: { whiteSpace: 'nowrap' },
  root: { minWidth: theme.spacing(30) },
  operation: { display: 'block', wordBreak: 'break-all' },
}));

function TraceLink(props: { trace: TraceSummary; jaegerUrl?: string }) {
  const { trace, jaegerUrl } = props;
  const shortId = trace.traceId.slice(0, 7);
  if (!jaegerUrl) {
    return <span title={trace.traceId}>{shortId}</span>;
  }
  return (
    <Link
      to={`${jaegerUrl.replace(/\/+$/, '')}/trace/${encodeURIComponent(
        trace.traceId,
      )}`}
      target="_blank"
      rel="noopener noreferrer"
      title={`Open trace ${trace.traceId} in Jaeger`}
    >
      {shortId}
    </Link>
  );
}

function ErrorMark(props: { count: number }) {
  const { count } = props;
  if (count === 0) {
    return null;
  }
  const words = `${count} error ${count === 1 ? 'span' : 'spans'}`;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <ErrorIcon fontSize="small" color="error" titleAccess={words} />
      <span>{count}</span>
    </Box>
  );
}

function TracesTable(props: { traces: EntityTraces; ownServices: string[] }) {
  const { traces, ownServices } = props;
  const { items, jaegerUrl } = traces;
  const classes = useStyles();
  const maxMs = Math.max(...items.map(t => t.durationMs));
  const now = Date.now();
  return (
    <Table size="small" aria-label="Recent traces">
      <TableHead>
        <TableRow className={classes.nowrap}>
          <TableCell>Trace</TableCell>
          <TableCell>Root</TableCell>
          <TableCell>Started</TableCell>
          <TableCell>Duration</TableCell>
          <TableCell>Spans</TableCell>
          <TableCell>Services</TableCell>
          <TableCell>Errors</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(trace => (
          <TableRow key={trace.traceId}>
            <TableCell className={classes.nowrap}>
              <TraceLink trace={trace} jaegerUrl={jaegerUrl} />
            </TableCell>
            <TableCell className={classes.root}>
              <Typography variant="body2">{trace.rootService}</Typography>
              <Typography
                variant="caption"
                color="textSecondary"
                className={classes.operation}
              >
                {trace.rootOperation}
              </Typography>
            </TableCell>
            <TableCell className={classes.nowrap}>
              <time dateTime={trace.startTime} title={trace.startTime}>
                {`${formatAge((now - Date.parse(trace.startTime)) / 1000)} ago`}
              </time>
            </TableCell>
            <TableCell>
              <DurationBar
                durationMs={trace.durationMs}
                maxMs={maxMs}
                failed={trace.errorCount > 0}
              />
            </TableCell>
            <TableCell>{trace.spanCount}</TableCell>
            <TableCell>
              <Box
                display="flex"
                flexWrap="wrap"
                style={{ gap: 4 }}
                role="list"
                aria-label="Services"
              >
                {trace.services.map(service => {
                  const own = ownServices.includes(service);
                  return (
                    <Chip
                      key={service}
                      size="small"
                      label={service}
                      role="listitem"
                      color={own ? 'primary' : 'default'}
                      title={own ? "This entity's service" : undefined}
                    />
                  );
                })}
              </Box>
            </TableCell>
            <TableCell>
              <ErrorMark count={trace.errorCount} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function describeSource(traces: EntityTraces): string {
  const { id, status, message, ageSeconds } = traces.source;
  const age =
    ageSeconds === undefined ? '' : ` (data from ${formatAge(ageSeconds)} ago)`;
  return `${id} is ${status}${message ? `: ${message}` : ''}${age}`;
}

function TracesBody(props: { traces: EntityTraces; ownServices: string[] }) {
  const { traces, ownServices } = props;
  const { source, items, lookback } = traces;

  if (source.status === 'not-configured') {
    return (
      <>
        <Typography variant="body2" paragraph>
          {`Not configured: no Jaeger covers this entity's clusters, so tracing is unknown and no traces are shown.${
            source.message ? ` ${source.message}` : ''
          } Add one to app-config.yaml:`}
        </Typography>
        <CodeSnippet language="yaml" text={JAEGER_CONFIG_SNIPPET} />
      </>
    );
  }
  const failed = source.status !== 'ok';
  if (failed && items.length === 0) {
    return (
      <Alert severity="error">{`No traces: ${describeSource(traces)}`}</Alert>
    );
  }
  return (
    <>
      {failed && (
        <Box mb={1}>
          <Alert severity="warning">{describeSource(traces)}</Alert>
        </Box>
      )}
      {items.length === 0 ? (
        <Typography variant="body2">
          {`No traces in ${describeLookback(lookback)}.`}
        </Typography>
      ) : (
        <TracesTable traces={traces} ownServices={ownServices} />
      )}
    </>
  );
}

/**
 * The entity's recent traces from Jaeger, asked for when the tab opens
 * rather than stored with the mesh state: each with its root, a duration
 * bar scaled to the slowest shown, the services it touched
 * (the entity's own, `ownServices`, highlighted), an error mark and a link
 * to Jaeger's trace page. Whatever goes wrong (no Jaeger, a
 * failing one, a failed request) stays inside this card.
 *
 * @internal
 */
export function TracesPanel(props: {
  entityName: CompoundEntityRef;
  ownServices?: string[];
}) {
  const { entityName, ownServices = [] } = props;
  const {
    loading,
    error,
    value: traces,
    retry,
  } = useEntityTraces(entityName, TRACES_QUERY);

  if (loading && !traces) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  const reload = (
    <Button size="small" onClick={retry} disabled={loading}>
      {loading ? 'Reloading…' : 'Reload traces'}
    </Button>
  );
  if (error || !traces) {
    const why = error ? describeError(error) : undefined;
    return (
      <InfoCard title={TITLE}>
        <Alert severity="error" action={reload}>
          {`Could not load the traces: ${
            why
              ? [why.status, why.message].filter(Boolean).join(': ')
              : 'the backend sent nothing'
          }`}
        </Alert>
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={TITLE}
      subheader={`${traces.source.id}, last ${traces.lookback}`}
      action={reload}
    >
      <TracesBody traces={traces} ownServices={ownServices} />
    </InfoCard>
  );
}
