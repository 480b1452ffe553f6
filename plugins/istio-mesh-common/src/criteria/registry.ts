import {
  CriterionDefinition,
  EntityCriterionDefinition,
  WorkloadCriterionDefinition,
} from './criterionDefinition';
import type { CriterionId } from '../types/criteria';
import { gitopsManagedCriterion } from './gitopsManaged';
import { sidecarInjectedCriterion } from './sidecarInjected';
import { mtlsStrictCriterion } from './mtlsStrict';
import { trafficPolicyCriterion } from './trafficPolicy';
import { authzEnforcedCriterion } from './authzEnforced';
import { serviceGraphCriterion } from './serviceGraph';
import { tracingCriterion } from './tracing';
import { metricsCriterion } from './metricsObserved';
import { everythingInGitCriterion } from './everythingInGit';

/**
 * Every success criterion, in display order. They mirror the seed plan's
 * checklist. Adding one is its definition in a file of its own and a line
 * here: the reports, the levels, the compliance page, the API's enum and the
 * frontend's titles all read this list.
 *
 * @public
 */
export const CRITERIA = [
  gitopsManagedCriterion,
  sidecarInjectedCriterion,
  mtlsStrictCriterion,
  trafficPolicyCriterion,
  authzEnforcedCriterion,
  serviceGraphCriterion,
  tracingCriterion,
  metricsCriterion,
  everythingInGitCriterion,
] as const;

/**
 * Stable identifiers of the success criteria, in display order.
 *
 * @public
 */
export const CRITERION_IDS: ReadonlyArray<CriterionId> = CRITERIA.map(
  criterion => criterion.id,
);

const BY_ID: ReadonlyMap<string, CriterionDefinition> = new Map(
  CRITERIA.map(criterion => [criterion.id, criterion]),
);

/**
 * The definition of a criterion, or undefined for an id this version does
 * not know (a newer backend's).
 *
 * @public
 */
export function criterionDefinition(
  id: string,
): CriterionDefinition | undefined {
  return BY_ID.get(id);
}

/**
 * The title of a criterion; an id this version does not know shows as is.
 *
 * @public
 */
export function criterionTitle(id: string): string {
  return criterionDefinition(id)?.title ?? id;
}

/**
 * The criteria evaluated per workload, in display order.
 *
 * @public
 */
export const WORKLOAD_CRITERIA: ReadonlyArray<
  WorkloadCriterionDefinition<CriterionId>
> = CRITERIA.filter(
  (criterion): criterion is Extract<typeof criterion, { scope: 'workload' }> =>
    criterion.scope === 'workload',
);

/**
 * The criteria evaluated once per entity, in display order.
 *
 * @public
 */
export const ENTITY_CRITERIA: ReadonlyArray<
  EntityCriterionDefinition<CriterionId>
> = CRITERIA.filter(
  (criterion): criterion is Extract<typeof criterion, { scope: 'entity' }> =>
    criterion.scope === 'entity',
);
