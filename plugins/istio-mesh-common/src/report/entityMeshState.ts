import { Criterion, CriterionId } from '../types/criteria';
import { EntityMeshState } from '../types/mesh';
import { SourceState } from '../types/sources';
import { aggregateCriterion } from '../criteria/aggregateCriteria';
import { meshLevel } from '../criteria/meshLevel';
import { runtimeCriteria } from '../criteria/runtimeCriteria';
import { EvaluatedWorkload } from './workloadReports';
import {
  describeMapping,
  entityWorkloadSelector,
  EntityWorkloadSelector,
  KUBERNETES_ANNOTATIONS,
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
}

/** Criteria evaluated per workload and aggregated per entity, in display order. */
const WORKLOAD_CRITERIA: CriterionId[] = [
  'sidecar-injected',
  'mtls-strict',
  'traffic-policy',
  'authz-enforced',
];

function unknownCriteria(summary: string): Criterion[] {
  return WORKLOAD_CRITERIA.map(id => ({
    id,
    status: 'unknown',
    summary,
    evidence: [],
  }));
}

/**
 * Assembles one entity's mesh state: maps the entity to workloads through
 * the Kubernetes annotations and aggregates their criteria. A criterion that
 * would pass while a cluster the entity may run in is unavailable becomes
 * `unknown`, since the missing cluster could hold a failing workload.
 *
 * @public
 */
export function buildEntityMeshState(input: EntityMeshInput): EntityMeshState {
  const mapped = mapAndAggregate(input);
  const criteria = [...mapped.criteria, ...runtimeCriteria()];
  return { ...mapped, criteria, level: meshLevel(criteria) };
}

function mapAndAggregate(
  input: EntityMeshInput,
): Omit<EntityMeshState, 'level'> {
  const { entityRef, annotations, sources, generatedAt } = input;
  const base = { entityRef, sources, generatedAt };

  let selector: EntityWorkloadSelector | undefined;
  try {
    selector = entityWorkloadSelector(annotations);
  } catch (error) {
    const message = `Annotation ${
      KUBERNETES_ANNOTATIONS.labelSelector
    } is invalid: ${(error as Error).message}`;
    return {
      ...base,
      mapping: { status: 'annotation-invalid', message },
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
  const matched = clusters.flatMap(c =>
    c.workloads.filter(w => workloadMatchesSelector(w.workload, selector!)),
  );
  const unavailable = clusters.filter(c => c.unavailable);
  const mapping = describeMapping(selector, matched.length);
  if (clusters.length === 0) {
    mapping.message = `No cluster named ${selector.cluster} is configured.`;
  }
  const unavailableReason = unavailable
    .map(c => `cluster ${c.cluster} is unavailable: ${c.unavailable}`)
    .join('; ');

  const criteria = WORKLOAD_CRITERIA.map(id => {
    const aggregate = aggregateCriterion(
      id,
      matched.map(w => w.report.criteria.find(c => c.id === id)!),
      unavailableReason || mapping.message,
    );
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
    mapping,
    workloads: matched.map(w => w.report),
    criteria,
  };
}
