import { Pod } from '../../../resources/objects';
import {
  DATAPLANE_MODE_LABEL,
  enableNamespacesByDefaultOf,
  INJECTION_NAMESPACE_LABEL as INJECTION_LABEL,
  injectorConfigMapName,
  REVISION_LABEL,
  SIDECAR_INJECT,
} from '../../../resolution/enrollment';
import { Analyzer, AnalyzerContext } from '../../types';

/**
 * Reports namespace labelling problems and returns the namespaces labelled
 * `istio-injection=enabled`, whose pods must carry a proxy.
 */
function analyzeNamespaces(context: AnalyzerContext): Set<string> {
  const configMaps = context.list('', 'ConfigMap');
  // Like istioctl, the flag carries over to later namespaces whose
  // revision has no injector ConfigMap.
  let enableNamespacesByDefault = false;
  const injected = new Set<string>();

  for (const entry of context.list('', 'Namespace')) {
    const { name, labels = {} } = entry.object.metadata;
    if (name === 'istio-system') continue;
    const has = (key: string) =>
      Object.prototype.hasOwnProperty.call(labels, key);
    const injection = labels[INJECTION_LABEL] ?? '';

    // istio.io/rev and dataplane-mode only conflict when istio-injection is
    // absent or enabled: `istio-injection=disabled` switches the others off.
    const injectionLabels = has(INJECTION_LABEL)
      ? [`${INJECTION_LABEL}=${injection}`]
      : [];
    for (const key of [REVISION_LABEL, DATAPLANE_MODE_LABEL]) {
      if (has(key) && (!has(INJECTION_LABEL) || injection === 'enabled')) {
        injectionLabels.push(`${key}=${labels[key]}`);
      }
    }
    if (injectionLabels.length > 1) {
      context.report('IST0123', entry, [injectionLabels], 'metadata.labels');
    }

    if (labels[DATAPLANE_MODE_LABEL] === 'ambient') continue;

    const configMap = configMaps.find(
      cm =>
        cm.object.metadata.name ===
        injectorConfigMapName(labels[REVISION_LABEL] ?? ''),
    );
    if (configMap) {
      enableNamespacesByDefault = enableNamespacesByDefaultOf(configMap.object);
    }

    if (injection === '' && !has(REVISION_LABEL)) {
      if (enableNamespacesByDefault) {
        context.report('IST0148', entry, [], 'metadata.labels');
      } else {
        context.report('IST0102', entry, [name, name], 'metadata.name');
      }
      continue;
    }
    if (injection === 'enabled') injected.add(name);
  }
  return injected;
}

/**
 * `injection.Analyzer`: per namespace other than istio-system, more than one
 * of `istio-injection`, `istio.io/rev`, `istio.io/dataplane-mode` (IST0123);
 * ambient namespaces are then skipped; no `istio-injection` nor
 * `istio.io/rev` label gives IST0102, or IST0148 when the injector ConfigMap
 * enables namespaces by default. Pods in `istio-injection=enabled`
 * namespaces without an `istio-proxy` container are IST0103, unless they opt
 * out (label, else annotation, `sidecar.istio.io/inject=false`) or use the
 * host network. Namespaces selected by `istio.io/rev` are not checked for
 * pods, as in istioctl.
 *
 * @public
 */
export const injectionAnalyzer: Analyzer = {
  name: 'injection.Analyzer',
  description: 'Checks conditions related to Istio sidecar injection',
  analyze(context) {
    const injected = analyzeNamespaces(context);
    for (const entry of context.list('', 'Pod')) {
      const pod = entry.object as Pod;
      const { namespace = '', name, labels, annotations } = pod.metadata;
      if (!injected.has(namespace)) continue;
      const inject =
        labels && Object.prototype.hasOwnProperty.call(labels, SIDECAR_INJECT)
          ? labels[SIDECAR_INJECT]
          : annotations?.[SIDECAR_INJECT] ?? '';
      if (inject.toLowerCase() === 'false') continue;
      if (pod.spec.hostNetwork) continue;
      const containers = [
        ...pod.spec.containers,
        ...(pod.spec.initContainers ?? []),
      ];
      // A container named istio-proxy without an image does not count.
      if (!containers.some(c => c.name === 'istio-proxy' && c.image)) {
        context.report(
          'IST0103',
          entry,
          [namespace ? `${namespace}/${name}` : name],
          'spec.containers',
        );
      }
    }
  },
};
