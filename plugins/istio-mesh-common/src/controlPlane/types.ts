import { PolicyTargetReference } from '../resources/objects';
import type { MeshConfigSummary } from '../meshConfig/meshConfiguration';

/**
 * One istiod Deployment: a control-plane revision, its version and the
 * namespaces whose pods it injects.
 *
 * @public
 */
export interface IstiodRevision {
  /** Label `istio.io/rev` of the Deployment; `default` when absent. */
  revision: string;
  /**
   * Istio version from the tag of the `discovery` container image
   * (`docker.io/istio/pilot:1.26.4-distroless` gives `1.26.4`); undefined
   * for an image pinned by digest only.
   */
  version?: string;
  /** Image of the `discovery` container, as written. */
  image?: string;
  namespace: string;
  /** Name of the Deployment. */
  name: string;
  /** `status.readyReplicas` (0 when absent) against `spec.replicas` (1 when absent). */
  replicas: { ready: number; desired: number };
  /** Revision tags that point at this revision, sorted. */
  tags: string[];
  /**
   * Namespaces whose pods this revision injects, directly (`istio.io/rev`,
   * or `istio-injection=enabled` for the default revision) or through a
   * tag; sorted.
   */
  namespaces: string[];
}

/**
 * A revision tag: a MutatingWebhookConfiguration labelled `istio.io/tag`
 * that sends pods asking for the tag to a revision (`istio.io/rev`).
 *
 * @public
 */
export interface RevisionTag {
  tag: string;
  /** The revision the tag points at; undefined when the label is missing. */
  revision?: string;
  /** Name of the MutatingWebhookConfiguration. */
  webhook: string;
}

/**
 * One condition of a Sail Operator resource's status.
 *
 * @public
 */
export interface SailCondition {
  type: string;
  /** `True`, `False` or `Unknown`. */
  status: string;
  reason?: string;
  message?: string;
}

/**
 * A Sail Operator `Istio` resource (sailoperator.io): the desired control
 * plane and what the operator reports about it.
 *
 * @public
 */
export interface SailIstio {
  name: string;
  /** `spec.version`, e.g. `v1.26.4`. */
  version?: string;
  /** `spec.namespace`: where the control plane runs. */
  namespace?: string;
  /** `spec.updateStrategy.type`: `InPlace` or `RevisionBased`. */
  updateStrategy?: string;
  /** `status.state`, e.g. `Healthy`, `ReconcileError`, `IstiodNotReady`. */
  state?: string;
  activeRevisionName?: string;
  /** `status.revisions`: IstioRevisions in total, ready and in use. */
  revisions?: { total: number; ready: number; inUse: number };
  conditions: SailCondition[];
  /** Whether both the `Reconciled` and the `Ready` conditions are `True`. */
  healthy: boolean;
  /** Why the resource is not healthy, in plain language; absent when healthy. */
  message?: string;
}

/**
 * Which workloads a Telemetry resource configures:
 * - `mesh`: in the root namespace, without selector or targetRef;
 * - `namespace`: in another namespace, without selector or targetRef;
 * - `selector`: the workloads of its namespace that match `selector`;
 * - `targetRefs`: the Gateways or Services named in `targetRefs`.
 *
 * @public
 */
export type TelemetryScope = 'mesh' | 'namespace' | 'selector' | 'targetRefs';

/**
 * Which proxies a Telemetry rule applies to: `CLIENT`, `SERVER` or
 * `CLIENT_AND_SERVER` (the default).
 *
 * @public
 */
export type TelemetryWorkloadMode = 'CLIENT' | 'SERVER' | 'CLIENT_AND_SERVER';

/**
 * One `tracing` rule. No providers means the parent level's (or the mesh
 * default) provider.
 *
 * @public
 */
export interface TelemetryTracing {
  providers: string[];
  randomSamplingPercentage?: number;
  /** `disableSpanReporting`: spans are not sent although traces propagate. */
  disableSpanReporting?: boolean;
  mode: TelemetryWorkloadMode;
}

/**
 * One `metrics` rule: its providers and the metrics it turns off.
 *
 * @public
 */
export interface TelemetryMetrics {
  providers: string[];
  /** Metrics turned off by overrides (`ALL_METRICS` when no metric is named). */
  disabled: Array<{ metric: string; mode: TelemetryWorkloadMode }>;
}

/**
 * One `accessLogging` rule.
 *
 * @public
 */
export interface TelemetryAccessLogging {
  providers: string[];
  /** `disabled`: access logs of these providers are turned off. */
  disabled?: boolean;
  mode: TelemetryWorkloadMode;
  /** CEL expression that selects the requests logged. */
  filter?: string;
}

/**
 * What one Telemetry resource (telemetry.istio.io) configures.
 *
 * @public
 */
export interface TelemetryConfig {
  namespace: string;
  name: string;
  scope: TelemetryScope;
  /** `selector.matchLabels`, for the `selector` scope. */
  selector?: Record<string, string>;
  /** `targetRef` and `targetRefs`, for the `targetRefs` scope. */
  targetRefs?: PolicyTargetReference[];
  tracing: TelemetryTracing[];
  metrics: TelemetryMetrics[];
  accessLogging: TelemetryAccessLogging[];
  /**
   * `namespace/name` of the Telemetry Istio uses instead: istiod applies
   * only the oldest mesh-wide Telemetry and the oldest of each namespace.
   */
  shadowedBy?: string;
}

/**
 * An object of a control-plane kind that was left out because a field it
 * reads has the wrong shape.
 *
 * @public
 */
export interface ControlPlaneProblem {
  kind: string;
  namespace?: string;
  name: string;
  /** Dotted path of the offending field inside the object. */
  field: string;
  message: string;
}

/**
 * The control plane of one cluster: istiod revisions, Sail Operator
 * `Istio` resources and Telemetry configuration.
 *
 * @public
 */
export interface ControlPlaneSummary {
  /** Istio's root namespace, where mesh-wide Telemetry lives. */
  rootNamespace: string;
  /** One per istiod Deployment, sorted by namespace and name. */
  revisions: IstiodRevision[];
  /** Revision tags found among the MutatingWebhookConfigurations, sorted. */
  tags: RevisionTag[];
  /** Sail Operator `Istio` resources, sorted by name. */
  sail: SailIstio[];
  /** Telemetry resources in the order istiod ranks them (oldest first). */
  telemetry: TelemetryConfig[];
  /**
   * The mesh configuration (root namespace, trust domain, ...) read from
   * the cluster, where it came from and its disagreements.
   */
  meshConfig?: MeshConfigSummary;
  problems: ControlPlaneProblem[];
}
