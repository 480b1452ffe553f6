import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ComplianceSummaryQuery } from '@istio-mesh/plugin-istio-mesh-common';

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

/**
 * The owner or system a compliance filter names, as a full ref resolved in
 * the default namespace; undefined when it is no valid ref.
 */
export function filterRef(
  field: 'owner' | 'system',
  value: string,
): string | undefined {
  return fullRef(value, DEFAULT_KIND[field], 'default');
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
