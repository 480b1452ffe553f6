import { Criterion } from './criteria';
import { SourceState } from './sources';
import type { MeshLevel } from '../criteria/meshLevel';
import type { EntityControlPlane } from '../controlPlane/entityControlPlanes';
import type { WorkloadClientTls } from '../resolution/workloadClientTls';
import type { EnforcementPoint } from '../resolution/authorization';
import type {
  DestinationPolicy,
  EntityCallers,
  EntityCalls,
  EntityFinding,
  EntityRoute,
} from './entityTraffic';
import type { EntityRuntime } from '../runtime/entityRuntime';
import type { EntityLink } from './links';

/**
 * How a workload takes part in the mesh data plane.
 *
 * - `sidecar`: every running pod has a ready `istio-proxy`.
 * - `sidecar-not-ready`: `istio-proxy` is injected but not ready in some pod.
 * - `ambient`: pods are captured by ztunnel.
 * - `none`: at least one running pod is outside the mesh.
 *
 * @public
 */
export type Dataplane = 'sidecar' | 'sidecar-not-ready' | 'ambient' | 'none';

/**
 * Effective inbound mTLS mode after PeerAuthentication inheritance; `UNSET`
 * never survives resolution.
 *
 * @public
 */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/**
 * Effective inbound mTLS of one workload.
 *
 * @public
 */
export interface WorkloadMtls {
  /** Mode for ports without a port-level override. */
  mode: MtlsMode;
  /**
   * PeerAuthentication mode per workload (container) port, keyed by port
   * number. A port in `uncaptured` accepts plaintext whatever this says.
   */
  ports: Record<string, MtlsMode>;
  /** PeerAuthentications that decided the mode, as `namespace/name`, mesh first. */
  policies: string[];
  /**
   * Ports whose inbound traffic bypasses the proxy, keyed by port number,
   * each with the annotation (or injector default) that causes it, e.g.
   * `traffic.sidecar.istio.io/excludeInboundPorts: "9090"`. Istio's own
   * ports (15020, 15021, 15090) are never listed.
   */
  uncaptured: Record<string, string>;
}

/**
 * One pod of a workload, with its data plane state.
 *
 * @public
 */
export interface PodSummary {
  name: string;
  phase: string;
  dataplane: Dataplane;
  /** Istio proxy version from the sidecar's image tag, when it has one. */
  proxyVersion?: string;
}

/**
 * A workload (a pod's controlling owner) and its mesh state.
 *
 * @public
 */
export interface WorkloadReport {
  /** Cluster the workload runs in, when known. */
  cluster?: string;
  namespace: string;
  name: string;
  /** Kind of the controlling owner, e.g. `Deployment`. */
  kind: string;
  serviceAccount: string;
  dataplane: Dataplane;
  /**
   * For a workload without pods (plain manifests): the data plane its pod
   * template would get, when its Namespace is known.
   */
  predictedDataplane?: 'sidecar' | 'ambient' | 'none';
  pods: PodSummary[];
  mtls: WorkloadMtls;
  authorization: WorkloadAuthorization;
  /** Names of the Services in the workload's namespace that select its pods. */
  services?: string[];
  /** VirtualServices routing to the workload's Services, as `namespace/name`. */
  virtualServices: string[];
  /** DestinationRules governing traffic to the workload's Services, as `namespace/name`. */
  destinationRules: string[];
  /**
   * What clients send to each port of the workload's Services, per client
   * namespace (`*` for every namespace without a rule of its own). Not
   * computed for ambient workloads, whose traffic ztunnel carries.
   */
  clientTls: WorkloadClientTls[];
  criteria: Criterion[];
}

/**
 * AuthorizationPolicies that apply to a workload.
 *
 * @public
 */
export interface WorkloadAuthorization {
  /**
   * Applicable policies as `namespace/name`, sorted: those that select the
   * workload, then those a waypoint applies to its Services.
   */
  policies: string[];
  /**
   * Which proxy enforces them: the workload's `sidecar`, `ztunnel` (ambient,
   * L4 only), a `waypoint` (with ztunnel at L4), or `none` (no proxy).
   */
  enforcedBy: EnforcementPoint;
  /** The waypoint, `namespace/name`, when one enforces. */
  waypoint?: string;
}

/**
 * How an entity was mapped to workloads through the Kubernetes plugin's
 * annotations.
 *
 * - `mapped`: annotations found and at least one workload matched.
 * - `no-workloads`: annotations found but nothing in the clusters matched.
 * - `annotation-missing`: the entity has none of the Kubernetes annotations.
 * - `annotation-invalid`: the label selector annotation cannot be parsed.
 * - `annotation-refused`: the annotations parse but would map more than the
 *   entity's own workloads (a selector of only negative requirements, or no
 *   namespace where one is required).
 *
 * @public
 */
export type EntityMappingStatus =
  | 'mapped'
  | 'no-workloads'
  | 'annotation-missing'
  | 'annotation-invalid'
  | 'annotation-refused';

/**
 * The annotations an entity was mapped by, and the outcome.
 *
 * @public
 */
export interface EntityMapping {
  status: EntityMappingStatus;
  /** Label selector used to find the entity's pods and workloads. */
  labelSelector?: string;
  /** Namespace the search was restricted to. */
  namespace?: string;
  /** Cluster the search was restricted to. */
  cluster?: string;
  /** Human-readable explanation of the mapping outcome. */
  message: string;
}

/**
 * The complete mesh state of one catalog entity, as served by the backend.
 *
 * @public
 */
export interface EntityMeshState {
  /** Entity reference in `kind:namespace/name` form. */
  entityRef: string;
  mapping: EntityMapping;
  workloads: WorkloadReport[];
  /** Entity-level criteria, aggregated over its workloads. */
  criteria: Criterion[];
  /** The bronze/silver/gold level the criteria reach. */
  level: MeshLevel;
  /**
   * Control plane of each cluster the entity's workloads run in: istiod
   * revisions, Sail Operator status, and the Telemetry of their namespaces.
   */
  controlPlanes?: EntityControlPlane[];
  sources: SourceState[];
  /** ISO timestamp of when the state was computed. */
  generatedAt: string;

  // Answers to a service owner's questions (who may call it, what it
  // calls, how its traffic is routed). Absent for unmapped entities and in
  // states stored before they were computed.
  /** Who may call the entity's workloads. */
  callers?: EntityCallers;
  /** What the entity may call, within its namespaces. */
  calls?: EntityCalls;
  /** The HTTP routes of the VirtualServices governing the entity's traffic. */
  routes?: EntityRoute[];
  /** Per Service host, the DestinationRule traffic policy in plain fields. */
  destinationPolicies?: DestinationPolicy[];
  /**
   * The analyzer's messages about the resources that govern the entity,
   * errors first; absent when no cluster of it was analyzed.
   */
  findings?: EntityFinding[];
  /**
   * The entity's observed traffic, from the first runtime source
   * (Prometheus) covering its clusters; absent when none served data.
   */
  runtime?: EntityRuntime;
  /**
   * Deep links into Kiali, Grafana and Jaeger for the entity's workloads,
   * from `istioMesh.links`; absent when none is configured.
   */
  links?: EntityLink[];
  /**
   * The entity's service names in Jaeger: its `jaegertracing.io/service`
   * annotation, else Istio's `<app>.<namespace>` of each workload.
   */
  traceServices?: string[];
}
