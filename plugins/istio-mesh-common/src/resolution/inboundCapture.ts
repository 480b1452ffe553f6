import { Dataplane } from '../types/mesh';

/** Pod annotation listing the inbound ports redirected to the sidecar. @public */
export const INCLUDE_INBOUND_PORTS =
  'traffic.sidecar.istio.io/includeInboundPorts';
/** Pod annotation listing the inbound ports that bypass the sidecar. @public */
export const EXCLUDE_INBOUND_PORTS =
  'traffic.sidecar.istio.io/excludeInboundPorts';
/** Pod annotation choosing how the sidecar captures traffic. @public */
export const INTERCEPTION_MODE = 'sidecar.istio.io/interceptionMode';
/** Pod annotation that turns off ztunnel's inbound capture in ambient mode. @public */
export const AMBIENT_BYPASS_INBOUND_CAPTURE =
  'ambient.istio.io/bypass-inbound-capture';
const STATUS_PORT_ANNOTATION = 'status.sidecar.istio.io/port';

/**
 * Istio's own ports, which the injector always leaves out of inbound
 * capture: the agent's status port, the health port and Envoy's
 * Prometheus port.
 *
 * @public
 */
export const ISTIO_INBOUND_PORTS: readonly number[] = [15020, 15021, 15090];

/**
 * The defaults an injector applies when a pod has no annotation of its own
 * (Helm values `global.proxy.*` and `meshConfig.defaultConfig`).
 *
 * @public
 */
export interface InboundCaptureDefaults {
  /** `global.proxy.includeInboundPorts`; Istio's default `*`. */
  includeInboundPorts?: string;
  /** `global.proxy.excludeInboundPorts`; Istio's default empty. */
  excludeInboundPorts?: string;
  /** `global.proxy.statusPort`; Istio's default 15020. */
  statusPort?: number;
  /** `meshConfig.defaultConfig.interceptionMode`; Istio's default `REDIRECT`. */
  interceptionMode?: string;
}

/**
 * The annotations and data plane of one pod, or of a pod template.
 *
 * @public
 */
export interface CapturedPod {
  annotations?: Record<string, string>;
  dataplane: Dataplane | 'sidecar' | 'ambient' | 'none';
}

const quote = (name: string, value: string) => `${name}: "${value}"`;

// "8080, 9090" -> [8080, 9090]; entries that are not port numbers are kept
// as NaN so that a list with them is known to be invalid.
function portList(value: string): number[] {
  return value
    .split(',')
    .map(entry => entry.trim())
    .filter(entry => entry !== '')
    .map(entry => (/^\d+$/.test(entry) ? Number(entry) : NaN));
}

// strconv.ParseBool, which istio-cni uses for boolean annotations.
function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/**
 * The ports of one pod whose inbound traffic never reaches its proxy, each
 * with the annotation (or default) that causes it. Follows the injector's
 * template and istio-iptables (`capture/run.go` handleInboundPortsInclude)
 * or istio-cni (`sidecar_redirect.go`), which read the same annotations:
 *
 * - sidecar `interceptionMode: NONE`: nothing is redirected;
 * - `includeInboundPorts` (default `*`): an empty value captures nothing,
 *   a list captures only the ports listed;
 * - with `*`, the ports in `excludeInboundPorts` bypass the proxy;
 * - ambient: `ambient.istio.io/bypass-inbound-capture` true turns off
 *   ztunnel's inbound capture for the whole pod.
 *
 * Istio's own ports (15020, 15021, 15090 and the status port) are never
 * reported. A list the tools cannot parse is taken as capturing nothing
 * listed, since Istio would not apply it as written.
 *
 * @public
 */
export function uncapturedInboundPorts(
  pod: CapturedPod,
  ports: readonly number[],
  defaults: InboundCaptureDefaults = {},
): Record<string, string> {
  const annotations = pod.annotations ?? {};
  const istioPorts = new Set([
    ...ISTIO_INBOUND_PORTS,
    Number(annotations[STATUS_PORT_ANNOTATION] ?? defaults.statusPort ?? 15020),
  ]);
  const appPorts = ports.filter(port => !istioPorts.has(port));
  const all = (reason: string) =>
    Object.fromEntries(appPorts.map(port => [String(port), reason]));

  if (pod.dataplane === 'ambient') {
    const bypass = annotations[AMBIENT_BYPASS_INBOUND_CAPTURE];
    return bypass !== undefined && parseBool(bypass) === true
      ? all(quote(AMBIENT_BYPASS_INBOUND_CAPTURE, bypass))
      : {};
  }
  if (pod.dataplane === 'none') return {};

  const mode = annotations[INTERCEPTION_MODE];
  if (mode === 'NONE') return all(quote(INTERCEPTION_MODE, mode));
  if (mode === undefined && defaults.interceptionMode === 'NONE') {
    return all('meshConfig.defaultConfig.interceptionMode: NONE');
  }

  const include = annotations[INCLUDE_INBOUND_PORTS];
  const includeValue = (include ?? defaults.includeInboundPorts ?? '*').trim();
  const includeReason =
    include !== undefined
      ? quote(INCLUDE_INBOUND_PORTS, include)
      : `global.proxy.includeInboundPorts: "${defaults.includeInboundPorts}"`;
  if (includeValue === '') return all(includeReason);
  if (includeValue !== '*') {
    const listed = new Set(portList(includeValue));
    return Object.fromEntries(
      appPorts
        .filter(port => !listed.has(port))
        .map(port => [String(port), includeReason]),
    );
  }

  const exclude = annotations[EXCLUDE_INBOUND_PORTS];
  const excludeValue = exclude ?? defaults.excludeInboundPorts ?? '';
  const excluded = new Set(portList(excludeValue));
  const excludeReason =
    exclude !== undefined
      ? quote(EXCLUDE_INBOUND_PORTS, exclude)
      : `global.proxy.excludeInboundPorts: "${defaults.excludeInboundPorts}"`;
  return Object.fromEntries(
    appPorts
      .filter(port => excluded.has(port))
      .map(port => [String(port), excludeReason]),
  );
}

/**
 * The uncaptured ports of a workload: a port counts when it bypasses the
 * proxy in any of its pods (during a rollout pods may differ), or in the
 * pod template when there are no pods.
 *
 * @public
 */
export function workloadUncapturedPorts(
  pods: readonly CapturedPod[],
  ports: readonly number[],
  defaults: InboundCaptureDefaults = {},
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pod of pods) {
    for (const [port, reason] of Object.entries(
      uncapturedInboundPorts(pod, ports, defaults),
    )) {
      if (!(port in result)) result[port] = reason;
    }
  }
  return Object.fromEntries(
    Object.entries(result).sort(([a], [b]) => Number(a) - Number(b)),
  );
}
