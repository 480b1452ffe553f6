import { isRecord } from '../../../resources/specFields';
import { AnalyzedObject, Analyzer, AnalyzerContext } from '../../types';
import { servicePortProtocol } from './portProtocol';

// resources/schemas.ts checks `port`, `name` and `targetPort`; the other
// fields read here arrive unchecked and are narrowed on read.
interface ServicePortFields {
  port?: unknown;
  name?: unknown;
  targetPort?: unknown;
  protocol?: unknown;
  appProtocol?: unknown;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

// Values of `gateway.istio.io/managed` on Services Istio creates itself for
// Gateway API gateways, waypoints and east-west gateways.
const GATEWAY_CONTROLLER_VALUES = new Set([
  'istio.io-gateway-controller',
  'istio.io-mesh-controller',
  'istio.io-eastwest-controller',
]);

function isSkipped(entry: AnalyzedObject): boolean {
  // Objects in Kubernetes' system namespaces never get here (runAnalyzers).
  const { labels = {} } = entry.object.metadata;
  // The control plane's own Services (util.IsIstioControlPlane).
  if ('istio' in labels || labels.release === 'istio') return true;
  return GATEWAY_CONTROLLER_VALUES.has(labels['gateway.istio.io/managed']);
}

function analyzeService(context: AnalyzerContext, entry: AnalyzedObject) {
  const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
  const externalName = spec.type === 'ExternalName';
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  ports.forEach((value: unknown, index) => {
    if (!isRecord(value)) return;
    const fields: ServicePortFields = value;
    const port = typeof fields.port === 'number' ? fields.port : 0;
    const name = optionalText(fields.name) ?? '';
    const protocol = servicePortProtocol({
      port,
      name,
      protocol: optionalText(fields.protocol),
      appProtocol: optionalText(fields.appProtocol),
    });
    // An ExternalName Service has no IP to match plain TCP on, so its ports
    // must be routable by SNI (tls, https) or by HTTP host; `tcp` is not.
    const unnamed = protocol === 'UnsupportedProtocol';
    if (!unnamed && !(externalName && name === 'tcp')) return;
    const path = `spec.ports[${index}].port`;
    if (externalName) {
      context.report('IST0150', entry, [], path);
      return;
    }
    // Kubernetes defaults an absent targetPort to the port.
    const targetPort =
      typeof fields.targetPort === 'number' ||
      typeof fields.targetPort === 'string'
        ? String(fields.targetPort)
        : String(port);
    context.report('IST0118', entry, [name, port, targetPort], path);
  });
}

/**
 * `service.PortNameAnalyzer`: a Service port whose protocol Istio cannot
 * tell from `appProtocol` or the `<protocol>[-suffix]` name prefix is
 * reported (IST0118, Info; Istio falls back to protocol sniffing); on an
 * ExternalName Service such a port, or one named `tcp`, is a warning
 * (IST0150). UDP ports and the well-known ports 25, 53, 3306 and 27017 pass.
 * Services of the control plane (`istio` or `release: istio` label) and
 * those Istio manages for gateways are skipped.
 *
 * @public
 */
export const portNameAnalyzer: Analyzer = {
  name: 'service.PortNameAnalyzer',
  description: 'Checks the port names associated with each service',
  analyze(context) {
    for (const entry of context.list('', 'Service')) {
      if (!isSkipped(entry)) analyzeService(context, entry);
    }
  },
};
