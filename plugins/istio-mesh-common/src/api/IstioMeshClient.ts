import { ResponseError } from '@backstage/errors';
import { EntityMeshState } from '../types/mesh';

/**
 * The backend plugin's id, and the first segment of its routes.
 *
 * @public
 */
export const ISTIO_MESH_PLUGIN_ID = 'istio-mesh';

/**
 * Identifies a catalog entity the way the backend's routes do.
 *
 * @public
 */
export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * The istio-mesh backend's API.
 *
 * @public
 */
export interface IstioMeshApi {
  /** Mesh state of one entity; rejects with a `ResponseError` when not found or not readable. */
  getEntityMeshState(entity: EntityName): Promise<EntityMeshState>;
}

/**
 * Typed client for the istio-mesh backend, with discovery and fetch
 * injected so it works in the browser (Backstage's `fetchApi` adds the
 * caller's token) and in Node.
 *
 * @public
 */
export class IstioMeshClient implements IstioMeshApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityMeshState(entity: EntityName): Promise<EntityMeshState> {
    const baseUrl = await this.discoveryApi.getBaseUrl(ISTIO_MESH_PLUGIN_ID);
    const path = [entity.kind, entity.namespace, entity.name]
      .map(segment => encodeURIComponent(segment))
      .join('/');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/v1/entities/${path}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as EntityMeshState;
  }
}
