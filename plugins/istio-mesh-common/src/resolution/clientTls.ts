import { isRecord } from '../resources/specFields';
import { KubernetesObject, objectKey } from '../resources/objects';
import { MtlsMode } from '../types/mesh';

/**
 * TLS a client sidecar uses towards a service, as DestinationRule
 * `trafficPolicy.tls.mode` names it: `DISABLE` is plaintext, `SIMPLE` TLS
 * origination, `MUTUAL` mTLS with the user's certificates, `ISTIO_MUTUAL`
 * mTLS with Istio's certificates.
 *
 * @public
 */
export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

/**
 * What decided the client TLS mode.
 *
 * - `destination-rule`: the DestinationRule's effective policy sets `tls`.
 * - `auto-mtls`: no `tls` was set and auto mTLS chose from the server's
 *   inferred mode and sidecars.
 * - `plaintext-default`: no `tls` was set and auto mTLS does not apply
 *   (turned off in MeshConfig, or the host is mesh-external).
 *
 * @public
 */
export type ClientTlsSource =
  | 'destination-rule'
  | 'auto-mtls'
  | 'plaintext-default';

/**
 * Sidecars among the endpoints a connection can reach: `all` of them are
 * labelled `security.istio.io/tlsMode: istio`, `some`, or `none` (also when
 * there are no endpoints). For one endpoint, `all` or `none`.
 *
 * @public
 */
export type EndpointSidecars = 'all' | 'some' | 'none';

/**
 * One client-to-service connection whose TLS is resolved.
 *
 * @public
 */
export interface ClientTlsQuery {
  /**
   * The DestinationRule that applies to this client namespace and host
   * (found by the DestinationRule lookup); absent when none does.
   */
  destinationRule?: KubernetesObject;
  /** Service port the client connects to. */
  port: number;
  /** Subset the route sends to, if any. */
  subset?: string;
  /** `meshConfig.enableAutoMtls`; Istio's default is true. */
  enableAutoMtls?: boolean;
  /**
   * Namespace- or mesh-level PeerAuthentication mode of the service's
   * namespace (workload-level policies excluded, as in Istio's inference);
   * absent when neither exists, which Istio takes as PERMISSIVE.
   */
  serverNamespaceMode?: MtlsMode;
  /** The host is a ServiceEntry with `location: MESH_EXTERNAL`. */
  meshExternal?: boolean;
  /**
   * The service forwards to the original destination (headless Service,
   * ServiceEntry `resolution: NONE`). A `loadBalancer.simple: PASSTHROUGH`
   * in the DestinationRule is detected without this.
   */
  passthrough?: boolean;
  /** Defaults to `all`. */
  endpointSidecars?: EndpointSidecars;
  /**
   * Sidecars among all the service's endpoints, from which a passthrough
   * service's mode is inferred; defaults to `endpointSidecars`.
   */
  serviceEndpointSidecars?: EndpointSidecars;
}

/**
 * Client-side TLS of a connection and why.
 *
 * @public
 */
export interface ClientTls {
  mode: ClientTlsMode;
  source: ClientTlsSource;
  /** One sentence naming the rule and objects that decided. */
  reason: string;
  /**
   * Field path in the DestinationRule that decided: the `tls` block, or the
   * port-level entry that replaced the policy and dropped its `tls`.
   */
  path?: string;
}

/**
 * Fields of a DestinationRule TrafficPolicy that take part in merging.
 *
 * @public
 */
export type TrafficPolicyField =
  | 'connectionPool'
  | 'outlierDetection'
  | 'loadBalancer'
  | 'tls'
  | 'tunnel'
  | 'proxyProtocol'
  | 'retryBudget';

/**
 * A traffic policy field as written, with its path in the DestinationRule.
 *
 * @public
 */
export interface TrafficPolicyFieldValue {
  value: Record<string, unknown>;
  path: string;
}

/**
 * The traffic policy Istio applies for one port and subset of a
 * DestinationRule.
 *
 * @public
 */
export interface EffectiveTrafficPolicy {
  /** Fields that are set; an absent field takes Istio's default. */
  fields: Partial<Record<TrafficPolicyField, TrafficPolicyFieldValue>>;
  /**
   * Port-level entries that replaced a policy wholesale for this port,
   * destination level first.
   */
  replacedBy: string[];
  /** Path of the subset, when it is defined in the rule. */
  subsetPath?: string;
}

type Fields = EffectiveTrafficPolicy['fields'];

// A port-level entry carries only these; everything else falls back to the
// default when it replaces a policy (istio util.shadowCopyPortTrafficPolicy).
const PORT_LEVEL_FIELDS: readonly TrafficPolicyField[] = [
  'connectionPool',
  'outlierDetection',
  'loadBalancer',
  'tls',
];
const OTHER_FIELDS: readonly TrafficPolicyField[] = [
  'tunnel',
  'proxyProtocol',
  'retryBudget',
];

const CLIENT_TLS_MODES: readonly string[] = [
  'DISABLE',
  'SIMPLE',
  'MUTUAL',
  'ISTIO_MUTUAL',
];

