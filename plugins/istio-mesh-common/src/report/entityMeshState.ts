import { Criterion, CriterionId } from '../types/criteria';
import { EntityMeshState } from '../types/mesh';
import { SourceState } from '../types/sources';
import { aggregateCriterion } from '../criteria/aggregateCriteria';
import {
  CriterionDefinition,
  EntityCriterionInput,
  unknownCriterion,
} from '../criteria/criterionDefinition';
import { CRITERIA } from '../criteria/registry';
import { meshLevel } from '../criteria/meshLevel';
import { GrafanaDashboards } from '../criteria/istioDashboards';
import { TraceDependencies } from '../traces/traceDependencies';
import { entityTracedServices } from '../traces/tracedServices';
import { RuntimeObservations } from '../runtime/observations';
import {
  EntityRuntime,
  entityRuntime,
  observationsFor,
} from '../runtime/entityRuntime';
import { ArgoClusterState } from '../gitops/argoApplications';
import { DesiredObject } from '../gitops/desiredState';
import {
  entityGitopsInput,
  GitopsCriteriaInput,
} from '../gitops/entityGitopsInput';
import { KubernetesObject } from '../resources/objects';
import { ControlPlaneSummary } from '../controlPlane/types';
import { entityControlPlanes } from '../controlPlane/entityControlPlanes';
import { EvaluatedWorkload } from './workloadReports';
import { entityCallers, entityCalls } from './entityCallers';
import { entityRoutes } from './entityRoutes';
import { entityFindings } from './entityFindings';
import { entityLinks, MeshLinkBases } from './entityLinks';
import { AnalyzerMessage } from '../analyzer/types';
import {
  describeMapping,
  entityWorkloadSelector,
  EntityMappingOptions,
  EntityWorkloadSelector,
  KUBERNETES_ANNOTATIONS,
  MappingRefusedError,
  workloadMatchesSelector,
} from './entityMapping';

/**
 * The evaluated workloads of one cluster, or why there are none.
 *
 * @public
 */
export interface ClusterEvaluation {
  cluster: string;
  /** Set when the cluster's data could not be read; its workloads are then empty. */
  unavailable?: string;
  workloads: EvaluatedWorkload[];
  /**
   * Argo CD in the cluster (see `clusterGitopsInputs`); undefined when no
   * source says whether it is installed.
   */
  argo?: ArgoClusterState;
  /** The cluster's Istio and Gateway API objects, to compare with Git. */
  meshResources?: KubernetesObject[];
  /** istiod revisions, Sail Operator status and Telemetry of the cluster. */
  controlPlane?: ControlPlaneSummary;
  /**
   * The analyzer's messages about the cluster's objects; the entity's
   * `findings` are those about the resources that govern it.
   */
  analysis?: AnalyzerMessage[];
}

/**
 * Input of {@link buildEntityMeshState}.
 *
 * @public
 */
export interface EntityMeshInput {
  entityRef: string;
  annotations: Record<string, string> | undefined;
  clusters: ClusterEvaluation[];
  sources: SourceState[];
  generatedAt: string;
  /** The objects of every GitOps source (desired state). */
  desired?: DesiredObject[];
  /** API server URL of each cluster by name, to resolve Argo CD destinations. */
  clusterUrls?: Record<string, string>;
  /** How annotations are read (`istioMesh.mapping`). */
  mapping?: EntityMappingOptions;
  /** What each runtime source (Prometheus) observed. */
  runtime?: RuntimeObservations[];
  /** What each trace source (Jaeger) answered. */
  traces?: TraceDependencies[];
  /** Kiali, Grafana and Jaeger to link the entity to (`istioMesh.links`). */
  links?: MeshLinkBases;
  /** Istio's dashboards as Grafana listed them, when it was asked. */
  dashboards?: GrafanaDashboards;
}

/**
 * Assembles one entity's mesh state: maps the entity to workloads through
 * the Kubernetes annotations, aggregates their criteria, and evaluates the
 * GitOps criteria (`gitops-managed`, `everything-in-git`) over the
 * resources of all its workloads together. A criterion that
 * would pass while a cluster the entity may run in is unavailable becomes
 * `unknown`, since the missing cluster could hold a failing workload.
 *
 * @public
 */
