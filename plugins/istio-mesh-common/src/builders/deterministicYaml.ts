import { stringify } from 'yaml';
import { KubernetesObject } from '../resources/objects';
import { ownValue } from '../resources/specFields';

// Key order of generated manifests. Listed keys come first, in the order
// Istio's and Gateway API's documentation write them; every other key
// (label maps, header names, ports) follows in a stable order. Nothing here
// depends on the order in which a builder happened to set its fields.

const TOP_LEVEL_ORDER = ['apiVersion', 'kind', 'metadata', 'spec'];
const METADATA_ORDER = ['name', 'namespace', 'labels', 'annotations'];

/** Order of `spec`'s own keys, per kind. */
const SPEC_ORDER: Record<string, string[]> = {
  VirtualService: ['hosts', 'gateways', 'http', 'tls', 'tcp', 'exportTo'],
  DestinationRule: [
    'host',
    'workloadSelector',
    'trafficPolicy',
    'subsets',
    'exportTo',
  ],
  PeerAuthentication: ['selector', 'mtls', 'portLevelMtls'],
  AuthorizationPolicy: [
    'selector',
    'targetRef',
    'targetRefs',
    'action',
    'provider',
    'rules',
  ],
  RequestAuthentication: ['selector', 'targetRef', 'targetRefs', 'jwtRules'],
  HTTPRoute: ['parentRefs', 'hostnames', 'rules'],
};

/**
 * Order of the keys of an object below `spec`, by the key it sits under
 * (items of a list take the list's key). Where one key name is used for
 * two shapes (`http` holds VirtualService routes and connection-pool
 * settings) the lists are merged: their keys do not overlap.
 */
const NESTED_ORDER: Record<string, string[]> = {
  http: [
    'name',
    'match',
    'route',
    'redirect',
    'rewrite',
    'retries',
    'timeout',
    'fault',
    'mirror',
    'headers',
    'http1MaxPendingRequests',
    'http2MaxRequests',
    'maxRequestsPerConnection',
    'maxRetries',
    'idleTimeout',
  ],
  tcp: ['match', 'route', 'maxConnections', 'connectTimeout', 'tcpKeepalive'],
  match: ['name', 'uri', 'method', 'headers', 'queryParams'],
  route: ['destination', 'weight', 'headers'],
  destination: ['host', 'subset', 'port'],
  retries: ['attempts', 'perTryTimeout', 'retryOn'],
  fault: ['delay', 'abort'],
  delay: ['fixedDelay', 'percentage'],
  abort: ['httpStatus', 'percentage'],
  trafficPolicy: [
    'loadBalancer',
    'connectionPool',
    'outlierDetection',
    'tls',
    'portLevelSettings',
  ],
  connectionPool: ['tcp', 'http'],
  outlierDetection: [
    'consecutive5xxErrors',
    'consecutiveGatewayErrors',
    'interval',
    'baseEjectionTime',
    'maxEjectionPercent',
    'minHealthPercent',
  ],
  loadBalancer: ['simple', 'consistentHash'],
  consistentHash: [
    'httpHeaderName',
    'httpCookie',
    'useSourceIp',
    'httpQueryParameterName',
  ],
  httpCookie: ['name', 'path', 'ttl'],
  tls: ['mode', 'credentialName', 'sni', 'subjectAltNames'],
  subsets: ['name', 'labels', 'trafficPolicy'],
  selector: ['matchLabels'],
  rules: ['from', 'to', 'when', 'matches', 'filters', 'backendRefs'],
  from: ['source'],
  to: ['operation'],
  source: [
    'principals',
    'notPrincipals',
    'requestPrincipals',
    'notRequestPrincipals',
    'namespaces',
    'notNamespaces',
  ],
  operation: ['hosts', 'ports', 'methods', 'paths'],
  when: ['key', 'values', 'notValues'],
  jwtRules: ['issuer', 'jwksUri', 'audiences', 'forwardOriginalToken'],
  parentRefs: ['group', 'kind', 'name', 'namespace', 'sectionName', 'port'],
  matches: ['path', 'method', 'headers', 'queryParams'],
  path: ['type', 'value'],
  backendRefs: ['group', 'kind', 'name', 'namespace', 'port', 'weight'],
};

const INTEGER = /^(0|[1-9][0-9]*)$/;

/**
 * Code-point order, integers (ports) numerically and first: the order in
 * which JavaScript itself iterates integer-like keys, so the YAML library
 * writes what is computed here.
 */
function compareKeys(a: string, b: string): number {
  const aInteger = INTEGER.test(a);
  const bInteger = INTEGER.test(b);
  if (aInteger && bInteger) return Number(a) - Number(b);
  if (aInteger !== bInteger) return aInteger ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function orderedKeys(value: Record<string, unknown>, leading: string[]) {
  const present = Object.keys(value).filter(key => value[key] !== undefined);
  const first = leading.filter(key => present.includes(key));
  const rest = present.filter(key => !leading.includes(key)).sort(compareKeys);
  return [...first, ...rest];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ordered(
  value: unknown,
  leadingFor: (key: string) => string[],
  key: string,
): unknown {
  if (Array.isArray(value)) {
    return value.map(item => ordered(item, leadingFor, key));
  }
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const child of orderedKeys(value, leadingFor(key))) {
    result[child] = ordered(value[child], leadingFor, child);
  }
  return result;
}

/**
 * An object with its keys in manifest order: apiVersion, kind, metadata
 * (name, namespace, labels, annotations), spec in the kind's conventional
 * order, then anything else; `undefined` fields dropped.
 *
 * @public
 */
export function orderManifestKeys<T extends KubernetesObject>(object: T): T {
  const nested = (key: string) => NESTED_ORDER[key] ?? [];
  const top = object as unknown as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of orderedKeys(top, TOP_LEVEL_ORDER)) {
    if (key === 'metadata') {
      result[key] = ordered(
        top[key],
        k => (k === key ? METADATA_ORDER : []),
        key,
      );
    } else if (key === 'spec') {
      result[key] = ordered(
        top[key],
        k => (k === key ? ownValue(SPEC_ORDER, object.kind) ?? [] : nested(k)),
        key,
      );
    } else {
      result[key] = ordered(top[key], nested, key);
    }
  }
  return result as T;
}

/**
 * Serialises objects as a multi-document YAML manifest (documents separated
 * by `---`), byte-identical for the same objects whatever order their keys
 * were set in (see {@link orderManifestKeys}). Strings are quoted where YAML
 * 1.1 (what Kubernetes' parser follows) would read them as something else,
 * e.g. `'on'`, `'7070'`; lines are never folded.
 *
 * @public
 */
export function toManifestYaml(objects: KubernetesObject[]): string {
  return objects
    .map(object =>
      stringify(orderManifestKeys(object), {
        version: '1.1',
        lineWidth: 0,
        singleQuote: true,
      }),
    )
    .join('---\n');
}
