import { MeshIndex } from '../resources/meshIndex';
import {
  AuthorizationPolicy,
  Container,
  PolicyTargetReference,
  Service,
} from '../resources/objects';
import { Dataplane, MtlsMode } from '../types/mesh';
import {
  applicableAuthorizationPolicies,
  AuthorizationDecision,
  AuthorizationRequest,
  decideAuthorization,
  EnforcementPoint,
} from './authorization';
import { decideAtZtunnel } from './ztunnelAuthorization';
import { forUnknownHttpAttributes } from './unknownHttpAttributes';
import { Waypoint, WAYPOINT_GATEWAY_CLASS, waypointFor } from './waypoints';
import { servicesSelecting, Workload } from './workloads';

/**
 * Where a workload's authorization is enforced, and by which policies.
 *
 * @public
 */
export interface AuthorizationEnforcement {
  enforcedBy: EnforcementPoint;
  /** The waypoint its Services' traffic goes through, for `waypoint`. */
  waypoint?: Waypoint;
  /**
   * Policies the workload's own proxy enforces (sidecar, or ztunnel in
   * ambient mode): by selector, from its namespace and the root namespace.
   */
  selectorPolicies: AuthorizationPolicy[];
  /** Policies the waypoint enforces: those whose targetRefs name it or the Services. */
  waypointPolicies: AuthorizationPolicy[];
  /** One sentence on why this proxy enforces, or why none does. */
  reason: string;
}

/**
 * The mesh settings authorization depends on.
 *
 * @public
 */
export interface AuthorizationMesh {
  rootNamespace: string;
  trustDomain: string;
  trustDomainAliases?: readonly string[];
  /** Undefined when the mesh configuration is not known. */
  extensionProviders?: readonly string[];
}

/**
 * What {@link authorizationEnforcement} and
 * {@link decideWorkloadAuthorization} read.
 *
 * @public
 */
export interface WorkloadAuthorizationInput {
  workload: Workload;
  index: MeshIndex;
  mesh: AuthorizationMesh;
  dataplane: Dataplane;
  /** For a workload without pods, the data plane its template would get. */
  predictedDataplane?: 'sidecar' | 'ambient' | 'none';
  /** Ports that bypass the proxy, with their cause. */
  uncaptured?: Readonly<Record<string, string>>;
  /** Effective PeerAuthentication mode, per port, for identity on DISABLE ports. */
  mtls?: { mode: MtlsMode; ports: Readonly<Record<string, MtlsMode>> };
}

function refsOf(policy: AuthorizationPolicy): PolicyTargetReference[] {
  return [
    ...(policy.spec.targetRef ? [policy.spec.targetRef] : []),
    ...(policy.spec.targetRefs ?? []),
  ];
}

/**
 * Policies a waypoint applies to traffic for some Services (istio
 * `policyattachment.go`, SEMANTICS §3.1): targetRefs naming one of the
 * Services (core group) in its own namespace, the waypoint's Gateway in
 * the waypoint's namespace, or the `istio-waypoint` GatewayClass from the
 * root namespace.
 */
function waypointPolicies(
  policies: AuthorizationPolicy[],
  services: Service[],
  waypoint: Waypoint,
  rootNamespace: string,
): AuthorizationPolicy[] {
  return policies
    .filter(policy => {
      const namespace = policy.metadata.namespace ?? '';
      return refsOf(policy).some(ref => {
        if (ref.namespace && ref.namespace !== namespace) return false;
        if (ref.kind === 'Service' && (ref.group ?? '') === '') {
          return services.some(
            s =>
              s.metadata.name === ref.name &&
              (s.metadata.namespace ?? '') === namespace,
          );
        }
        if (ref.group !== 'gateway.networking.k8s.io') return false;
        if (ref.kind === 'Gateway') {
          return ref.name === waypoint.name && namespace === waypoint.namespace;
        }
        return (
          ref.kind === 'GatewayClass' &&
          ref.name === WAYPOINT_GATEWAY_CLASS &&
          namespace === rootNamespace
        );
      });
    })
    .sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    );
}