export function buildEntityMeshState(input: EntityMeshInput): EntityMeshState {
  const { state, ...mapped } = mapEntity(input);
  const traceServices = entityTracedServices(
    input.annotations,
    mapped.matchedIn.map(m => m.evaluated.workload),
  );
  const observed = observedRuntime(input, state);
  const runtime = 'runtime' in observed ? observed.runtime : undefined;
  const criteria = evaluateCriteria(
    input,
    { state, ...mapped },
    {
      runtime,
      whyNoRuntime: 'whyUnknown' in observed ? observed.whyUnknown : '',
      tracing: {
        services: traceServices,
        clusters: state.workloads.map(w => w.cluster),
        sources: input.sources,
        traces: input.traces ?? [],
        whyNoServices: state.mapping.message,
      },
    },
  );
  return {
    ...state,
    criteria,
    level: meshLevel(criteria),
    controlPlanes: entityControlPlanes(input.clusters, state.workloads),
    ...(runtime ? { runtime } : {}),
    ...(traceServices.length > 0 ? { traceServices } : {}),
    ...linksOf(input, state.workloads, traceServices),
  };
}

/**
 * Every criterion of the registry for the entity: workload criteria
 * aggregated over its workloads and refined with observed traffic, entity
 * criteria evaluated once. A criterion judged from configuration cannot
 * pass while a cluster the entity may run in is unavailable.
 */
function evaluateCriteria(
  input: EntityMeshInput,
  mapped: MappedEntity,
  observed: Pick<EntityCriterionInput, 'runtime' | 'whyNoRuntime' | 'tracing'>,
): Criterion[] {
  const { state, matchedIn, unavailableReason } = mapped;
  const whyNoWorkloads = unavailableReason || state.mapping.message;
  let gitops: GitopsCriteriaInput | undefined;
  const entityInput: EntityCriterionInput = {
    ...observed,
    workloads: state.workloads,
    get gitops() {
      gitops ??= entityGitopsInput({
        clusters: input.clusters,
        workloads: matchedIn.map(m => ({
          cluster: m.cluster,
          report: m.evaluated.report,
        })),
        desired: input.desired,
        clusterUrls: input.clusterUrls,
      });
      return gitops;
    },
    ...(input.dashboards ? { dashboards: input.dashboards } : {}),
  };
  const { runtime } = observed;
  return CRITERIA.map((definition: CriterionDefinition<CriterionId>) => {
    if (
      definition.scope === 'entity' &&
      definition.judgedFrom === 'observation'
    ) {
      return definition.evaluate(entityInput);
    }
    let configured: Criterion;
    if (definition.scope === 'workload') {
      configured = aggregateCriterion(
        definition.id,
        matchedIn.map(
          m => m.evaluated.report.criteria.find(c => c.id === definition.id)!,
        ),
        whyNoWorkloads,
      );
    } else {
      configured =
        matchedIn.length > 0
          ? definition.evaluate(entityInput)
          : unknownCriterion(definition.id, whyNoWorkloads);
    }
    if (unavailableReason && configured.status === 'pass') {
      configured = {
        ...configured,
        status: 'unknown',
        summary: unavailableReason,
      };
    }
    return definition.scope === 'workload' && definition.observe && runtime
      ? definition.observe(configured, { runtime, workloads: state.workloads })
      : configured;
  });
}

/** Links into the configured tools, when there are some. */
function linksOf(
  input: EntityMeshInput,
  workloads: Array<{ namespace: string; name: string }>,
  traceServices: string[],
): Pick<EntityMeshState, 'links'> {
  if (!input.links) return {};
  const lookback = input.traces?.[0]?.lookback;
  const workloadDashboardUid =
    input.links.grafana?.workloadDashboardUid ??
    input.dashboards?.found.workload;
  const bases = input.links.grafana
    ? {
        ...input.links,
        grafana: {
          ...input.links.grafana,
          ...(workloadDashboardUid ? { workloadDashboardUid } : {}),
        },
      }
    : input.links;
  const links = entityLinks(bases, workloads, traceServices, lookback);
  return links.length > 0 ? { links } : {};
}

/** The entity's observed traffic, or why there is none. */
function observedRuntime(
  input: EntityMeshInput,
  mapped: Pick<EntityMeshState, 'workloads' | 'mapping'>,
): { runtime: EntityRuntime } | { whyUnknown: string } {
  const runtimeSources = input.sources.filter(s => s.type === 'prometheus');
  if (runtimeSources.length === 0) {
    return {
      whyUnknown:
        'Not configured: no Prometheus (istioMesh.prometheus) is a source',
    };
  }
  if (mapped.workloads.length === 0) {
    return { whyUnknown: mapped.mapping.message };
  }
  const workloads = mapped.workloads.map(w => ({
    cluster: w.cluster,
    namespace: w.namespace,
    name: w.name,
    virtualServices: w.virtualServices,
    destinationRules: w.destinationRules,
    services: w.services,
  }));
  const observations = observationsFor(workloads, input.runtime ?? []);
  if (!observations) {
    const failed = runtimeSources.filter(s => s.status !== 'ok');
    const clusters = [...new Set(workloads.map(w => w.cluster))].join(', ');
    return {
      whyUnknown:
        failed.length > 0
          ? failed
              .map(s => `${s.id} is ${s.status}: ${s.message ?? ''}`)
              .join('; ')
          : `Not configured: no Prometheus (istioMesh.prometheus) covers cluster ${clusters}`,
    };
  }
  const clusters = new Set(workloads.map(w => w.cluster));
  const meshResources = input.clusters
    .filter(c => clusters.has(c.cluster))
    .flatMap(c => c.meshResources ?? []);
  return { runtime: entityRuntime(workloads, observations, meshResources) };
}

