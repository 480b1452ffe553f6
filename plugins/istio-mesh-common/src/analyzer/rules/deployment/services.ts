import { objectKey, PodController, Service } from '../../../resources/objects';
import { matchesLabels } from '../../../labels/labelSelector';
import {
  enrollmentNamespace,
  podTemplateInMesh,
} from '../../../resolution/enrollment';
import { AnalyzedObject, Analyzer, AnalyzerContext } from '../../types';

// Waypoints are Deployments managed by istiod's mesh gateway controller.
const GATEWAY_MANAGED_LABEL = 'gateway.istio.io/managed';
const MESH_CONTROLLER = 'istio.io-mesh-controller';

/** Services in the deployment's namespace whose non-empty selector matches its pod template. */
function matchingServices(
  deployment: PodController,
  services: Service[],
): Service[] {
  const templateLabels = deployment.spec.template?.metadata?.labels;
  const namespace = deployment.metadata.namespace ?? '';
  return services.filter(
    service =>
      Object.keys(service.spec.selector ?? {}).length > 0 &&
      matchesLabels(service.spec.selector, templateLabels) &&
      (service.metadata.namespace ?? '') === namespace,
  );
}

function analyzePortProtocols(
  context: AnalyzerContext,
  entry: AnalyzedObject,
  services: Service[],
) {
  // port -> protocol -> service names
  const ports = new Map<number, Map<string, string[]>>();
  for (const service of services) {
    for (const port of service.spec.ports ?? []) {
      const protocols = ports.get(port.port) ?? new Map<string, string[]>();
      const protocol = port.protocol || 'TCP';
      const names = protocols.get(protocol);
      if (names) names.push(objectKey(service));
      else protocols.set(protocol, [objectKey(service)]);
      ports.set(port.port, protocols);
    }
  }
  for (const [port, protocols] of [...ports].sort((a, b) => a[0] - b[0])) {
    if (protocols.size > 1) {
      context.report(
        'IST0116',
        entry,
        [
          entry.object.metadata.name,
          port,
          [...protocols.values()].flat().sort(),
        ],
        'metadata.name',
      );
    }
  }
}

function analyzeTargetPorts(
  context: AnalyzerContext,
  entry: AnalyzedObject,
  services: Service[],
) {
  // targetPort -> port -> service name (the last service wins, as in istioctl)
  const targetPorts = new Map<string, Map<number, string>>();
  for (const service of services) {
    for (const port of service.spec.ports ?? []) {
      let targetPort = String(port.targetPort ?? '');
      // An unset targetPort defaults to the port.
      if (targetPort === '' || targetPort === '0')
        targetPort = String(port.port);
      const byPort = targetPorts.get(targetPort) ?? new Map<number, string>();
      byPort.set(port.port, objectKey(service));
      targetPorts.set(targetPort, byPort);
    }
  }
  for (const [targetPort, byPort] of [...targetPorts].sort((a, b) =>
    a[0].localeCompare(b[0]),
  )) {
    if (byPort.size > 1) {
      context.report(
        'IST0137',
        entry,
        [
          entry.object.metadata.name,
          [...byPort.values()].sort(),
          targetPort,
          [...byPort.keys()].sort((a, b) => a - b),
        ],
        'metadata.name',
      );
    }
  }
}

/**
 * `deployment.MultiServiceAnalyzer`: for each in-mesh Deployment (istioctl's
 * in-mesh rule on its pod template; waypoints skipped), the Services of its
 * namespace that select its pods must not expose one port with different
 * protocols (IST0116) nor one targetPort under different ports (IST0137).
 *
 * @public
 */
export const multiServiceAnalyzer: Analyzer = {
  name: 'deployment.MultiServiceAnalyzer',
  description: 'Checks association between services and pods',
  analyze(context) {
    const services = context.list('', 'Service').map(e => e.object as Service);
    const namespaces = new Map(
      context
        .list('', 'Namespace')
        .map(({ object }) => [
          object.metadata.name,
          enrollmentNamespace(object),
        ]),
    );
    for (const entry of context.list('apps', 'Deployment')) {
      const deployment = entry.object as PodController;
      if (
        deployment.metadata.labels?.[GATEWAY_MANAGED_LABEL] === MESH_CONTROLLER
      ) {
        continue;
      }
      const namespace = namespaces.get(deployment.metadata.namespace ?? '');
      if (!podTemplateInMesh(deployment.spec.template, namespace)) continue;
      const selecting = matchingServices(deployment, services);
      analyzePortProtocols(context, entry, selecting);
      analyzeTargetPorts(context, entry, selecting);
    }
  },
};
