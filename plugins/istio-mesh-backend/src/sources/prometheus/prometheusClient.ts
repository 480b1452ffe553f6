import { Agent as HttpAgent } from 'http';
import { Agent as HttpsAgent } from 'https';
import fetch, { FetchError, RequestInit } from 'node-fetch';
import { formatBytes } from '@istio-mesh/plugin-istio-mesh-node';
import { PrometheusSourceConfig } from './prometheusConfig';

/** One sample of an instant vector: its labels and value. */
export interface PrometheusSample {
  labels: Record<string, string>;
  value: number;
}

/** Why a query failed, as the source's status says it. */
export class PrometheusQueryError extends Error {
  name = 'PrometheusQueryError';

  constructor(readonly status: 'error' | 'unauthorized', message: string) {
    super(message);
  }
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
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly config: PrometheusSourceConfig) {
    // A few queries every refresh gain nothing from kept-alive sockets,
    // and a Prometheus (or proxy) restarted in between would close them
    // under the next read.
    this.agent = config.url.startsWith('https:')
      ? new HttpsAgent({ keepAlive: false, ...config.tls })
      : new HttpAgent({ keepAlive: false });
  }

  /**
   * The instant vector `promql` evaluates to at `time`. Throws a
   * {@link PrometheusQueryError} when Prometheus refuses or fails, and the
   * abort reason when `signal` aborts.
   */
  async query(
    promql: string,
    options: { time: Date; signal: AbortSignal },
  ): Promise<PrometheusSample[]> {
    const closing = new AbortController();
    const signal = AbortSignal.any([options.signal, closing.signal]);
    let answer: QueryAnswer;
    let status: number;
    try {
      const response = await fetch(`${this.config.url}/api/v1/query`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          ...this.authorization(),
        },
        body: new URLSearchParams({
          query: promql,
          time: (options.time.getTime() / 1000).toFixed(3),
        }).toString(),
        // node-fetch types its own AbortSignal; the global one is accepted.
        signal: signal as unknown as RequestInit['signal'],
        agent: this.agent,
        size: this.config.maxResponseBytes,
      });
      status = response.status;
      if (status === 401 || status === 403) {
        closing.abort();
        throw new PrometheusQueryError(
          'unauthorized',
          `Prometheus ${this.config.name} refused the credentials (HTTP ${status}); check istioMesh.prometheus auth`,
        );
      }
      const text = await response.text();
      try {
        answer = JSON.parse(text);
      } catch {
        throw new PrometheusQueryError(
          'error',
          `Prometheus ${this.config.name} answered HTTP ${status} without a JSON body`,
        );
      }
    } catch (error) {
      options.signal.throwIfAborted();
      if (error instanceof PrometheusQueryError) throw error;
      if (error instanceof FetchError && error.type === 'max-size') {
        closing.abort();
        throw new PrometheusQueryError(
          'error',
          `Prometheus ${this.config.name} answered over the ${formatBytes(
            this.config.maxResponseBytes,
          )} limit (istioMesh.prometheus[].maxResponseBytes)`,
        );
      }
      throw new PrometheusQueryError(
        'error',
        `cannot reach Prometheus ${this.config.name}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
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

  private authorization(): Record<string, string> {
    const { auth } = this.config;
    if ('bearerToken' in auth) {
      return { Authorization: `Bearer ${auth.bearerToken}` };
    }
    if ('basic' in auth) {
      const pair = `${auth.basic.username}:${auth.basic.password}`;
      return {
        Authorization: `Basic ${Buffer.from(pair).toString('base64')}`,
      };
    }
    return {};
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
