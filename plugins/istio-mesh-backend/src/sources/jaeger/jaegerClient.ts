import {
  JaegerTrace,
  OtlpTracesData,
  summarizeJaegerTraces,
  summarizeOtlpTraces,
  TraceDependency,
  TraceSummary,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  SourceAnswer,
  SourceHttpClient,
  SourceRequestError,
} from '../http/sourceHttpClient';
import { JaegerSourceConfig } from './jaegerConfig';

/**
 * Which query API a Jaeger speaks: `v3` (`/api/v3/*`, OTLP JSON; Jaeger
 * v2, and v1 from 1.3x) or only `v1` (`/api/traces`, Jaeger's own JSON).
 */
export type JaegerApi = 'v1' | 'v3';

/**
 * Requests to one Jaeger query service. Which API it speaks is found once,
 * by asking `/api/v3/services`: a JSON answer listing `services` means v3,
 * anything else (404, or the UI's page) v1. The dependency graph is always
 * read from `/api/dependencies`, which both Jaeger v1 and v2 serve on the
 * query port (the UI's graph uses it; API v3 has no dependencies call).
 */
export class JaegerClient {
  private readonly http: SourceHttpClient;
  private api?: JaegerApi;

  constructor(readonly config: JaegerSourceConfig) {
    this.http = new SourceHttpClient({
      ...config,
      label: `Jaeger ${config.name}`,
      authKey: 'istioMesh.jaeger auth',
      maxResponseBytes: config.maxResponseBytes,
      maxResponseBytesKey: 'istioMesh.jaeger[].maxResponseBytes',
    });
  }

  /** The API the Jaeger speaks, asked once; a failed probe is asked again. */
  async detectApi(signal: AbortSignal): Promise<JaegerApi> {
    if (this.api) return this.api;
    const { status, json } = await this.http.request(
      '/api/v3/services',
      {},
      signal,
    );
    if (status >= 500) throw this.failed('/api/v3/services', { status, json });
    const services = (json as { services?: unknown } | undefined)?.services;
    this.api = status === 200 && Array.isArray(services) ? 'v3' : 'v1';
    return this.api;
  }

  /** Every service Jaeger has traces of. */
  async services(signal: AbortSignal): Promise<string[]> {
    const api = await this.detectApi(signal);
    const path = api === 'v3' ? '/api/v3/services' : '/api/services';
    const answer = await this.http.request(path, {}, signal);
    const json = this.json(path, answer) as {
      services?: unknown;
      data?: unknown;
    };
    const services = api === 'v3' ? json.services : json.data;
    if (!Array.isArray(services)) throw this.malformed(path, 'no service list');
    return services.filter((s): s is string => typeof s === 'string');
  }

  /** The service dependency graph of the `lookbackMs` before `end`. */
  async dependencies(
    options: { end: Date; lookbackMs: number },
    signal: AbortSignal,
  ): Promise<TraceDependency[]> {
    const path = '/api/dependencies';
    const query = new URLSearchParams({
      endTs: String(options.end.getTime()),
      lookback: String(options.lookbackMs),
    });
    const answer = await this.http.request(`${path}?${query}`, {}, signal);
    const { data } = this.json(path, answer) as { data?: unknown };
    // Jaeger answers `null` for an empty graph.
    if (data === null) return [];
    if (!Array.isArray(data)) throw this.malformed(path, 'no dependency list');
    return data.flatMap(entry => {
      const { parent, child, callCount } = (entry ?? {}) as TraceDependency;
      return typeof parent === 'string' && typeof child === 'string'
        ? [{ parent, child, callCount: Number(callCount) || 0 }]
        : [];
    });
  }

  /** Summaries of at most `limit` recent traces of `service`, newest first. */
  async traces(
    options: { service: string; end: Date; lookbackMs: number; limit: number },
    signal: AbortSignal,
  ): Promise<TraceSummary[]> {
    const start = new Date(options.end.getTime() - options.lookbackMs);
    const api = await this.detectApi(signal);
    if (api === 'v3') {
      const path = '/api/v3/traces';
      const query = new URLSearchParams({
        'query.service_name': options.service,
        'query.start_time_min': start.toISOString(),
        'query.start_time_max': options.end.toISOString(),
        'query.search_depth': String(options.limit),
      });
      const answer = await this.http.request(`${path}?${query}`, {}, signal);
      // API v3 answers 404 when it found no traces.
      if (answer.status === 404) return [];
      const { result } = this.json(path, answer) as {
        result?: OtlpTracesData;
      };
      return summarizeOtlpTraces(result ?? {}).slice(0, options.limit);
    }
    const path = '/api/traces';
    const query = new URLSearchParams({
      service: options.service,
      start: String(start.getTime() * 1000),
      end: String(options.end.getTime() * 1000),
      limit: String(options.limit),
    });
    const answer = await this.http.request(`${path}?${query}`, {}, signal);
    const { data } = this.json(path, answer) as { data?: unknown };
    if (data === null) return [];
    if (!Array.isArray(data)) throw this.malformed(path, 'no trace list');
    return summarizeJaegerTraces(data as JaegerTrace[]).slice(0, options.limit);
  }

  /** The JSON of a 200 answer, else an error naming the URL. */
  private json(path: string, answer: SourceAnswer): Record<string, unknown> {
    if (answer.status !== 200) throw this.failed(path, answer);
    if (answer.json === undefined) {
      throw this.malformed(path, 'a body that is not JSON');
    }
    if (typeof answer.json !== 'object' || answer.json === null) {
      throw this.malformed(path, 'no JSON object');
    }
    return answer.json as Record<string, unknown>;
  }

  // Messages name the URL (never with credentials: the config refuses
  // them in it) without the query.
  private failed(path: string, answer: SourceAnswer): SourceRequestError {
    const errors = (answer.json as { errors?: Array<{ msg?: string }> })
      ?.errors;
    const detail = errors?.[0]?.msg ? `: ${errors[0].msg}` : '';
    return new SourceRequestError(
      'error',
      `Jaeger ${this.config.name} answered ${this.config.url}${path} with HTTP ${answer.status}${detail}`,
    );
  }

  private malformed(path: string, what: string): SourceRequestError {
    return new SourceRequestError(
      'error',
      `Jaeger ${this.config.name} answered ${this.config.url}${path} with ${what}`,
    );
  }
}
