import { isDeepStrictEqual } from 'node:util';
import {
  DestinationRuleManifest,
  formatLabelSet,
  KubernetesObject,
} from '@istio-mesh/plugin-istio-mesh-common';
import { emptyPlan, isPlainObject, MergePlan, planFields } from './mergePlan';

// A load balancer is `simple` or `consistentHash`, and client TLS settings
// belong together: each is replaced as a whole, never field by field.
const WHOLE = new Set(['loadBalancer', 'tls']);

/**
 * Plans merging a built DestinationRule into the rule the repository
 * already has for its host and namespace, as one rule should hold them
 * (istiod would merge two rules for the host, keep only the first one's
 * top-level traffic policy and the first definition of each subset):
 * subsets the rule lacks are appended, a subset of the same name with other
 * labels is a conflict; traffic policy fields are set only where the built
 * rule sets them, and differ only with confirmation. Nothing the rule sets
 * is dropped.
 */
export function planDestinationRuleMerge(
  existing: KubernetesObject,
  built: DestinationRuleManifest,
): MergePlan {
  const plan = emptyPlan();
  const spec = isPlainObject(existing.spec) ? existing.spec : {};
  if (built.spec.trafficPolicy) {
    planFields(
      plan,
      spec.trafficPolicy,
      built.spec.trafficPolicy,
      ['spec', 'trafficPolicy'],
      { whole: WHOLE, before: 'subsets' },
    );
  }
  const subsets = Array.isArray(spec.subsets) ? spec.subsets : [];
  for (const subset of built.spec.subsets ?? []) {
    const index = subsets.findIndex(
      s => isPlainObject(s) && s.name === subset.name,
    );
    if (index < 0) {
      plan.edits.push({
        op: 'append',
        path: ['spec', 'subsets'],
        value: subset,
      });
      plan.additions.push(
        `spec.subsets: ${subset.name} (${formatLabelSet(subset.labels)})`,
      );
      continue;
    }
    const labels = (subsets[index] as Record<string, unknown>).labels;
    if (isDeepStrictEqual(labels, subset.labels)) continue;
    plan.edits.push({
      op: 'set',
      path: ['spec', 'subsets', index, 'labels'],
      value: subset.labels,
    });
    plan.conflicts.push(
      `subset ${subset.name} selects ${
        isPlainObject(labels)
          ? formatLabelSet(labels as Record<string, string>)
          : 'every pod'
      }; the form selects ${formatLabelSet(subset.labels)}`,
    );
  }
  return plan;
}
