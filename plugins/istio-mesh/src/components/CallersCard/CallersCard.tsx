import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import {
  calleeName,
  callersSentence,
  callsScope,
  decidingPolicies,
} from './describeCallers';

const ENFORCED_BY = {
  sidecar: "the workload's sidecar",
  ztunnel:
    'ztunnel, at L4 only (ports and identities; methods and paths are not checked)',
  waypoint: 'a waypoint, with ztunnel at L4',
  none: 'no proxy',
} as const;

const useStyles = makeStyles(theme => ({
  body: { padding: theme.spacing(2) },
  heading: { marginTop: theme.spacing(2) },
}));

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * "Who may call it?": each allowed caller in plain words with what it may
 * call, the explicitly denied ones, what happens to everyone else, and
 * then what the entity itself may call.
 *
 * @internal
 */
export function CallersCard(props: { state: EntityMeshState }) {
  const { callers, calls } = props.state;
  const classes = useStyles();
  return (
    <InfoCard title="Who may call it?">
      {!callers ? (
        <Typography variant="body2">
          Not computed for this entity yet: it needs mapped workloads, and the
          next refresh fills it in.
        </Typography>
      ) : (
        <>
          <Typography variant="body1" aria-label="Callers">
            {callersSentence(callers)}
          </Typography>
          <Typography variant="caption" color="textSecondary" component="p">
            {`${
              decidingPolicies(callers).length > 0
                ? `Decided by ${decidingPolicies(callers).join(', ')}. `
                : ''
            }Enforced by ${ENFORCED_BY[callers.enforcedBy]}.`}
          </Typography>
          {calls && (
            <>
              <Typography variant="subtitle2" className={classes.heading}>
                What it calls
              </Typography>
              <Typography variant="body2" aria-label="May call">
                {calls.allowed.length > 0
                  ? `May call ${unique(calls.allowed.map(calleeName)).join(
                      ', ',
                    )}.`
                  : 'No workload with policies of its own allows it.'}
              </Typography>
              {calls.denied.length > 0 && (
                <Typography variant="body2" aria-label="May not call">
                  {`May not call ${unique(calls.denied.map(calleeName)).join(
                    ', ',
                  )}.`}
                </Typography>
              )}
              <Typography variant="caption" color="textSecondary">
                {callsScope(calls)}
              </Typography>
            </>
          )}
        </>
      )}
    </InfoCard>
  );
}