/**
 * Which proxy enforces a workload's AuthorizationPolicies (SEMANTICS §1.3,
 * §3.1): none without a proxy; a workload's sidecar the selector policies;
 * in ambient mode ztunnel the selector policies at L4, and, when its
 * Service or namespace uses a waypoint (`istio.io/use-waypoint` naming a
 * Gateway of class `istio-waypoint`), the waypoint the targetRefs policies
 * with full L7 semantics.
 *
 * @public
 */
export function authorizationEnforcement(
  input: WorkloadAuthorizationInput,
): AuthorizationEnforcement {
  const { workload, index, mesh } = input;
  const selectorPolicies = applicableAuthorizationPolicies(
    workload,
    index.authorizationPolicies,
    mesh.rootNamespace,
  );
  const base = { selectorPolicies, waypointPolicies: [] };
  const dataplane =
    workload.pods.length > 0
      ? input.dataplane
      : input.predictedDataplane ?? 'sidecar';
  if (dataplane === 'none') {
    return {
      ...base,
      enforcedBy: 'none',
      reason: 'pods without a proxy enforce no AuthorizationPolicy',
    };
  }
  if (dataplane !== 'ambient') {
    return {
      ...base,
      enforcedBy: 'sidecar',
      reason: "the workload's sidecar enforces the policies that select it",
    };
  }
  const services = servicesSelecting(workload, index.services);
  const binding = waypointFor(
    services,
    index.namespaces.get(workload.namespace),
    index.gateways,
  );
  if (!binding.waypoint) {
    return {
      ...base,
      enforcedBy: 'ztunnel',
      reason: `ztunnel enforces the policies that select the workload, at L4 only${
        binding.problem ? ` (${binding.problem})` : ''
      }`,
    };
  }
  const { waypoint } = binding;
  return {
    ...base,
    enforcedBy: 'waypoint',
    waypoint,
    waypointPolicies: waypointPolicies(
      index.authorizationPolicies,
      services,
      waypoint,
      mesh.rootNamespace,
    ),
    reason: `waypoint ${waypoint.namespace}/${waypoint.name} (from ${binding.labelledBy}) enforces the policies that target it or the Services; ztunnel still enforces the selector policies at L4, seeing the waypoint as the caller`,
  };
}

const HTTP_PROTOCOLS = ['http', 'http2', 'http_proxy', 'grpc', 'grpc-web'];
const TCP_PROTOCOLS = ['tcp', 'https', 'tls', 'mongo', 'redis', 'mysql'];

function protocolOfName(value: string): 'http' | 'tcp' | undefined {
  const name = value.toLowerCase();
  if (name === 'kubernetes.io/h2c' || name.startsWith('kubernetes.io/ws')) {
    return 'http';
  }
  if (HTTP_PROTOCOLS.includes(name)) return 'http';
  if (TCP_PROTOCOLS.includes(name)) return 'tcp';
  return undefined;
}

/**
 * Whether Istio treats traffic to a workload port as HTTP or TCP, from the
 * Service port that forwards to it: `appProtocol`, else the port name's
 * prefix (`http-web`, `grpc`, `tcp-db`, `redis`...). Undefined when no
 * Service port declares it: Istio then sniffs the protocol.
 *
 * @public
 */
export function declaredProtocol(
  services: Service[],
  containers: Container[],
  port: number,
): 'http' | 'tcp' | undefined {
  for (const service of services) {
    for (const servicePort of service.spec.ports ?? []) {
      const target = servicePort.targetPort ?? servicePort.port;
      const resolved =
        typeof target === 'number'
          ? target
          : containers.flatMap(c => c.ports ?? []).find(p => p.name === target)
              ?.containerPort;
      if (resolved !== port) continue;
      const fromAppProtocol = servicePort.appProtocol
        ? protocolOfName(servicePort.appProtocol)
        : undefined;
      const fromName = servicePort.name
        ? protocolOfName(servicePort.name.split('-')[0])
        : undefined;
      const protocol = fromAppProtocol ?? fromName;
      if (protocol) return protocol;
    }
  }
  return undefined;
}