// Entries of a list that are objects; others are blanked out so that indexes
// still match the manifest's paths.
function records(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry: unknown) => (isRecord(entry) ? entry : {}));
}

function policyFields(
  policy: Record<string, unknown>,
  path: string,
  names: readonly TrafficPolicyField[],
): Fields {
  const fields: Fields = {};
  for (const name of names) {
    const value = policy[name];
    if (isRecord(value)) fields[name] = { value, path: `${path}.${name}` };
  }
  return fields;
}

// The policy for one port: the first portLevelSettings entry for the port
// replaces the policy, else the policy itself (istio GetPortLevelTrafficPolicy).
function policyForPort(
  policy: unknown,
  path: string,
  port: number,
): { fields: Fields; portLevelPath?: string } | undefined {
  if (!isRecord(policy)) return undefined;
  const entries = records(policy.portLevelSettings);
  const index = entries.findIndex(
    entry => isRecord(entry.port) && entry.port.number === port,
  );
  if (index < 0) {
    return {
      fields: policyFields(policy, path, [
        ...PORT_LEVEL_FIELDS,
        ...OTHER_FIELDS,
      ]),
    };
  }
  const portLevelPath = `${path}.portLevelSettings[${index}]`;
  return {
    fields: policyFields(entries[index], portLevelPath, PORT_LEVEL_FIELDS),
    portLevelPath,
  };
}

function findSubset(
  spec: Record<string, unknown>,
  subset: string | undefined,
): { entry: Record<string, unknown>; path: string } | undefined {
  if (subset === undefined) return undefined;
  const subsets = records(spec.subsets);
  const index = subsets.findIndex(entry => entry.name === subset);
  return index < 0
    ? undefined
    : { entry: subsets[index], path: `spec.subsets[${index}]` };
}

/**
 * The traffic policy of a DestinationRule for one service port and optional
 * subset, as istiod merges it (istio `MergeSubsetTrafficPolicy`): a
 * `portLevelSettings` entry for the port replaces the policy it sits in
 * wholesale (omitted fields take defaults, not the outer values); then each
 * field the subset's policy sets overrides the destination-level one, and a
 * subset port-level entry replaces the four port-level fields.
 *
 * @public
 */
export function effectiveTrafficPolicy(
  destinationRule: KubernetesObject,
  port: number,
  subset?: string,
): EffectiveTrafficPolicy {
  const spec = isRecord(destinationRule.spec) ? destinationRule.spec : {};
  const destination = policyForPort(
    spec.trafficPolicy,
    'spec.trafficPolicy',
    port,
  );
  const found = findSubset(spec, subset);
  const subsetPolicy = found
    ? policyForPort(
        found.entry.trafficPolicy,
        `${found.path}.trafficPolicy`,
        port,
      )
    : undefined;
  const replacedBy = [
    destination?.portLevelPath,
    subsetPolicy?.portLevelPath,
  ].filter((path): path is string => path !== undefined);
  const subsetPath = found ? { subsetPath: found.path } : {};

  if (!subsetPolicy) {
    return { fields: destination?.fields ?? {}, replacedBy, ...subsetPath };
  }
  const fields: Fields = { ...destination?.fields };
  const replaced = subsetPolicy.portLevelPath !== undefined;
  for (const name of [...PORT_LEVEL_FIELDS, ...OTHER_FIELDS]) {
    const override = subsetPolicy.fields[name];
    if (override) {
      fields[name] = override;
    } else if (replaced && PORT_LEVEL_FIELDS.includes(name)) {
      delete fields[name];
    }
  }
  return { fields, replacedBy, ...subsetPath };
}

function describeRule(query: ClientTlsQuery): string {
  const rule = query.destinationRule;
  if (!rule) return 'no DestinationRule applies';
  const subset = query.subset === undefined ? '' : ` subset ${query.subset}`;
  return `DestinationRule ${objectKey(rule)} (port ${query.port}${subset})`;
}

// Why the rule set no tls for this connection, when it could have.
function missingTlsReason(
  query: ClientTlsQuery,
  policy: EffectiveTrafficPolicy | undefined,
): string {
  if (!policy) return 'no DestinationRule applies';
  const notes: string[] = [];
  if (query.subset !== undefined && !policy.subsetPath) {
    notes.push(`defines no subset ${query.subset}`);
  }
  const lastReplacement = policy.replacedBy[policy.replacedBy.length - 1];
  notes.push(
    lastReplacement
      ? `has port-level settings at ${lastReplacement} that replace the policy and set no tls`
      : 'sets no tls',
  );
  return `${describeRule(query)} ${notes.join(' and ')}`;
}

function usesPassthrough(query: ClientTlsQuery): boolean {
  if (query.passthrough) return true;
  // istiod reads the load balancer of the subset's own policy for a subset
  // cluster, else of the rule's top-level policy, ignoring port levels.
  const spec = isRecord(query.destinationRule?.spec)
    ? query.destinationRule?.spec
    : undefined;
  if (!spec) return false;
  const found = findSubset(spec, query.subset);
  const policy = found ? found.entry.trafficPolicy : spec.trafficPolicy;
  const loadBalancer = isRecord(policy) ? policy.loadBalancer : undefined;
  return isRecord(loadBalancer) && loadBalancer.simple === 'PASSTHROUGH';
}

