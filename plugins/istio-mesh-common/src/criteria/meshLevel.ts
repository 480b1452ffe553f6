import { Criterion, CriterionId } from '../types/criteria';
import { CRITERIA } from './registry';

/**
 * How far along the seed plan an entity is.
 *
 * @public
 */
export type MeshLevelName = 'none' | 'bronze' | 'silver' | 'gold';

const ORDER = ['bronze', 'silver', 'gold'] as const;

/**
 * The criteria each level adds to the one below it, read from each
 * definition's `level` in {@link CRITERIA}: bronze is in the mesh with
 * STRICT mTLS; silver adds traffic policy and authorization; gold adds the
 * service graph, tracing, metrics and everything in Git.
 *
 * @public
 */
export const LEVEL_CRITERIA: Record<
  Exclude<MeshLevelName, 'none'>,
  CriterionId[]
> = {
  bronze: criteriaOfLevel('bronze'),
  silver: criteriaOfLevel('silver'),
  gold: criteriaOfLevel('gold'),
};

function criteriaOfLevel(level: Exclude<MeshLevelName, 'none'>) {
  return CRITERIA.filter(criterion => criterion.level === level).map(
    criterion => criterion.id,
  );
}

/**
 * The level reached and what the next one needs.
 *
 * @public
 */
export interface MeshLevel {
  level: MeshLevelName;
  /** The next level and its criteria that do not pass yet; absent at gold. */
  next?: { level: Exclude<MeshLevelName, 'none'>; missing: CriterionId[] };
}

/**
 * The highest level whose criteria, and those of every level below, all
 * pass. A criterion not evaluated counts as not passing.
 *
 * @public
 */
export function meshLevel(criteria: Criterion[]): MeshLevel {
  const passing = new Set(
    criteria.filter(c => c.status === 'pass').map(c => c.id),
  );
  let level: MeshLevelName = 'none';
  for (const candidate of ORDER) {
    const missing = LEVEL_CRITERIA[candidate].filter(id => !passing.has(id));
    if (missing.length > 0) {
      return { level, next: { level: candidate, missing } };
    }
    level = candidate;
  }
  return { level };
}
