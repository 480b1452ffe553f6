import { Criterion, Evidence } from '../types/criteria';
import { WorkloadContext } from './workloadContext';

const POD_MESSAGES = {
  sidecar: 'istio-proxy is injected and ready',
  'sidecar-not-ready': 'istio-proxy is injected but not ready',
  ambient: 'captured by ztunnel (ambient mode)',
  none: 'has no istio-proxy container and is not in ambient mode',
} as const;

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * `sidecar-injected` for one workload: every active pod has a ready
 * istio-proxy or is enrolled in ambient mode.
 *
 * @public
 */
export function evaluateSidecarInjected(context: WorkloadContext): Criterion {
  const { workload, podDataplanes, dataplane } = context;
  const ref = `${workload.kind} ${workload.namespace}/${workload.name}`;
  if (workload.pods.length === 0) {
    return {
      id: 'sidecar-injected',
      status: 'warn',
      summary: `${ref} has no running pods to check`,
      evidence: [
        {
          kind: workload.kind,
          namespace: workload.namespace,
          name: workload.name,
          message: 'no active pods',
        },
      ],
    };
  }
  const evidence: Evidence[] = workload.pods.map((pod, i) => {
    let message: string = POD_MESSAGES[podDataplanes[i]];
    if (
      podDataplanes[i] === 'none' &&
      pod.metadata.labels?.['sidecar.istio.io/inject'] === 'false'
    ) {
      message += ' (opted out by label sidecar.istio.io/inject=false)';
    }
    return {
      kind: 'Pod',
      namespace: workload.namespace,
      name: pod.metadata.name,
      message,
    };
  });
  const outside = podDataplanes.filter(d => d === 'none').length;
  const notReady = podDataplanes.filter(d => d === 'sidecar-not-ready').length;
  const total = podDataplanes.length;
  const pods = (count: number) =>
    total === 1 ? 'the pod' : `${count} of ${total} pods`;
  if (dataplane === 'none') {
    return {
      id: 'sidecar-injected',
      status: 'fail',
      summary: `${capitalize(pods(outside))} of ${ref} ${
        outside === 1 ? 'is' : 'are'
      } outside the mesh`,
      evidence,
    };
  }
  if (dataplane === 'sidecar-not-ready') {
    return {
      id: 'sidecar-injected',
      status: 'warn',
      summary: `istio-proxy is not ready in ${pods(notReady)} of ${ref}`,
      evidence,
    };
  }
  return {
    id: 'sidecar-injected',
    status: 'pass',
    summary:
      dataplane === 'ambient'
        ? `${total === 1 ? 'The pod' : `All ${total} pods`} of ${ref} ${
            total === 1 ? 'is' : 'are'
          } in the ambient mesh`
        : `${total === 1 ? 'The pod' : `All ${total} pods`} of ${ref} ${
            total === 1 ? 'has' : 'have'
          } a ready istio-proxy`,
    evidence,
  };
}
