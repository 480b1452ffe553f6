import type { Criterion } from '../types/criteria';
import type { WorkloadReport } from '../types/mesh';
import type { MeshIndex } from '../resources/meshIndex';
import type { ServiceTraffic } from '../resolution/workloadTraffic';
import type {
  AuthorizationEnforcement,
  AuthorizationMesh,
} from '../resolution/workloadAuthorization';
import type { GitopsCriteriaInput } from '../gitops/entityGitopsInput';
import type { EntityRuntime } from '../runtime/entityRuntime';
import type { GrafanaDashboards } from './istioDashboards';
import type { EntityTracingInput } from './tracing';
import type { MeshLevelName } from './meshLevel';
import type { WorkloadContext } from './workloadContext';

/**
 * What a workload criterion is evaluated from: the workload resolved
 * against its cluster's objects under its revision's mesh configuration.
 *
 * @public
 */
export interface WorkloadCriterionInput extends WorkloadContext {
  index: MeshIndex;
  /** The VirtualServices and DestinationRules of each of its Services. */
  traffic: ServiceTraffic[];
  /** Root namespace, trust domain and extension providers of its mesh. */
  mesh: AuthorizationMesh;
  /** Which AuthorizationPolicies apply to it, and who enforces them. */
  enforcement: AuthorizationEnforcement;
}

/**
 * What the mesh was observed doing for an entity, for the workload criteria
 * that refine their configured verdict with it.
 *
 * @public
 */
export interface ObservedEntity {
  runtime: EntityRuntime;
  /** The entity's workloads, with their configured verdicts. */
  workloads: WorkloadReport[];
}

/**
 * What an entity criterion is evaluated from.
 *
 * @public
 */
export interface EntityCriterionInput {
  /** The entity's workloads in every cluster it runs in. */
  workloads: WorkloadReport[];
  /**
   * Its workloads' controllers and mesh resources as the GitOps sources and
   * Argo CD see them; read only by criteria judged from configuration,
   * which are evaluated only when the entity has workloads.
   */
  readonly gitops: GitopsCriteriaInput;
  /** Its observed traffic; absent when no Prometheus covers it. */
  runtime?: EntityRuntime;
  /** Why there is no observed traffic, when there is none. */
  whyNoRuntime: string;
  /** Its Jaeger services and what each Jaeger answered. */
  tracing: EntityTracingInput;
  /** Istio's dashboards as Grafana listed them, when it was asked. */
  dashboards?: GrafanaDashboards;
}

/**
 * What every criterion declares, whatever it is evaluated over.
 *
 * @public
 */
export interface CriterionDefinitionBase<Id extends string> {
  /** Stable identifier; never changes meaning. */
  id: Id;
  /** Shown in the Mesh tab, the compliance page and the CLI. */
  title: string;
  /**
   * The level of the seed plan that requires it (see `meshLevel`); absent
   * when it is shown but required by no level.
   */
  level?: Exclude<MeshLevelName, 'none'>;
  /** The scaffolder templates its verdicts may offer as the fix. */
  fixTemplates: readonly string[];
}

/**
 * A criterion evaluated for each workload and aggregated per entity (the
 * worst verdict wins). A workload criterion is judged from configuration:
 * it cannot pass for an entity while a cluster it may run in is unavailable.
 *
 * @public
 */
export interface WorkloadCriterionDefinition<Id extends string>
  extends CriterionDefinitionBase<Id> {
  scope: 'workload';
  evaluate(input: WorkloadCriterionInput): Criterion;
  /**
   * Refines the entity's aggregated verdict with observed traffic, when a
   * Prometheus observed the entity.
   */
  observe?(criterion: Criterion, observed: ObservedEntity): Criterion;
}

/**
 * A criterion evaluated once per entity.
 *
 * @public
 */
export interface EntityCriterionDefinition<Id extends string>
  extends CriterionDefinitionBase<Id> {
  scope: 'entity';
  /**
   * `configuration`: read from the objects that govern the entity's
   * workloads; `unknown` without workloads, and it cannot pass while a
   * cluster the entity may run in is unavailable. `observation`: read from
   * what Prometheus or Jaeger saw; the definition says why it is `unknown`.
   */
  judgedFrom: 'configuration' | 'observation';
  evaluate(input: EntityCriterionInput): Criterion;
}

/**
 * One success criterion: what it is called, which level needs it, which
 * templates fix it, and how it is evaluated. The registry (`CRITERIA`) lists
 * them in display order.
 *
 * @public
 */
export type CriterionDefinition<Id extends string = string> =
  | WorkloadCriterionDefinition<Id>
  | EntityCriterionDefinition<Id>;

/**
 * A verdict of `unknown` for the criterion, saying why.
 *
 * @public
 */
export function unknownCriterion(
  id: Criterion['id'],
  summary: string,
): Criterion {
  return { id, status: 'unknown', summary, evidence: [] };
}
