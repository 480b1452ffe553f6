import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import { SplitBar } from './SplitBar';
import {
  describeDestinationPolicy,
  describeResilience,
} from './describeTrafficPolicy';

const useStyles = makeStyles(theme => ({
  route: {
    marginBottom: theme.spacing(2),
    '& > *': { marginBottom: theme.spacing(0.5) },
  },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
}));

/**
 * "How is traffic routed?": each HTTP route with its match, its weights
 * as a split bar with the pods behind each subset, retries, timeout and
 * faults; then each host's load balancer, connection pool and circuit
 * breaker.
 *
 * @internal
 */
export function TrafficRoutesCard(props: { state: EntityMeshState }) {
  const { routes, destinationPolicies } = props.state;
  const classes = useStyles();
  if (!routes) {
    return (
      <InfoCard title="How is traffic routed?">
        <Typography variant="body2">
          Not computed for this entity yet: it needs mapped workloads, and the
          next refresh fills it in.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard title="How is traffic routed?">
      {routes.length === 0 && (
        <Typography variant="body2" paragraph>
          No VirtualService routes its traffic: every request goes to all of its
          pods, without retries beyond Istio's default and without a timeout.
        </Typography>
      )}
      {routes.map((route, i) => (
        <section
          key={`${route.virtualService}/${i}`}
          className={classes.route}
          aria-label={`Route ${route.name ?? i + 1} of ${route.virtualService}`}
        >
          <Typography variant="subtitle2">
            {`${route.virtualService}${route.name ? ` · ${route.name}` : ''}`}
            {route.gateways.some(g => g !== 'mesh') &&
              ` · gateways ${route.gateways.join(', ')}`}
          </Typography>
          <div className={classes.chips}>
            {(route.match.length > 0 ? route.match : ['every request']).map(
              match => (
                <Chip
                  key={match}
                  size="small"
                  variant="outlined"
                  label={match}
                />
              ),
            )}
          </div>
          <SplitBar route={route} />
          <Typography variant="body2">{describeResilience(route)}</Typography>
        </section>
      ))}
      {(destinationPolicies ?? []).map(policy => (
        <section
          key={policy.host}
          aria-label={`Traffic policy of ${policy.host}`}
        >
          <Typography variant="subtitle2">
            {`${policy.host} (${policy.destinationRules.join(', ')})`}
          </Typography>
          {describeDestinationPolicy(policy).map(line => (
            <Typography key={line} variant="body2">
              {line}
            </Typography>
          ))}
        </section>
      ))}
      {routes.length > 0 && (destinationPolicies ?? []).length === 0 && (
        <Typography variant="body2">
          No DestinationRule: no connection pool limits and no circuit breaker.
        </Typography>
      )}
    </InfoCard>
  );
}
