/**
 * Protocols Istio recognises for a Service port (istio pkg/config/protocol).
 * `UnsupportedProtocol` means none was declared, so Istio sniffs it.
 *
 * @public
 */
export type PortProtocol =
  | 'GRPC'
  | 'GRPC-Web'
  | 'HTTP'
  | 'HTTP_PROXY'
  | 'HTTP2'
  | 'HTTPS'
  | 'TCP'
  | 'TLS'
  | 'UDP'
  | 'Mongo'
  | 'Redis'
  | 'MySQL'
  | 'UnsupportedProtocol';

/**
 * The fields of a Kubernetes Service port that decide its Istio protocol.
 *
 * @public
 */
export interface ServicePortProtocolInput {
  port: number;
  name?: string;
  /** Kubernetes transport protocol: TCP (default), UDP or SCTP. */
  protocol?: string;
  appProtocol?: string;
}

const PROTOCOL_BY_PREFIX = new Map<string, PortProtocol>([
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['grpc', 'GRPC'],
  ['http', 'HTTP'],
  ['http_proxy', 'HTTP_PROXY'],
  ['http2', 'HTTP2'],
  ['https', 'HTTPS'],
  ['tls', 'TLS'],
  ['mongo', 'Mongo'],
  ['redis', 'Redis'],
  ['mysql', 'MySQL'],
]);

// Kubernetes' standard appProtocol names (only valid as appProtocol).
const KUBERNETES_APP_PROTOCOLS = new Map<string, PortProtocol>([
  ['kubernetes.io/h2c', 'HTTP2'],
  ['kubernetes.io/ws', 'HTTP'],
  ['kubernetes.io/wss', 'HTTPS'],
]);

// SMTP, DNS, MySQL and MongoDB: server-first protocols that sniffing would
// break, so Istio treats them as TCP when nothing is declared.
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);

/**
 * The protocol Istio assigns to a Service port, as istio's
 * `kube.ConvertProtocol`: UDP ports are UDP; otherwise `appProtocol` if set,
 * else the port name's prefix before the first `-` (`grpc-web` as a whole),
 * case-insensitive. An unrecognised value is `UnsupportedProtocol`, except on
 * the well-known ports 25, 53, 3306 and 27017, which are TCP.
 *
 * @public
 */
export function servicePortProtocol(
  port: ServicePortProtocolInput,
): PortProtocol {
  if (port.protocol === 'UDP') return 'UDP';
  let name = port.name ?? '';
  if (port.appProtocol !== undefined) {
    name = port.appProtocol;
    const standard = KUBERNETES_APP_PROTOCOLS.get(name);
    if (standard) return standard;
  }
  if (name.toLowerCase().startsWith('grpc-web')) return 'GRPC-Web';
  const dash = name.indexOf('-');
  const prefix = (dash >= 0 ? name.slice(0, dash) : name).toLowerCase();
  const protocol = PROTOCOL_BY_PREFIX.get(prefix) ?? 'UnsupportedProtocol';
  if (
    protocol === 'UnsupportedProtocol' &&
    WELL_KNOWN_TCP_PORTS.has(port.port)
  ) {
    return 'TCP';
  }
  return protocol;
}
