import type { CRITERIA } from '../criteria/registry';

/**
 * The id of a definition in {@link CRITERIA}, one of `CRITERION_IDS`.
 *
 * @public
 */
export type CriterionId = (typeof CRITERIA)[number]['id'];

/**
 * Outcome of a criterion. `unknown` means the data needed to decide is not
 * available (a source not configured or down); it is never a failure.
 *
 * @public
 */
export type CriterionStatus = 'pass' | 'fail' | 'warn' | 'unknown';

/**
 * A resource or observation behind a criterion's verdict.
 *
 * @public
 */
export interface Evidence {
  /** Kubernetes kind of the resource the evidence is about, e.g. `Pod`. */
  kind: string;
  /** Namespace of the resource; empty for cluster-scoped resources. */
  namespace: string;
  /** Name of the resource. */
  name: string;
  /** What this resource contributes to the verdict, in plain language. */
  message: string;
}

/**
 * A success criterion evaluated for one entity or workload.
 *
 * @public
 */
export interface Criterion {
  id: CriterionId;
  status: CriterionStatus;
  /** One sentence a service owner can act on. */
  summary: string;
  evidence: Evidence[];
  /** Name of the scaffolder template that fixes this criterion, when not passing. */
  fixTemplate?: string;
}
