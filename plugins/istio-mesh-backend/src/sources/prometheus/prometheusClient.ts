import { SourceHttpClient, SourceRequestError } from '../http/sourceHttpClient';
import { PrometheusSourceConfig } from './prometheusConfig';

/** One sample of an instant vector: its labels and value. */
export interface PrometheusSample {
  labels: Record<string, string>;
  value: number;
}

/** Why a query failed, as the source's status says it. */
export class PrometheusQueryError extends SourceRequestError {
  name = 'PrometheusQueryError';
}

interface QueryAnswer {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/**
 * Instant queries to one Prometheus's HTTP API (`/api/v1/query`), with the
 * configured authentication, never buffering more than `maxResponseBytes`
 * of an answer. Every query is evaluated at the time it is given, so that
 * all the queries of one read see the same instant.
 */
export class PrometheusClient {
  private readonly http: SourceHttpClient;

  constructor(private readonly config: PrometheusSourceConfig) {
    this.http = new SourceHttpClient({
      ...config,
      label: `Prometheus ${config.name}`,
      authKey: 'istioMesh.prometheus auth',
      maxResponseBytesKey: 'istioMesh.prometheus[].maxResponseBytes',
    });
  }

  /**
   * The instant vector `promql` evaluates to at `time`. Throws a
   * {@link SourceRequestError} when Prometheus refuses or fails, and the
   * abort reason when `signal` aborts.
   */
  async query(
    promql: string,
    options: { time: Date; signal: AbortSignal },
  ): Promise<PrometheusSample[]> {
    const { status, json } = await this.http.request(
      '/api/v1/query',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          query: promql,
          time: (options.time.getTime() / 1000).toFixed(3),
        }).toString(),
      },
      options.signal,
    );
    if (json === undefined) {
      throw new PrometheusQueryError(
        'error',
        `Prometheus ${this.config.name} answered HTTP ${status} without a JSON body`,
      );
    }
    const answer = json as QueryAnswer;
    if (status !== 200 || answer.status !== 'success') {
      throw new PrometheusQueryError(
        'error',
        `Prometheus ${this.config.name} answered HTTP ${status}${
          answer.error ? `: ${answer.error}` : ''
        }`,
      );
    }
    return samplesOf(answer, this.config.name);
  }
}

function samplesOf(answer: QueryAnswer, name: string): PrometheusSample[] {
  const result = answer.data?.result;
  if (answer.data?.resultType !== 'vector' || !Array.isArray(result)) {
    throw new PrometheusQueryError(
      'error',
      `Prometheus ${name} answered a ${answer.data?.resultType} where an instant vector was asked`,
    );
  }
  return result.flatMap(entry => {
    const { metric, value } = (entry ?? {}) as {
      metric?: Record<string, string>;
      value?: [number, string];
    };
    const number = Number(value?.[1]);
    // NaN comes from a rate over no requests: nothing observed.
    return metric && Number.isFinite(number)
      ? [{ labels: metric, value: number }]
      : [];
  });
}