function autoMtls(query: ClientTlsQuery, prefix: string): ClientTls {
  const sidecars = query.endpointSidecars ?? 'all';
  const plaintext = (source: ClientTlsSource, why: string): ClientTls => ({
    mode: 'DISABLE',
    source,
    reason: `${prefix}; ${why}`,
  });
  if (query.meshExternal) {
    return plaintext(
      'plaintext-default',
      'the host is a MESH_EXTERNAL ServiceEntry, which auto mTLS never applies to, so the client sends plaintext',
    );
  }
  if (!(query.enableAutoMtls ?? true)) {
    return plaintext(
      'plaintext-default',
      'auto mTLS is off (meshConfig.enableAutoMtls: false), so the client sends plaintext',
    );
  }
  if (
    usesPassthrough(query) &&
    (query.serviceEndpointSidecars ?? sidecars) !== 'all'
  ) {
    return plaintext(
      'auto-mtls',
      'the service is passthrough and not all of its endpoints have a sidecar, so auto mTLS infers DISABLE and sends plaintext',
    );
  }
  if (query.serverNamespaceMode === 'DISABLE') {
    return plaintext(
      'auto-mtls',
      "the service's namespace-level PeerAuthentication is DISABLE, so auto mTLS sends plaintext",
    );
  }
  if (sidecars === 'none') {
    return plaintext(
      'auto-mtls',
      'the endpoints have no sidecar (security.istio.io/tlsMode: istio), so auto mTLS sends plaintext',
    );
  }
  const partial =
    sidecars === 'some'
      ? '; endpoints without a sidecar still receive plaintext'
      : '';
  return {
    mode: 'ISTIO_MUTUAL',
    source: 'auto-mtls',
    reason: `${prefix}; auto mTLS sends Istio mTLS to endpoints with a sidecar${partial}`,
  };
}

/**
 * Client-side TLS of a connection, as istiod builds the client's outbound
 * cluster (istio `buildUpstreamTLSSettings`,
 * `BestEffortInferServiceMTLSMode`):
 *
 * 1. The DestinationRule's effective policy for the port and subset
 *    ({@link effectiveTrafficPolicy}) sets `tls`: its mode wins; a `tls`
 *    without `mode` is DISABLE, the protobuf default.
 * 2. Otherwise, with auto mTLS on (the default) and a host that is not
 *    MESH_EXTERNAL, the client sends Istio mTLS, unless the server is
 *    inferred to be DISABLE (namespace-level PeerAuthentication DISABLE, or a
 *    passthrough service with an endpoint lacking a sidecar) or the
 *    endpoints have no sidecar.
 * 3. Otherwise plaintext.
 *
 * Not modelled: proxies with legacy metadata certificates (MUTUAL in place
 * of ISTIO_MUTUAL), SNI-DNAT gateway clusters and ambient (HBONE) traffic.
 *
 * @public
 */
export function effectiveClientTls(query: ClientTlsQuery): ClientTls {
  const policy = query.destinationRule
    ? effectiveTrafficPolicy(query.destinationRule, query.port, query.subset)
    : undefined;
  const tls = policy?.fields.tls;
  if (tls) {
    const mode = tls.value.mode;
    if (mode === undefined || mode === null) {
      return {
        mode: 'DISABLE',
        source: 'destination-rule',
        reason: `${describeRule(query)} sets tls without a mode at ${
          tls.path
        }, which means DISABLE`,
        path: tls.path,
      };
    }
    if (typeof mode === 'string' && CLIENT_TLS_MODES.includes(mode)) {
      return {
        mode: mode as ClientTlsMode,
        source: 'destination-rule',
        reason: `${describeRule(query)} sets tls.mode ${mode} at ${tls.path}`,
        path: `${tls.path}.mode`,
      };
    }
    // Kubernetes and istiod reject the rule, so it does not take effect.
    return autoMtls(
      query,
      `${describeRule(query)} has an invalid tls.mode ${JSON.stringify(
        mode,
      )} at ${tls.path} and is rejected`,
    );
  }
  const replaced = policy?.replacedBy[policy.replacedBy.length - 1];
  return {
    ...autoMtls(query, missingTlsReason(query, policy)),
    ...(replaced ? { path: replaced } : {}),
  };
}

/**
 * Whether a client's TLS mode fails against the server's effective inbound
 * mode for the port (PeerAuthentication, workload level included): a STRICT
 * server rejects plaintext (DISABLE) and TLS that is not Istio mTLS
 * (SIMPLE); a DISABLE server cannot terminate Istio mTLS (ISTIO_MUTUAL).
 * MUTUAL is not flagged, as it may carry Istio-issued certificates.
 *
 * @public
 */
export function conflictsWithServer(
  clientMode: ClientTlsMode,
  serverMode: MtlsMode,
): boolean {
  if (serverMode === 'STRICT') {
    return clientMode === 'DISABLE' || clientMode === 'SIMPLE';
  }
  if (serverMode === 'DISABLE') return clientMode === 'ISTIO_MUTUAL';
  return false;
}
