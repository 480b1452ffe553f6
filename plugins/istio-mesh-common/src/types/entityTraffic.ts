import type { EnforcementPoint } from '../resolution/authorization';

/**
 * One mesh identity (a namespace and service account) that a policy allows
 * or denies, with the workloads that run as it. Two workloads sharing a
 * service account are one caller: Istio cannot tell them apart.
 *
 * @public
 */
export interface MeshCaller {
  namespace: string;
  serviceAccount: string;
  /** Names of the in-mesh workloads (in `namespace`) that run as this identity. */
  workloads: string[];
  /** Ports the allowing rules name; absent when any port is allowed. */
  ports?: string[];
  /** HTTP methods the allowing rules name; absent when any method is allowed. */
  methods?: string[];
  /** Request paths the allowing rules name; absent when any path is allowed. */
  paths?: string[];
  /** The AuthorizationPolicy that decided, as `namespace/name`. */
  policy: string;
}

/**
 * Who may call an entity's workloads, from the authorization decision
 * function over the in-mesh identities of the clusters.
 *
 * @public
 */
export interface EntityCallers {
  /**
   * What happens to a caller no policy names (any other identity):
   * `DENY` once an ALLOW policy applies, else `ALLOW`.
   */
  defaultDecision: 'ALLOW' | 'DENY';
  /** The policy that decides for such a caller, when one does. */
  defaultPolicy?: string;
  /** Identities a policy allows on some port; sorted by namespace and service account. */
  allowed: MeshCaller[];
  /** Identities an explicit DENY (or CUSTOM) policy denies on every port. */
  denied: MeshCaller[];
  /** The proxy that enforces the policies. */
  enforcedBy: EnforcementPoint;
}

/**
 * One workload the entity may (or may not) call.
 *
 * @public
 */
export interface MeshCallee {
  namespace: string;
  /** The workload's name. */
  workload: string;
  /** Names of the Services that select it. */
  services: string[];
  /** The policy that decided; absent when no policy applies (allowed by default). */
  policy?: string;
}

/**
 * What the entity's identities may call, from the same decision function
 * turned around.
 *
 * @public
 */
export interface EntityCalls {
  /**
   * Which workloads were checked: `namespace` means only those in the
   * entity's own namespaces (listed in `namespaces`), to keep the refresh
   * linear in the number of workloads.
   */
  scope: 'namespace';
  namespaces: string[];
  /** Workloads whose policies allow the entity, sorted. */
  allowed: MeshCallee[];
  /** Workloads whose policies deny the entity on every port, sorted. */
  denied: MeshCallee[];
}

/**
 * One destination of a route, with whether pods run it.
 *
 * @public
 */
export interface EntityRouteDestination {
  host: string;
  subset?: string;
  port?: number;
  /** Share of requests in percent (100 for a single destination). */
  weight: number;
  /** Running pods of the host's Service that carry the subset's labels. */
  podsRunning: number;
  /** False when the subset is named but no DestinationRule defines it. */
  subsetDefined?: boolean;
}

/**
 * One HTTP route of a VirtualService that governs the entity's traffic.
 *
 * @public
 */
export interface EntityRoute {
  /** The VirtualService, as `namespace/name`. */
  virtualService: string;
  /** The route's name, when it has one. */
  name?: string;
  /** Gateways it is bound to (`mesh` for sidecars). */
  gateways: string[];
  /** Each match condition in words, e.g. `uri prefix /api`; empty for every request. */
  match: string[];
  destinations: EntityRouteDestination[];
  /** Retries as Envoy gets them. */
  retries?: { attempts: number; perTryTimeout?: string; retryOn?: string };
  timeout?: string;
  /** Injected faults, in words. */
  fault?: { delay?: string; abort?: string };
}

/**
 * The traffic policy of one DestinationRule, in plain fields.
 *
 * @public
 */
export interface DestinationPolicy {
  /** The DestinationRules merged for the host, as `namespace/name`. */
  destinationRules: string[];
  host: string;
  /** `simple` mode (e.g. `LEAST_REQUEST`) or `consistentHash`. */
  loadBalancer?: string;
  connectionPool?: {
    maxConnections?: number;
    connectTimeout?: string;
    http1MaxPendingRequests?: number;
    http2MaxRequests?: number;
    maxRequestsPerConnection?: number;
    maxRetries?: number;
  };
  outlierDetection?: {
    consecutive5xxErrors?: number;
    consecutiveGatewayErrors?: number;
    interval?: string;
    baseEjectionTime?: string;
    maxEjectionPercent?: number;
  };
  /** Subsets defined, by name. */
  subsets: string[];
}

/**
 * One analyzer message about a resource that governs the entity (its
 * workloads and pods, their Services, namespace, PeerAuthentications,
 * AuthorizationPolicies, VirtualServices and DestinationRules).
 *
 * @public
 */
export interface EntityFinding {
  /** Stable message code, e.g. `IST0101`. */
  code: string;
  level: 'Error' | 'Warning' | 'Info';
  message: string;
  /** The resource, as `Kind namespace/name` (`Kind name` when cluster-scoped). */
  resource: string;
  /** Field path inside the resource, when the analyzer gives one. */
  path?: string;
  /** Istio's page on the code, or this project's docs/findings.md section. */
  documentationUrl: string;
}
