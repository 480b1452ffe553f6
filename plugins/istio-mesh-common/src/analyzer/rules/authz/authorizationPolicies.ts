import {
  isRecord,
  recordList,
  stringList,
  stringMap,
} from '../../../resources/specFields';
import { Pod } from '../../../resources/objects';
import { formatLabelSet, matchesLabels } from '../../../labels/labelSelector';
import {
  enrollmentNamespace,
  EnrollmentNamespace,
  podInAmbientMode,
  podInMesh,
} from '../../../resolution/enrollment';
import { AnalyzedObject, Analyzer, AnalyzerContext } from '../../types';

// AuthorizationPolicy is not in resources/schemas.ts, so its spec arrives
// unchecked: these name only the fields read here, each narrowed on read.
interface AuthorizationPolicySpec {
  selector?: unknown;
  rules?: unknown;
}

/** Labels of the in-mesh (sidecar or ambient-redirected) pods, per namespace. */
function inMeshPodLabels(
  context: AnalyzerContext,
  namespaces: Map<string, EnrollmentNamespace>,
): Map<string, Record<string, string>[]> {
  const byNamespace = new Map<string, Record<string, string>[]>();
  for (const { object } of context.list('', 'Pod')) {
    const pod = object as Pod;
    const namespace = pod.metadata.namespace ?? '';
    const labels = pod.metadata.labels ?? {};
    const list = byNamespace.get(namespace) ?? [];
    if (podInMesh(pod, namespaces.get(namespace))) list.push(labels);
    if (podInAmbientMode(pod)) list.push(labels);
    byNamespace.set(namespace, list);
  }
  return byNamespace;
}

function analyzeNoMatchingWorkloads(
  context: AnalyzerContext,
  entry: AnalyzedObject,
  podLabels: Map<string, Record<string, string>[]>,
) {
  const spec: AuthorizationPolicySpec = isRecord(entry.object.spec)
    ? entry.object.spec
    : {};
  const namespace = entry.object.metadata.namespace ?? '';
  // A `selector` field, even an empty one, makes the policy workload-scoped.
  const hasSelector = isRecord(spec.selector);
  const matchLabels =
    stringMap(
      isRecord(spec.selector) ? spec.selector.matchLabels : undefined,
    ) ?? {};
  const matches = (labels: Record<string, string>) =>
    matchesLabels(matchLabels, labels);

  if (namespace === context.meshConfig.rootNamespace) {
    // Mesh-wide: a selector must match an in-mesh pod in any namespace.
    if (hasSelector && ![...podLabels.values()].flat().some(matches)) {
      context.report(
        'IST0127',
        entry,
        [formatLabelSet(matchLabels)],
        'spec.selector',
      );
    }
    return;
  }
  const local = podLabels.get(namespace) ?? [];
  if (!hasSelector) {
    if (local.length === 0) context.report('IST0127', entry, ['']);
    return;
  }
  if (!local.some(matches)) {
    context.report(
      'IST0127',
      entry,
      [formatLabelSet(matchLabels)],
      'spec.selector',
    );
  }
}

/** istioctl's namespace patterns: `*`, `prefix*`, `*suffix`, or a name (any case). */
function namespaceMatches(namespace: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return namespace.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return namespace.startsWith(pattern.slice(0, -1));
  return namespace.toLowerCase() === pattern.toLowerCase();
}

function analyzeNamespaceNotFound(
  context: AnalyzerContext,
  entry: AnalyzedObject,
  namespaceNames: string[],
) {
  const spec: AuthorizationPolicySpec = isRecord(entry.object.spec)
    ? entry.object.spec
    : {};
  recordList(spec.rules).forEach((rule, i) => {
    recordList(rule.from).forEach((from, j) => {
      const source = isRecord(from.source) ? from.source : {};
      for (const field of ['namespaces', 'notNamespaces']) {
        stringList(source[field]).forEach((pattern, k) => {
          if (!namespaceNames.some(ns => namespaceMatches(ns, pattern))) {
            context.report(
              'IST0101',
              entry,
              ['namespace', pattern],
              `spec.rules[${i}].from[${j}].source.${field}[${k}]`,
            );
          }
        });
      }
    });
  });
}

/**
 * `auth.AuthorizationPoliciesAnalyzer`: an AuthorizationPolicy that selects
 * no in-mesh pod (sidecar per istioctl's in-mesh rule, or ambient-redirected)
 * is IST0127: in the root namespace a selector is checked across the mesh and
 * a selector-less policy always applies; elsewhere a selector-less policy
 * needs an in-mesh pod in its namespace and a selector a matching one there.
 * Each `from.source.namespaces` / `notNamespaces` entry (exact, `*`,
 * `prefix*`, `*suffix`) must match a Namespace object (IST0101).
 *
 * @public
 */
export const authorizationPoliciesAnalyzer: Analyzer = {
  name: 'auth.AuthorizationPoliciesAnalyzer',
  description: 'Checks the validity of authorization policies',
  analyze(context) {
    const namespaceObjects = context.list('', 'Namespace');
    const namespaces = new Map(
      namespaceObjects.map(({ object }) => [
        object.metadata.name,
        enrollmentNamespace(object),
      ]),
    );
    const podLabels = inMeshPodLabels(context, namespaces);
    for (const entry of context.list(
      'security.istio.io',
      'AuthorizationPolicy',
    )) {
      analyzeNoMatchingWorkloads(context, entry, podLabels);
      analyzeNamespaceNotFound(context, entry, [...namespaces.keys()]);
    }
  },
};
