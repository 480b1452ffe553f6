import { KubernetesObject, objectKey } from '../resources/objects';
import { isRecord } from '../resources/specFields';

/**
 * DestinationRules for one host in one namespace, merged as istiod merges
 * them.
 *
 * @public
 */
export interface MergedDestinationRule {
  /** The merged rule: the first DR's identity with the merged spec. */
  destinationRule: KubernetesObject;
  /** The DRs merged into it, as `namespace/name`, oldest first. */
  mergedFrom: string[];
  /** Subsets dropped because an older DR defines the same name. */
  shadowedSubsets: Array<{ policy: string; subset: string }>;
}

function byAge(a: KubernetesObject, b: KubernetesObject) {
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at === bt) return 0;
  return at < bt ? -1 : 1;
}

function exportKey(spec: Record<string, unknown>): string {
  const exportTo = Array.isArray(spec.exportTo)
    ? spec.exportTo.map(String)
    : [];
  return [...new Set(exportTo)].sort().join(',');
}

/**
 * Merges DestinationRules of the same host and namespace (istio
 * `mergeDestinationRule`, with enhanced merging on, its default): rules with
 * a workloadSelector are never merged; the others are merged, oldest first,
 * with those of the same exportTo set. Subsets are concatenated with the
 * first definition of a name winning; the top-level `trafficPolicy` and
 * `exportTo` come from the first rule that has them.
 *
 * @public
 */
export function mergeDestinationRules(
  destinationRules: readonly KubernetesObject[],
): MergedDestinationRule[] {
  const groups = new Map<string, KubernetesObject[]>();
  const order: string[] = [];
  for (const rule of [...destinationRules].sort(byAge)) {
    const spec = isRecord(rule.spec) ? rule.spec : {};
    const key = isRecord(spec.workloadSelector)
      ? `selector:${objectKey(rule)}`
      : `export:${exportKey(spec)}`;
    const group = groups.get(key);
    if (group) {
      group.push(rule);
    } else {
      order.push(key);
      groups.set(key, [rule]);
    }
  }

  return order.map(key => {
    const rules = groups.get(key)!;
    const [first] = rules;
    const subsets: Array<Record<string, unknown>> = [];
    const names = new Set<string>();
    const shadowedSubsets: MergedDestinationRule['shadowedSubsets'] = [];
    let trafficPolicy: unknown;
    for (const rule of rules) {
      const spec = isRecord(rule.spec) ? rule.spec : {};
      if (trafficPolicy === undefined && spec.trafficPolicy !== undefined) {
        trafficPolicy = spec.trafficPolicy;
      }
      for (const subset of Array.isArray(spec.subsets) ? spec.subsets : []) {
        if (!isRecord(subset) || typeof subset.name !== 'string') continue;
        if (names.has(subset.name)) {
          shadowedSubsets.push({
            policy: objectKey(rule),
            subset: subset.name,
          });
          continue;
        }
        names.add(subset.name);
        subsets.push(subset);
      }
    }
    const firstSpec = isRecord(first.spec) ? first.spec : {};
    return {
      destinationRule: {
        ...first,
        spec: {
          ...firstSpec,
          subsets,
          ...(trafficPolicy === undefined ? {} : { trafficPolicy }),
        },
      },
      mergedFrom: rules.map(objectKey),
      shadowedSubsets,
    };
  });
}
