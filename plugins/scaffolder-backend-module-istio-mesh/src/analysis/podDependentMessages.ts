import {
  AnalyzerMessage,
  KubernetesObject,
} from '@istio-mesh/plugin-istio-mesh-common';

// Messages that say "no pod matches", keyed by analyzer and code. Manifests
// in Git hold Deployments, not Pods, so without the live mesh these would
// fire for every selector and subset.
const POD_DEPENDENT = new Set([
  'destinationrule.SubsetSelectPodAnalyzer IST0173',
  'auth.AuthorizationPoliciesAnalyzer IST0127',
  'sidecar.SelectorAnalyzer IST0101',
]);

/**
 * Whether a message can only be judged against running pods.
 */
export function isPodDependentMessage(message: AnalyzerMessage): boolean {
  return POD_DEPENDENT.has(`${message.analyzer} ${message.code}`);
}

/**
 * Drops the messages that claim no pod matches when the analyzed objects
 * hold no pods at all, so there was nothing to match against.
 */
export function withoutPodDependentMessages(
  messages: AnalyzerMessage[],
  objects: KubernetesObject[],
): { kept: AnalyzerMessage[]; dropped: AnalyzerMessage[] } {
  if (objects.some(o => o.kind === 'Pod' && o.apiVersion === 'v1')) {
    return { kept: messages, dropped: [] };
  }
  return {
    kept: messages.filter(m => !isPodDependentMessage(m)),
    dropped: messages.filter(isPodDependentMessage),
  };
}
