import { createHash } from 'node:crypto';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * A hash of what an entity's state says, leaving out what every refresh
 * changes by itself: the generation time, and the age of each source that
 * was read afresh. A stale source's age stays in, so a state served from
 * an older read is written again with its growing age.
 */
export function stateContentHash(state: EntityMeshState): string {
  const { generatedAt: _generatedAt, ...content } = state;
  const sources = state.sources.map(({ ageSeconds, ...source }) =>
    source.status === 'stale' ? { ...source, ageSeconds } : source,
  );
  return createHash('sha256')
    .update(JSON.stringify({ ...content, sources }))
    .digest('hex');
}