/** A workload of the entity, with the cluster it runs in and its neighbours. */
interface MatchedWorkload {
  cluster: string;
  evaluated: EvaluatedWorkload;
  clusterWorkloads: EvaluatedWorkload[];
  analysis?: AnalyzerMessage[];
}

/** The entity mapped to its workloads, before its criteria are evaluated. */
interface MappedEntity {
  state: Omit<EntityMeshState, 'level' | 'criteria'>;
  matchedIn: MatchedWorkload[];
  /** Why the clusters the entity may run in are not all known; empty when they are. */
  unavailableReason: string;
}

function mapEntity(input: EntityMeshInput): MappedEntity {
  const { entityRef, annotations, sources, generatedAt } = input;
  const base = { entityRef, sources, generatedAt };
  const unmapped = (mapping: EntityMeshState['mapping']): MappedEntity => ({
    state: { ...base, mapping, workloads: [] },
    matchedIn: [],
    unavailableReason: '',
  });

  let selector: EntityWorkloadSelector | undefined;
  try {
    selector = entityWorkloadSelector(annotations, input.mapping);
  } catch (error) {
    const refused = error instanceof MappingRefusedError;
    const message = refused
      ? (error as Error).message
      : `Annotation ${KUBERNETES_ANNOTATIONS.labelSelector} is invalid: ${
          (error as Error).message
        }`;
    return unmapped({
      status: refused ? 'annotation-refused' : 'annotation-invalid',
      message,
    });
  }
  if (!selector) return unmapped(describeMapping(undefined, 0));

  const clusters = input.clusters.filter(
    c => !selector!.cluster || c.cluster === selector!.cluster,
  );
  const matchedIn: MatchedWorkload[] = clusters.flatMap(c =>
    c.workloads
      .filter(w => workloadMatchesSelector(w.workload, selector!))
      .map(w => ({
        cluster: c.cluster,
        evaluated: w,
        clusterWorkloads: c.workloads,
        analysis: c.analysis,
      })),
  );
  const mapping = describeMapping(selector, matchedIn.length);
  if (clusters.length === 0) {
    mapping.message = `No cluster named ${selector.cluster} is configured.`;
  }
  const unavailableReason = clusters
    .filter(c => c.unavailable)
    .map(c => `cluster ${c.cluster} is unavailable: ${c.unavailable}`)
    .join('; ');
  return {
    state: {
      ...base,
      mapping,
      workloads: matchedIn.map(m => m.evaluated.report),
      ...serviceOwnerAnswers(matchedIn),
    },
    matchedIn,
    unavailableReason,
  };
}

/** Who may call the entity, what it may call, and how its traffic is routed. */
function serviceOwnerAnswers(
  matchedIn: MatchedWorkload[],
): Pick<
  EntityMeshState,
  'callers' | 'calls' | 'routes' | 'destinationPolicies' | 'findings'
> {
  if (matchedIn.length === 0) return {};
  const callers = entityCallers(
    matchedIn.map(m => ({
      target: m.evaluated,
      clusterWorkloads: m.clusterWorkloads,
    })),
  );
  const calls = entityCalls(
    matchedIn.map(m => ({
      source: m.evaluated,
      clusterWorkloads: m.clusterWorkloads,
    })),
  );
  return {
    ...(callers ? { callers } : {}),
    ...(calls ? { calls } : {}),
    ...entityRoutes(matchedIn.map(m => m.evaluated)),
    ...findingsOf(matchedIn),
  };
}

/** Findings, when some cluster of the entity's workloads was analyzed. */
function findingsOf(
  matchedIn: MatchedWorkload[],
): Pick<EntityMeshState, 'findings'> {
  if (matchedIn.every(m => m.analysis === undefined)) return {};
  const byAnalysis = new Map<AnalyzerMessage[], EvaluatedWorkload[]>();
  for (const m of matchedIn) {
    if (!m.analysis) continue;
    byAnalysis.set(m.analysis, [
      ...(byAnalysis.get(m.analysis) ?? []),
      m.evaluated,
    ]);
  }
  return {
    findings: [...byAnalysis].flatMap(([messages, workloads]) =>
      entityFindings(
        messages,
        workloads.map(w => w.report),
      ),
    ),
  };
}
