import { Criterion, Evidence } from '../types/criteria';
import { WorkloadContext } from './workloadContext';
import { WorkloadCriterionDefinition } from './criterionDefinition';

const POD_MESSAGES = {
  sidecar: 'istio-proxy is injected and ready',
  'sidecar-not-ready': 'istio-proxy is injected but not ready',
  ambient: 'captured by ztunnel (ambient mode)',
  none: 'has no istio-proxy container and is not in ambient mode',
} as const;

const PREDICTION_MESSAGES = {
  sidecar: 'its pod template would get an istio-proxy',
  ambient: 'its pods would be captured by ztunnel (ambient mode)',
  none: 'its pods would be outside the mesh: no injection webhook or ambient label selects them',
} as const;

// Plain manifests have no pods: predict from the pod template and the
// namespace's labels when the Namespace is known, else say so.
function noPods(context: WorkloadContext, ref: string): Criterion {
  const { workload, predictedDataplane } = context;
  const subject = {
    kind: workload.kind,
    namespace: workload.namespace,
    name: workload.name,
  };
  if (!predictedDataplane) {
    return {
      id: 'sidecar-injected',
      status: 'warn',
      summary: `${ref} has no running pods to check`,
      evidence: [{ ...subject, message: 'no active pods' }],
    };
  }
  return {
    id: 'sidecar-injected',
    status: predictedDataplane === 'none' ? 'fail' : 'pass',
    summary: `${ref} has no running pods; ${PREDICTION_MESSAGES[predictedDataplane]}`,
    evidence: [
      {
        ...subject,
        message: `predicted from the pod template and namespace ${workload.namespace}: ${PREDICTION_MESSAGES[predictedDataplane]}`,
      },
    ],
  };
}

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
    return noPods(context, ref);
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

/**
 * `sidecar-injected`: every workload of the entity is in the mesh, with a
 * ready istio-proxy or captured by ztunnel.
 *
 * @public
 */
export const sidecarInjectedCriterion: WorkloadCriterionDefinition<'sidecar-injected'> =
  {
    id: 'sidecar-injected',
    title: 'Sidecars injected',
    scope: 'workload',
    level: 'bronze',
    fixTemplates: [],
    evaluate: evaluateSidecarInjected,
  };
