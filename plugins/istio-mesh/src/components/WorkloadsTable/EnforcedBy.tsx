import Typography from '@material-ui/core/Typography';
import { WorkloadAuthorization } from '@istio-mesh/plugin-istio-mesh-common';

const DESCRIPTIONS: Record<WorkloadAuthorization['enforcedBy'], string> = {
  sidecar: 'enforced by the sidecar',
  ztunnel: 'enforced by ztunnel (L4 only)',
  waypoint: 'enforced by waypoint',
  none: 'enforced by no proxy',
};

/**
 * Which proxy enforces a workload's AuthorizationPolicies, above the list
 * of them.
 *
 * @internal
 */
export function EnforcedBy(props: { authorization: WorkloadAuthorization }) {
  const { enforcedBy, waypoint } = props.authorization;
  return (
    <Typography variant="caption" component="div">
      {waypoint
        ? `${DESCRIPTIONS[enforcedBy]} ${waypoint}`
        : DESCRIPTIONS[enforcedBy]}
    </Typography>
  );
}
