import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ComplianceSummaryQuery } from '@istio-mesh/plugin-istio-mesh-common';
import { ComplianceRecord } from '../database/MeshStateStore';

/** `group:default/x` for `x`, `group:x` or `group:default/x`. */
function normalizedRef(
  ref: string,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

function relationMatches(
  entity: Entity,
  field: 'owner' | 'system',
  wanted: string | undefined,
  defaultKind: string,
): boolean {
  if (!wanted) return true;
  const value = entity.spec?.[field];
  if (typeof value !== 'string') return false;
  const namespace = entity.metadata.namespace ?? 'default';
  return (
    normalizedRef(value, defaultKind, namespace) ===
    normalizedRef(wanted, defaultKind, 'default')
  );
}

/** Whether a catalog entity passes the owner and system filters. */
export function entityMatches(
  entity: Entity,
  query: ComplianceSummaryQuery,
): boolean {
  return (
    relationMatches(entity, 'owner', query.owner, 'group') &&
    relationMatches(entity, 'system', query.system, 'system')
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
  if (query.level && record.level !== query.level) return false;
  if (
    query.criterion &&
    (record.criteria[query.criterion] ?? 'unknown') !== (query.status ?? 'fail')
  ) {
    return false;
  }
  return true;
}
