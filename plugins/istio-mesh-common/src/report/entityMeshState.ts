import { Criterion, CRITERION_IDS, CriterionId } from '../types/criteria';
import { EntityMeshState } from '../types/mesh';
import { SourceState } from '../types/sources';
import { aggregateCriterion } from '../criteria/aggregateCriteria';
import { meshLevel } from '../criteria/meshLevel';
import { runtimeCriteria } from '../criteria/runtimeCriteria';
import { entityTracing } from '../criteria/tracing';
import { TraceDependencies } from '../traces/traceDependencies';
import { entityTracedServices, TracedWorkload } from '../traces/tracedServices';
import {
  withObservedMtls,
  withObservedSplit,
} from '../criteria/observedRuntime';
import { RuntimeObservations } from '../runtime/observations';
import {
  EntityRuntime,
  entityRuntime,
  observationsFor,
} from '../runtime/entityRuntime';
import { evaluateGitopsManaged } from '../criteria/gitopsManaged';
import { evaluateEverythingInGit } from '../criteria/everythingInGit';
import { ArgoClusterState } from '../gitops/argoApplications';
import { DesiredObject } from '../gitops/desiredState';
import { entityGitopsInput } from '../gitops/entityGitopsInput';
import { KubernetesObject } from '../resources/objects';
import { ControlPlaneSummary } from '../controlPlane/types';
import { entityControlPlanes } from '../controlPlane/entityControlPlanes';
import { EvaluatedWorkload } from './workloadReports';
import { entityCallers, entityCalls } from './entityCallers';
import { entityRoutes } from './entityRoutes';
import { entityFindings } from './entityFindings';
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
}

/** Criteria evaluated per workload and aggregated per entity, in display order. */
const WORKLOAD_CRITERIA: CriterionId[] = [
  'sidecar-injected',
  'mtls-strict',
  'traffic-policy',
  'authz-enforced',
];

/** Criteria evaluated once per entity over its workloads' resources. */
const ENTITY_CRITERIA: CriterionId[] = ['gitops-managed', 'everything-in-git'];

function unknownCriteria(summary: string): Criterion[] {
  return [...WORKLOAD_CRITERIA, ...ENTITY_CRITERIA].map(id => ({
    id,
    status: 'unknown',
    summary,
    evidence: [],
  }));
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
  const { tracedWorkloads, ...mapped } = mapAndAggregate(input);
  const traceServices = entityTracedServices(
    input.annotations,
    tracedWorkloads,
  );
  const observed = observedRuntime(input, mapped);
  const runtime = 'runtime' in observed ? observed.runtime : undefined;
  const configured = mapped.criteria.map(criterion => {
    if (!runtime) return criterion;
    if (criterion.id === 'mtls-strict') {
      const strict = mapped.workloads
        .filter(w => w.mtls.mode === 'STRICT')
        .map(w => w.name);
      return withObservedMtls(criterion, runtime, strict);
    }
    if (criterion.id === 'traffic-policy') {
      return withObservedSplit(criterion, runtime);
    }
    return criterion;
  });
  const criteria = [
    ...configured,
    ...runtimeCriteria(
      runtime,
      'whyUnknown' in observed ? observed.whyUnknown : undefined,
      entityTracing({
        services: traceServices,
        clusters: mapped.workloads.map(w => w.cluster),
        sources: input.sources,
        traces: input.traces ?? [],
        whyNoServices: mapped.mapping.message,
      }),
    ),
  ].sort((a, b) => CRITERION_IDS.indexOf(a.id) - CRITERION_IDS.indexOf(b.id));
  return {
    ...mapped,
    criteria,
    level: meshLevel(criteria),
    controlPlanes: entityControlPlanes(input.clusters, mapped.workloads),
    ...(runtime ? { runtime } : {}),
    ...(traceServices.length > 0 ? { traceServices } : {}),
  };
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

function mapAndAggregate(
  input: EntityMeshInput,
): Omit<EntityMeshState, 'level'> & { tracedWorkloads: TracedWorkload[] } {
  const { entityRef, annotations, sources, generatedAt } = input;
  const base = { entityRef, sources, generatedAt, tracedWorkloads: [] };

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
    return {
      ...base,
      mapping: {
        status: refused ? 'annotation-refused' : 'annotation-invalid',
        message,
      },
      workloads: [],
      criteria: unknownCriteria(message),
    };
  }
  if (!selector) {
    const mapping = describeMapping(undefined, 0);
    return {
      ...base,
      mapping,
      workloads: [],
      criteria: unknownCriteria(mapping.message),
    };
  }

  const clusters = input.clusters.filter(
    c => !selector!.cluster || c.cluster === selector!.cluster,
  );
  const matchedIn = clusters.flatMap(c =>
    c.workloads
      .filter(w => workloadMatchesSelector(w.workload, selector!))
      .map(w => ({
        cluster: c.cluster,
        evaluated: w,
        clusterWorkloads: c.workloads,
        analysis: c.analysis,
      })),
  );
  const matched = matchedIn.map(m => m.evaluated);
  const unavailable = clusters.filter(c => c.unavailable);
  const mapping = describeMapping(selector, matched.length);
  if (clusters.length === 0) {
    mapping.message = `No cluster named ${selector.cluster} is configured.`;
  }
  const unavailableReason = unavailable
    .map(c => `cluster ${c.cluster} is unavailable: ${c.unavailable}`)
    .join('; ');

  const gitops = entityGitopsInput({
    clusters: input.clusters,
    workloads: matchedIn.map(m => ({
      cluster: m.cluster,
      report: m.evaluated.report,
    })),
    desired: input.desired,
    clusterUrls: input.clusterUrls,
  });
  const entityCriteria =
    matched.length > 0
      ? [evaluateGitopsManaged(gitops), evaluateEverythingInGit(gitops)]
      : unknownCriteria(unavailableReason || mapping.message).filter(c =>
          ENTITY_CRITERIA.includes(c.id),
        );

  const workloadCriteria = WORKLOAD_CRITERIA.map(id =>
    aggregateCriterion(
      id,
      matched.map(w => w.report.criteria.find(c => c.id === id)!),
      unavailableReason || mapping.message,
    ),
  );
  const criteria = [...workloadCriteria, ...entityCriteria].map(aggregate => {
    if (unavailable.length > 0 && aggregate.status === 'pass') {
      return {
        ...aggregate,
        status: 'unknown' as const,
        summary: unavailableReason,
      };
    }
    return aggregate;
  });

  return {
    ...base,
    tracedWorkloads: matched.map(w => w.workload),
    mapping,
    workloads: matched.map(w => w.report),
    criteria,
    ...serviceOwnerAnswers(matchedIn),
  };
}

/** Who may call the entity, what it may call, and how its traffic is routed. */
function serviceOwnerAnswers(
  matchedIn: {
    evaluated: EvaluatedWorkload;
    clusterWorkloads: EvaluatedWorkload[];
    analysis?: AnalyzerMessage[];
  }[],
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
  matchedIn: { evaluated: EvaluatedWorkload; analysis?: AnalyzerMessage[] }[],
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
