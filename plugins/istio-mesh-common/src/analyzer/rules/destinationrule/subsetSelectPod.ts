import { matchesLabels } from '../../../labels/labelSelector';
import {
  buildServiceHostIndex,
  findServiceHost,
} from '../../../resolution/hosts';
import { destinationRuleSpec } from '../../../resolution/trafficBinding';
import { AnalyzedObject, Analyzer } from '../../types';

const TOPOLOGY_REGION = 'topology.kubernetes.io/region';
const TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
const TOPOLOGY_SUBZONE = 'topology.istio.io/subzone';
const HOSTNAME = 'kubernetes.io/hostname';

/**
 * A pod's labels plus the topology labels Istio gives its endpoints: the
 * locality of its node (region, then zone, then subzone, each only when the
 * ones before it are set) and the node name.
 */
function endpointLabels(
  pod: AnalyzedObject,
  nodeLabels: Map<string, Record<string, string>>,
): Record<string, string> {
  const labels = { ...(pod.object.metadata.labels ?? {}) };
  const nodeName = (pod.object.spec as { nodeName?: unknown })?.nodeName;
  if (typeof nodeName !== 'string' || !nodeName) return labels;
  const node = nodeLabels.get(nodeName);
  if (node) {
    const region = node[TOPOLOGY_REGION] ?? '';
    const zone = node[TOPOLOGY_ZONE] ?? '';
    // Istio joins the locality as region/zone/subzone and splits it again:
    // a subzone without zone is lost, a zone without region is kept.
    const subzone = zone ? node[TOPOLOGY_SUBZONE] ?? '' : '';
    if (region) labels[TOPOLOGY_REGION] = region;
    if (zone) labels[TOPOLOGY_ZONE] = zone;
    if (subzone) labels[TOPOLOGY_SUBZONE] = subzone;
  }
  labels[HOSTNAME] = nodeName;
  return labels;
}

/**
 * `destinationrule.SubsetSelectPodAnalyzer`: a DestinationRule's host must
 * be a Service or ServiceEntry visible from its namespace (IST0174), and
 * each subset (its labels merged with the ServiceEntry's workloadSelector)
 * must select at least one pod, node topology labels included (IST0173).
 * Like istioctl, pods of every namespace count.
 *
 * @public
 */
export const subsetSelectPodAnalyzer: Analyzer = {
  name: 'destinationrule.SubsetSelectPodAnalyzer',
  description: 'Checks if pods are selected by subsets in destination rules.',
  analyze(context) {
    const index = buildServiceHostIndex(
      context.list('', 'Service').map(s => s.object),
      context.list('networking.istio.io', 'ServiceEntry').map(s => s.object),
      context.meshConfig.defaultServiceExportTo,
    );
    const nodeLabels = new Map(
      context
        .list('', 'Node')
        .map(n => [n.object.metadata.name, n.object.metadata.labels ?? {}]),
    );
    const podLabels = context
      .list('', 'Pod')
      .map(pod => endpointLabels(pod, nodeLabels));

    for (const target of context.list(
      'networking.istio.io',
      'DestinationRule',
    )) {
      const spec = destinationRuleSpec(target.object);
      const namespace = target.object.metadata.namespace ?? '';
      const service = findServiceHost(
        index,
        spec.host,
        namespace,
        spec.exportTo,
      );
      if (!service) {
        context.report('IST0174', target, [spec.host], 'spec.host');
        continue;
      }
      // A later subset of the same name replaces an earlier one, as in istio.
      const subsets = new Map(
        spec.subsets.map((s, i) => [s.name, { ...s, i }]),
      );
      for (const [name, subset] of subsets) {
        const selector = { ...service.workloadSelector, ...subset.labels };
        if (!podLabels.some(labels => matchesLabels(selector, labels))) {
          context.report(
            'IST0173',
            target,
            [name],
            `spec.subsets[${subset.i}].name`,
          );
        }
      }
    }
  },
};
