import { CriterionId, CriterionStatus } from '../types/criteria';
import { CRITERION_IDS } from '../criteria/registry';
import type { MeshLevelName } from '../criteria/meshLevel';
import { ComplianceCounts, StatusCounts } from '../api/complianceTypes';

/**
 * The part of a compliance row that is counted.
 *
 * @public
 */
export interface CountedCompliance {
  level: string;
  criteria: Partial<Record<string, string>>;
  /** How many entities this row stands for; default 1. */
  count?: number;
}

const LEVELS: MeshLevelName[] = ['none', 'bronze', 'silver', 'gold'];
const STATUSES: CriterionStatus[] = ['pass', 'fail', 'warn', 'unknown'];
// Worst first, as levels go from none to gold: ascending order puts what
// needs work at the top.
const STATUS_ORDER: CriterionStatus[] = ['fail', 'warn', 'unknown', 'pass'];

function isLevel(level: string): level is MeshLevelName {
  return (LEVELS as string[]).includes(level);
}

function isStatus(status: string | undefined): status is CriterionStatus {
  return (STATUSES as Array<string | undefined>).includes(status);
}

function zeroStatuses(): StatusCounts {
  return { pass: 0, fail: 0, warn: 0, unknown: 0 };
}

/**
 * Counts entities per level and, for every criterion, per status. A
 * criterion an entity has no verdict for counts as `unknown`. A row with a
 * `count` stands for that many entities with the same verdicts.
 *
 * @public
 */
export function complianceCounts(rows: CountedCompliance[]): ComplianceCounts {
  const levels = Object.fromEntries(LEVELS.map(l => [l, 0])) as Record<
    MeshLevelName,
    number
  >;
  const criteria = Object.fromEntries(
    CRITERION_IDS.map(id => [id, zeroStatuses()]),
  ) as Record<CriterionId, StatusCounts>;
  let entities = 0;
  for (const row of rows) {
    const count = row.count ?? 1;
    entities += count;
    levels[isLevel(row.level) ? row.level : 'none'] += count;
    for (const id of CRITERION_IDS) {
      const status = row.criteria[id];
      criteria[id][isStatus(status) ? status : 'unknown'] += count;
    }
  }
  return { entities, levels, criteria };
}

/**
 * Orders levels from none to gold, for sorting.
 *
 * @public
 */
export function levelRank(level: string): number {
  return isLevel(level) ? LEVELS.indexOf(level) : -1;
}

/**
 * Orders criterion statuses from fail through warn and unknown to pass, for
 * sorting; a missing or unrecognised status ranks as `unknown`, as it is
 * counted.
 *
 * @public
 */
export function criterionStatusRank(status: string | undefined): number {
  return STATUS_ORDER.indexOf(isStatus(status) ? status : 'unknown');
}
