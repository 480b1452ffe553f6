import { matchesLabels } from '../labels/labelSelector';
import {
  KubernetesObject,
  objectKey,
  PolicyTargetReference,
} from '../resources/objects';

/**
 * The workload a security policy (AuthorizationPolicy,
 * RequestAuthentication) may apply to.
 *
 * @public
 */
export interface PolicyTarget {
  namespace: string;
  /** Pod labels. */
  labels: Record<string, string>;
}

/**
 * A policy targeted by selector or by targetRef(s).
 *
 * @public
 */
export interface TargetedPolicy extends KubernetesObject {
  spec: {
    selector?: { matchLabels?: Record<string, string> };
    targetRef?: PolicyTargetReference;
    targetRefs?: PolicyTargetReference[];
  };
}

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

function targetRefs(policy: TargetedPolicy): PolicyTargetReference[] {
  return [
    ...(policy.spec.targetRef ? [policy.spec.targetRef] : []),
    ...(policy.spec.targetRefs ?? []),
  ];
}

/**
 * Security policies that apply to a workload, as istiod selects
 * AuthorizationPolicies and RequestAuthentications alike: from the
 * workload's namespace and the root namespace (mesh-wide); by selector (none
 * = every workload in scope); policies with targetRef(s) only for the Gateway
 * API gateways they name in their own namespace, never for sidecars.
 * Sorted by `namespace/name`.
 *
 * @public
 */
export function applicablePolicies<T extends TargetedPolicy>(
  target: PolicyTarget,
  policies: T[],
  rootNamespace: string,
): T[] {
  const gateway = target.labels[GATEWAY_NAME_LABEL];
  return policies
    .filter(policy => {
      const namespace = policy.metadata.namespace ?? '';
      if (namespace !== target.namespace && namespace !== rootNamespace)
        return false;
      const refs = targetRefs(policy);
      if (refs.length > 0) {
        return (
          Boolean(gateway) &&
          namespace === target.namespace &&
          refs.some(
            ref =>
              ref.kind === 'Gateway' &&
              // A Gateway reference without its group does not attach
              // (istio policyattachment.go ShouldAttachPolicy).
              ref.group === 'gateway.networking.k8s.io' &&
              ref.name === gateway &&
              (!ref.namespace || ref.namespace === namespace),
          )
        );
      }
      return matchesLabels(policy.spec.selector?.matchLabels, target.labels);
    })
    .sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
}
