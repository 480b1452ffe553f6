import { Entity } from '@backstage/catalog-model';
import { EntityTraces } from '@istio-mesh/plugin-istio-mesh-common';

/** What `GET /v1/entities/.../traces` asks for, already checked. */
export interface EntityTracesRequest {
  /** The lookback asked for; the source's own when undefined. */
  lookback?: string;
  limit: number;
}

/** Recent traces of an entity, fetched when asked. */
export interface EntityTracesProvider {
  getEntityTraces(
    entity: Entity,
    request: EntityTracesRequest,
  ): Promise<EntityTraces>;
}

/** The longest lookback the traces route accepts. */
export const MAX_TRACES_LOOKBACK_MS = 24 * 3_600_000;

/** Traces answered when the caller gives no limit. */
export const DEFAULT_TRACES_LIMIT = 20;

/** The answer when no Jaeger is configured: no traces, saying so. */
export const noJaegerTraces: EntityTracesProvider = {
  async getEntityTraces(_entity, request) {
    return {
      items: [],
      source: {
        id: 'jaeger',
        type: 'jaeger',
        status: 'not-configured',
        message: 'No Jaeger (istioMesh.jaeger) is configured',
      },
      lookback: request.lookback ?? '1h',
    };
  },
};
