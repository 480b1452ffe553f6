import { formatLabelSet, matchesLabels } from '../../../labels/labelSelector';
import {
  buildServiceHostIndex,
  findServiceHost,
} from '../../../resolution/hosts';
import { destinationRuleSpec } from '../../../resolution/trafficBinding';
import { isRecord, stringMap } from '../../../resources/specFields';
import { AnalyzedObject, Analyzer } from '../../types';

/** Pods named in a message before "and N more". */
const NAMED_PODS = 3;

const isRunning = (pod: AnalyzedObject) =>
  isRecord(pod.object.status) && pod.object.status.phase === 'Running';

const podName = (pod: AnalyzedObject) =>
  `${pod.object.metadata.namespace ?? ''}/${pod.object.metadata.name}`;

function otherPods(pods: AnalyzedObject[]): string {
  if (pods.length === 0) return '';
  const named = pods.slice(0, NAMED_PODS).map(podName).join(', ');
  const more =
    pods.length > NAMED_PODS ? ` and ${pods.length - NAMED_PODS} more` : '';
  return `; its labels select only pods of other workloads (${named}${more})`;
}

/**
 * ISM0005: a DestinationRule subset that selects no running pod of its
 * destination Service. istioctl's IST0173 counts the pods of any workload
 * that carry the subset's labels (`version: v2` of another app satisfies
 * it); the endpoints of a subset are the Service's own endpoints filtered by
 * the subset's labels, so the Service's selector and namespace count too.
 * Judged only when the inputs hold pods at all (manifests from Git hold
 * none), for Kubernetes Services with a selector; ServiceEntry hosts are
 * left to IST0173.
 *
 * @public
 */
export const subsetServicePodsAnalyzer: Analyzer = {
  name: 'istiomesh.SubsetServicePodsAnalyzer',
  description:
    "Finds DestinationRule subsets that select none of their Service's running pods",
  analyze(context) {
    const pods = context.list('', 'Pod');
    if (pods.length === 0) return;
    const running = pods.filter(isRunning);
    const index = buildServiceHostIndex(
      context.list('', 'Service').map(s => s.object),
      [],
      context.meshConfig.defaultServiceExportTo,
    );
    for (const target of context.list(
      'networking.istio.io',
      'DestinationRule',
    )) {
      const spec = destinationRuleSpec(target.object);
      const found = findServiceHost(
        index,
        spec.host,
        target.object.metadata.namespace ?? '',
        spec.exportTo,
      );
      if (!found || found.object.kind !== 'Service') continue;
      const service = found.object;
      const selector = stringMap(
        isRecord(service.spec) ? service.spec.selector : undefined,
      );
      if (!selector || Object.keys(selector).length === 0) continue;
      const namespace = service.metadata.namespace ?? '';
      const backends = running.filter(
        pod =>
          (pod.object.metadata.namespace ?? '') === namespace &&
          matchesLabels(selector, pod.object.metadata.labels),
      );
      const isBackend = new Set(backends);
      // A later subset of the same name replaces an earlier one, as in istio.
      const subsets = new Map(
        spec.subsets.map((s, i) => [s.name, { ...s, i }]),
      );
      for (const [name, subset] of subsets) {
        const labels = subset.labels ?? {};
        if (
          backends.some(pod =>
            matchesLabels(labels, pod.object.metadata.labels),
          )
        ) {
          continue;
        }
        const elsewhere = running.filter(
          pod =>
            Object.keys(labels).length > 0 &&
            matchesLabels(labels, pod.object.metadata.labels) &&
            !isBackend.has(pod),
        );
        context.report(
          'ISM0005',
          target,
          [
            name,
            formatLabelSet(labels) || 'no labels',
            `${namespace}/${service.metadata.name}`,
            formatLabelSet(selector),
            otherPods(elsewhere),
          ],
          `spec.subsets[${subset.i}].name`,
        );
      }
    }
  },
};
