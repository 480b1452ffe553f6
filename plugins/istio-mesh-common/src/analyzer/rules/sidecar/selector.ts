import { isRecord } from '../../../resources/specFields';
import { KubernetesObject, Pod } from '../../../resources/objects';
import { formatLabelSet, matchesLabels } from '../../../labels/labelSelector';
import {
  enrollmentNamespace,
  namespaceInAmbientMode,
  podInAmbientMode,
} from '../../../resolution/enrollment';
import { AnalyzedObject, Analyzer } from '../../types';

// Sidecar is not in resources/schemas.ts, so its spec arrives unchecked.
interface SidecarSpec {
  workloadSelector?: unknown;
}

function workloadLabels(sidecar: KubernetesObject): Record<string, string> {
  const spec: SidecarSpec = isRecord(sidecar.spec) ? sidecar.spec : {};
  const selector = isRecord(spec.workloadSelector) ? spec.workloadSelector : {};
  const labels = isRecord(selector.labels) ? selector.labels : {};
  return Object.fromEntries(
    Object.entries(labels).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

const sortedNames = (entries: AnalyzedObject[]) =>
  entries.map(e => e.object.metadata.name).sort();

/**
 * `sidecar.SelectorAnalyzer`: a Sidecar's `workloadSelector` must match a pod
 * in its namespace (IST0101 selector); a pod selected by more than one
 * Sidecar makes each of them IST0110; more than one selector-less Sidecar in
 * a namespace makes each IST0111. Sidecars that select ambient-redirected
 * pods, or selector-less ones in an ambient namespace, have no effect
 * (IST0167, once per Sidecar) and are not reported as conflicting.
 *
 * @public
 */
export const selectorAnalyzer: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  description:
    "Validates that sidecars that define a workload selector match at least one pod, and that there aren't multiple sidecar resources that select overlapping pods",
  analyze(context) {
    const pods = context.list('', 'Pod');
    const podsToSidecars = new Map<AnalyzedObject, AnalyzedObject[]>();
    const namespaceScoped = new Map<string, AnalyzedObject[]>();

    for (const sidecar of context.list('networking.istio.io', 'Sidecar')) {
      const namespace = sidecar.object.metadata.namespace ?? '';
      const labels = workloadLabels(sidecar.object);
      if (Object.keys(labels).length === 0) {
        const scoped = namespaceScoped.get(namespace);
        if (scoped) scoped.push(sidecar);
        else namespaceScoped.set(namespace, [sidecar]);
        continue;
      }
      const selected = pods.filter(
        pod =>
          (pod.object.metadata.namespace ?? '') === namespace &&
          matchesLabels(labels, pod.object.metadata.labels),
      );
      for (const pod of selected) {
        const sidecars = podsToSidecars.get(pod);
        if (sidecars) sidecars.push(sidecar);
        else podsToSidecars.set(pod, [sidecar]);
      }
      if (selected.length === 0) {
        context.report(
          'IST0101',
          sidecar,
          ['selector', formatLabelSet(labels)],
          'spec.workloadSelector',
        );
      }
    }

    const ineffective = new Set<AnalyzedObject>();
    for (const [pod, sidecars] of podsToSidecars) {
      const ambient = podInAmbientMode(pod.object as Pod);
      if (sidecars.length === 1 && !ambient) continue;
      const names = sortedNames(sidecars);
      for (const sidecar of sidecars) {
        if (ambient) {
          if (!ineffective.has(sidecar)) {
            context.report('IST0167', sidecar, [
              'selected workload is in ambient mode, the policy has no impact',
            ]);
            ineffective.add(sidecar);
          }
          continue;
        }
        context.report(
          'IST0110',
          sidecar,
          [
            names,
            pod.object.metadata.namespace ?? '',
            pod.object.metadata.name,
          ],
          'metadata.name',
        );
      }
    }

    const namespaces = new Map(
      context
        .list('', 'Namespace')
        .map(({ object }) => [object.metadata.name, object]),
    );
    for (const [namespace, sidecars] of namespaceScoped) {
      const namespaceObject = namespaces.get(namespace);
      if (
        namespaceObject &&
        namespaceInAmbientMode(enrollmentNamespace(namespaceObject))
      ) {
        for (const sidecar of sidecars) {
          if (ineffective.has(sidecar)) continue;
          context.report('IST0167', sidecar, [
            'namespace is in ambient mode, the policy has no impact',
          ]);
          ineffective.add(sidecar);
        }
        continue;
      }
      if (sidecars.length > 1) {
        const names = sortedNames(sidecars);
        for (const sidecar of sidecars) {
          context.report('IST0111', sidecar, [names, namespace]);
        }
      }
    }
  },
};
