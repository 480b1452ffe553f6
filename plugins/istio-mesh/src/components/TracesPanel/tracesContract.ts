// TEMPORARY: the issue-14 contract as agreed with the backend branch
// (issue-14-traces), until its commit to @istio-mesh/plugin-istio-mesh-common
// is merged here. Delete this file then and import from the common package.
import {
  EntityMeshState,
  EntityName,
  RequestOptions,
  SourceState,
} from '@istio-mesh/plugin-istio-mesh-common';

/** One recent trace through the entity's workloads, as Jaeger recorded it. */
export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  /** ISO 8601. */
  startTime: string;
  durationMs: number;
  spanCount: number;
  services: string[];
  errorCount: number;
}

/** `GET /v1/entities/:kind/:namespace/:name/traces`. */
export interface EntityTraces {
  items: TraceSummary[];
  source: SourceState;
  /** A trace's page is `${jaegerUrl}/trace/${traceId}`. */
  jaegerUrl?: string;
  /** How far back the traces were searched, e.g. `1h`. */
  lookback: string;
}

/** A deep link from the entity into an observability tool. */
export interface EntityLink {
  kind: 'kiali' | 'grafana' | 'jaeger';
  title: string;
  url: string;
}

/** The one client method the traces panel needs. */
export interface EntityTracesApi {
  getEntityTraces(
    entity: EntityName,
    query?: { lookback?: string; limit?: number },
    options?: RequestOptions,
  ): Promise<EntityTraces>;
}

/** `EntityMeshState.links`, which the contract adds. */
export function entityLinks(state: EntityMeshState): EntityLink[] | undefined {
  return (state as EntityMeshState & { links?: EntityLink[] }).links;
}
