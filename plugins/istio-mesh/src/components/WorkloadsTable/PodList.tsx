import Typography from '@material-ui/core/Typography';
import { PodSummary } from '@istio-mesh/plugin-istio-mesh-common';

/** A pod counts as ready for the mesh when it runs with a ready proxy or in ambient mode. */
function isMeshReady(pod: PodSummary): boolean {
  return (
    pod.phase === 'Running' &&
    (pod.dataplane === 'sidecar' || pod.dataplane === 'ambient')
  );
}

/**
 * `ready/total` pods (running and in the mesh), then each pod with its phase
 * and data plane.
 *
 * @internal
 */
export function PodList(props: { pods: PodSummary[] }) {
  const { pods } = props;
  const ready = pods.filter(isMeshReady).length;
  return (
    <>
      <Typography variant="body2">{`${ready}/${pods.length} ready`}</Typography>
      {pods.map(pod => (
        <Typography
          key={pod.name}
          variant="caption"
          component="div"
          color="textSecondary"
        >
          {`${pod.name} · ${pod.phase} · ${pod.dataplane}${
            pod.proxyVersion ? ` · proxy ${pod.proxyVersion}` : ''
          }`}
        </Typography>
      ))}
    </>
  );
}
