import { ResponseError } from '@backstage/errors';
import { EntityMeshState } from '../types/mesh';
import { EntityTraces } from '../types/traces';
import {
  ComplianceCsvQuery,
  ComplianceQuery,
  CompliancePage,
  ComplianceSummary,
  ComplianceSummaryQuery,
} from './complianceTypes';
import { AnalyzeRequest, AnalyzeResponse } from './analyzeTypes';

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
 * Per-call options: a token for callers without a `fetchApi` that adds one
 * (backend code calling on a user's or its own behalf), and a signal that
 * stops the request.
 *
 * @public
 */
export interface RequestOptions {
  token?: string;
  signal?: AbortSignal;
}

/**
 * What {@link IstioMeshApi.getEntityTraces} asks Jaeger for.
 *
 * @public
 */
export interface EntityTracesQuery {
  /** How far back to search, e.g. `30m` or `1h`; the source's lookback when unset. */
  lookback?: string;
  /** How many traces at most; 20 when unset. */
  limit?: number;
}

/**
 * The istio-mesh backend's API. Every method rejects with a `ResponseError`
 * when the backend answers with an error status.
 *
 * @public
 */
export interface IstioMeshApi {
  /** Mesh state of one entity; 404 when missing or not readable. */
  getEntityMeshState(
    entity: EntityName,
    options?: RequestOptions,
  ): Promise<EntityMeshState>;
  /**
   * Recent traces of one entity, fetched from Jaeger on demand; 404 when
   * the entity is missing or not readable. `lookback` is a duration such as
   * `1h` (at most 24h), `limit` at most 100.
   */
  getEntityTraces(
    entity: EntityName,
    query?: EntityTracesQuery,
    options?: RequestOptions,
  ): Promise<EntityTraces>;
  /** Compliance rows of the entities the caller may read. */
  getCompliance(
    query?: ComplianceQuery,
    options?: RequestOptions,
  ): Promise<CompliancePage>;
  /**
   * Every compliance row matching the filters, as CSV text with a header
   * row, in the order asked for.
   */
  getComplianceCsv(
    query?: ComplianceCsvQuery,
    options?: RequestOptions,
  ): Promise<string>;
  /** Counts per criterion and level, with daily history. */
  getComplianceSummary(
    query?: ComplianceSummaryQuery,
    options?: RequestOptions,
  ): Promise<ComplianceSummary>;
  /** Analyzes manifests together with a cluster's live mesh. */
  analyze(
    request: AnalyzeRequest,
    options?: RequestOptions,
  ): Promise<AnalyzeResponse>;
  /** Starts a refresh now; needs the `istio-mesh.refresh` permission. */
  refresh(options?: RequestOptions): Promise<void>;
}

type QueryValue = string | number | undefined;

function queryString(query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function entityPath(entity: EntityName): string {
  return [entity.kind, entity.namespace, entity.name]
    .map(segment => encodeURIComponent(segment))
    .join('/');
}

/**
 * Typed client for the istio-mesh backend (`/api/istio-mesh/v1`), with
 * discovery and fetch injected so it works in the browser (Backstage's
 * `fetchApi` adds the caller's token) and in Node (pass `token`).
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
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
  }

  async getEntityMeshState(
    entity: EntityName,
    options?: RequestOptions,
  ): Promise<EntityMeshState> {
    return this.request(`/v1/entities/${entityPath(entity)}`, {}, options);
  }

  async getEntityTraces(
    entity: EntityName,
    query?: EntityTracesQuery,
    options?: RequestOptions,
  ): Promise<EntityTraces> {
    return this.request(
      `/v1/entities/${entityPath(entity)}/traces${queryString({ ...query })}`,
      {},
      options,
    );
  }

  async getCompliance(
    query?: ComplianceQuery,
    options?: RequestOptions,
  ): Promise<CompliancePage> {
    return this.request(
      `/v1/compliance${queryString({ ...query })}`,
      {},
      options,
    );
  }

  async getComplianceCsv(
    query?: ComplianceCsvQuery,
    options?: RequestOptions,
  ): Promise<string> {
    const response = await this.send(
      `/v1/compliance.csv${queryString({ ...query })}`,
      { headers: { Accept: 'text/csv' } },
      options,
    );
    return response.text();
  }

  async getComplianceSummary(
    query?: ComplianceSummaryQuery,
    options?: RequestOptions,
  ): Promise<ComplianceSummary> {
    return this.request(
      `/v1/compliance/summary${queryString({ ...query })}`,
      {},
      options,
    );
  }

  async analyze(
    request: AnalyzeRequest,
    options?: RequestOptions,
  ): Promise<AnalyzeResponse> {
    return this.request(
      '/v1/analyze',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
      options,
    );
  }

  async refresh(options?: RequestOptions): Promise<void> {
    await this.request('/v1/refresh', { method: 'POST' }, options);
  }

  private async request<T>(
    path: string,
    init: RequestInit,
    options: RequestOptions | undefined,
  ): Promise<T> {
    const response = await this.send(path, init, options);
    return (await response.json()) as T;
  }

  /** The backend's response to `path`; rejects unless its status is ok. */
  private async send(
    path: string,
    init: RequestInit,
    options: RequestOptions | undefined,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(ISTIO_MESH_PLUGIN_ID);
    const headers = new Headers(init.headers);
    if (options?.token) {
      headers.set('Authorization', `Bearer ${options.token}`);
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
      signal: options?.signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
