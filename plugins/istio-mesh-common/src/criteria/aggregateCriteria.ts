import { Criterion, CriterionId, CriterionStatus } from '../types/criteria';

const SEVERITY: Record<CriterionStatus, number> = {
  pass: 0,
  unknown: 1,
  warn: 2,
  fail: 3,
};

/**
 * Combines the per-workload verdicts of one criterion into the entity's:
 * the worst status wins, evidence is kept from every workload, and the
 * summary names how many workloads pass.
 *
 * @public
 */
export function aggregateCriterion(
  id: CriterionId,
  perWorkload: Criterion[],
  noWorkloadsReason: string,
): Criterion {
  if (perWorkload.length === 0) {
    return { id, status: 'unknown', summary: noWorkloadsReason, evidence: [] };
  }
  const worst = perWorkload.reduce((a, b) =>
    SEVERITY[b.status] > SEVERITY[a.status] ? b : a,
  );
  const passing = perWorkload.filter(c => c.status === 'pass').length;
  const summary =
    perWorkload.length === 1
      ? worst.summary
      : `${passing} of ${perWorkload.length} workloads pass; ${worst.summary}`;
  const fixTemplate = perWorkload.find(
    c => c.status !== 'pass' && c.fixTemplate,
  )?.fixTemplate;
  return {
    id,
    status: worst.status,
    summary,
    evidence: perWorkload.flatMap(c => c.evidence),
    ...(fixTemplate ? { fixTemplate } : {}),
  };
}
