import { Dataplane } from '../types/mesh';
import { Container, Pod } from '../resources/objects';

const PROXY_CONTAINER = 'istio-proxy';

function proxyContainer(pod: Pod): Container | undefined {
  return (
    pod.spec.containers.find(c => c.name === PROXY_CONTAINER) ??
    // Native sidecars (Kubernetes 1.28+) run the proxy as an init container
    // that keeps running.
    pod.spec.initContainers?.find(
      c => c.name === PROXY_CONTAINER && c.restartPolicy === 'Always',
    )
  );
}

/**
 * The Istio proxy version a pod's sidecar runs, from the tag of its
 * `istio-proxy` image (`docker.io/istio/proxyv2:1.26.4` gives `1.26.4`;
 * a `-distroless` or `-debug` variant is the same version). Undefined
 * without a sidecar, or for an image pinned by digest only.
 *
 * @public
 */
export function sidecarProxyVersion(pod: Pod): string | undefined {
  const image = proxyContainer(pod)?.image;
  if (!image) return undefined;
  const [reference] = image.split('@');
  const lastSegment = reference.slice(reference.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return undefined;
  return lastSegment.slice(colon + 1).replace(/-(distroless|debug)$/, '');
}

/**
 * The data plane of one pod, from its containers, statuses and ambient
 * redirection annotation.
 *
 * @public
 */
export function podDataplane(pod: Pod): Dataplane {
  if (proxyContainer(pod)) {
    if (!pod.status) {
      // A manifest without status (e.g. from Git) only says it is injected.
      return 'sidecar';
    }
    const statuses = [
      ...(pod.status.containerStatuses ?? []),
      ...(pod.status.initContainerStatuses ?? []),
    ];
    const proxy = statuses.find(s => s.name === PROXY_CONTAINER);
    return proxy?.ready ? 'sidecar' : 'sidecar-not-ready';
  }
  if (
    pod.metadata.annotations?.['ambient.istio.io/redirection'] === 'enabled'
  ) {
    return 'ambient';
  }
  return 'none';
}

/**
 * Whether a pod counts for mesh criteria: finished pods (Jobs) do not.
 *
 * @public
 */
export function isActivePod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * The data plane of a workload: the weakest of its pods' data planes.
 * A workload without active pods has nothing in the mesh: `none`.
 *
 * @public
 */
export function workloadDataplane(podDataplanes: Dataplane[]): Dataplane {
  if (podDataplanes.length === 0 || podDataplanes.includes('none')) {
    return 'none';
  }
  if (podDataplanes.includes('sidecar-not-ready')) {
    return 'sidecar-not-ready';
  }
  return podDataplanes.every(d => d === 'ambient') ? 'ambient' : 'sidecar';
}