/** The request as the proxy sees it: no identity on a DISABLE port. */
function asSeenOnPort(
  request: AuthorizationRequest,
  input: WorkloadAuthorizationInput,
): { request: AuthorizationRequest; note?: string } {
  const { mtls } = input;
  if (!mtls || request.port === undefined) return { request };
  const mode = mtls.ports[String(request.port)] ?? mtls.mode;
  if (mode !== 'DISABLE') return { request };
  if (!request.sourcePrincipal && !request.sourceNamespace) return { request };
  const { sourcePrincipal, sourceNamespace, ...rest } = request;
  return {
    request: rest,
    note: `port ${request.port} is DISABLE, so callers arrive without an mTLS identity`,
  };
}

function withNote(
  decision: AuthorizationDecision,
  note: string | undefined,
): AuthorizationDecision {
  return note
    ? { ...decision, reason: `${decision.reason}; ${note}` }
    : decision;
}

/**
 * Decides a request to a workload as the proxy that enforces its
 * authorization does ({@link authorizationEnforcement}): a port that
 * bypasses the proxy, or a workload without one, is allowed with
 * `enforcedBy: none`; a sidecar evaluates the selector policies with L7
 * semantics; ztunnel evaluates them at L4; behind a waypoint, the
 * waypoint's policies decide first for the caller, then the destination's
 * ztunnel its selector policies for the waypoint's own identity.
 *
 * @public
 */
export function decideWorkloadAuthorization(
  input: WorkloadAuthorizationInput,
  request: AuthorizationRequest,
  enforcement: AuthorizationEnforcement = authorizationEnforcement(input),
): AuthorizationDecision {
  const { mesh } = input;
  const bypass =
    request.port === undefined
      ? undefined
      : input.uncaptured?.[String(request.port)];
  if (bypass) {
    return {
      decision: 'ALLOW',
      policy: null,
      action: null,
      reason: `port ${request.port} bypasses the proxy (${bypass}), so no policy is enforced on it`,
      enforcedBy: 'none',
    };
  }
  if (enforcement.enforcedBy === 'none') {
    return {
      decision: 'ALLOW',
      policy: null,
      action: null,
      reason: `no proxy enforces any policy: ${enforcement.reason}`,
      enforcedBy: 'none',
    };
  }
  const options = {
    trustDomains: [mesh.trustDomain, ...(mesh.trustDomainAliases ?? [])],
    extensionProviders: mesh.extensionProviders,
  };
  const seen = asSeenOnPort(request, input);
  if (enforcement.enforcedBy === 'sidecar') {
    return withNote(
      decideAuthorization(enforcement.selectorPolicies, seen.request, {
        ...options,
        enforcedBy: 'sidecar',
      }),
      seen.note,
    );
  }
  if (enforcement.enforcedBy === 'ztunnel') {
    return withNote(
      decideAtZtunnel(enforcement.selectorPolicies, seen.request),
      seen.note,
    );
  }
  const atWaypoint = decideAuthorization(
    enforcement.waypointPolicies,
    request,
    { ...options, enforcedBy: 'waypoint' },
  );
  if (atWaypoint.decision === 'DENY') return atWaypoint;
  const waypoint = enforcement.waypoint!;
  const atZtunnel = decideAtZtunnel(enforcement.selectorPolicies, {
    ...request,
    sourcePrincipal: `${mesh.trustDomain}/ns/${waypoint.namespace}/sa/${waypoint.name}`,
    sourceNamespace: undefined,
  });
  if (atZtunnel.decision === 'DENY') {
    return {
      ...atZtunnel,
      reason: `${atZtunnel.reason}; the destination's ztunnel sees waypoint ${waypoint.namespace}/${waypoint.name} as the caller, not the original client`,
    };
  }
  return atWaypoint;
}

/**
 * An enforcement as it decides requests whose HTTP attributes are not
 * known, read in the caller's favour ({@link forUnknownHttpAttributes})
 * where an L7 proxy evaluates them: the sidecar's policies, and a
 * waypoint's. ztunnel sees no HTTP attributes, so its policies stay as
 * written.
 *
 * @public
 */
export function forUnknownHttpRequests(
  enforcement: AuthorizationEnforcement,
): AuthorizationEnforcement {
  return {
    ...enforcement,
    selectorPolicies:
      enforcement.enforcedBy === 'sidecar'
        ? enforcement.selectorPolicies.map(forUnknownHttpAttributes)
        : enforcement.selectorPolicies,
    waypointPolicies: enforcement.waypointPolicies.map(
      forUnknownHttpAttributes,
    ),
  };
}
