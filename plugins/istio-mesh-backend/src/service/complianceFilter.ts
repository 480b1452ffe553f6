import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ComplianceSummaryQuery } from '@istio-mesh/plugin-istio-mesh-common';
import { ComplianceRecord } from '../database/MeshStateStore';

const DEFAULT_KIND = { owner: 'group', system: 'system' } as const;

/** `group:default/x` for `x`, `group:x` or `group:default/x`. */
function fullRef(
  ref: string,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The entity's owner or system as a full ref, resolved in the entity's own
 * namespace as the catalog resolves it; undefined when it has none.
 */
export function relationRef(
  entity: Entity,
  field: 'owner' | 'system',
): string | undefined {
  const value = entity.spec?.[field];
  if (typeof value !== 'string') return undefined;
  return fullRef(
    value,
    DEFAULT_KIND[field],
    entity.metadata.namespace ?? 'default',
  );
}

function relationMatches(
  entity: Entity,
  field: 'owner' | 'system',
  wanted: string | undefined,
): boolean {
  if (!wanted) return true;
  const actual = relationRef(entity, field);
  return (
    actual !== undefined &&
    actual.toLocaleLowerCase('en-US') ===
      fullRef(wanted, DEFAULT_KIND[field], 'default')?.toLocaleLowerCase(
        'en-US',
      )
  );
}

/** Whether the entity's name or title contains `q`, ignoring case. */
function searchMatches(entity: Entity, q: string | undefined): boolean {
  if (!q) return true;
  const wanted = q.toLocaleLowerCase('en-US');
  return [entity.metadata.name, entity.metadata.title].some(
    text =>
      typeof text === 'string' &&
      text.toLocaleLowerCase('en-US').includes(wanted),
  );
}

/** Whether a catalog entity passes the owner, system and search filters. */
export function entityMatches(
  entity: Entity,
  query: ComplianceSummaryQuery,
): boolean {
  return (
    relationMatches(entity, 'owner', query.owner) &&
    relationMatches(entity, 'system', query.system) &&
    searchMatches(entity, query.q)
  );
}

/** Whether a stored compliance record passes the mesh filters. */
export function recordMatches(
  record: ComplianceRecord,
  query: ComplianceSummaryQuery,
): boolean {
  if (query.namespace && !record.namespaces.includes(query.namespace)) {
    return false;
  }
  if (query.cluster && !record.clusters.includes(query.cluster)) {
    return false;
  }
  return verdictMatches(record, query);
}

/** Whether a level and criteria (of today or a day of history) pass the level and criterion filters. */
export function verdictMatches(
  record: { level: string; criteria: Record<string, string> },
  query: ComplianceSummaryQuery,
): boolean {
  if (query.level && record.level !== query.level) return false;
  if (
    query.criterion &&
    (record.criteria[query.criterion] ?? 'unknown') !== (query.status ?? 'fail')
  ) {
    return false;
  }
  return true;
}
