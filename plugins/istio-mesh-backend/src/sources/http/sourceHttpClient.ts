import { Agent as HttpAgent } from 'http';
import { Agent as HttpsAgent } from 'https';
import fetch, { FetchError, RequestInit } from 'node-fetch';
import { formatBytes } from '@istio-mesh/plugin-istio-mesh-node';
import { SourceAuth, SourceTls } from './sourceAuth';

/** Why a request to an HTTP source failed, as the source's status says it. */
export class SourceRequestError extends Error {
  name = 'SourceRequestError';

  constructor(readonly status: 'error' | 'unauthorized', message: string) {
    super(message);
  }
}

/** One HTTP source: where it is, how to authenticate, how much to read. */
export interface SourceHttpOptions {
  /** Base URL without a trailing slash. */
  url: string;
  auth: SourceAuth;
  tls?: SourceTls;
  /** How messages name the source, e.g. `Jaeger homelab`. */
  label: string;
  /** The config key of its auth, named when credentials are refused. */
  authKey: string;
  /** Largest answer buffered; past it the connection is closed. */
  maxResponseBytes: number;
  /** The config key of that limit, named when an answer exceeds it. */
  maxResponseBytesKey: string;
}

/** An answer: its HTTP status and its body parsed as JSON, if it was. */
export interface SourceAnswer {
  status: number;
  /** Undefined when the body is not JSON. */
  json?: unknown;
}

/**
 * Requests to one HTTP source (Prometheus, Jaeger, Grafana) with its
 * authentication and TLS, never buffering more than `maxResponseBytes`,
 * each stopped by the caller's signal (the source deadline). 401 and 403
 * throw `unauthorized`; an unreachable source, or an answer over the
 * limit, throws `error`; the abort reason is thrown when the signal aborts.
 * Credentials never appear in messages.
 */
export class SourceHttpClient {
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(readonly options: SourceHttpOptions) {
    // A few requests every refresh gain nothing from kept-alive sockets,
    // and a source (or proxy) restarted in between would close them under
    // the next read.
    this.agent = options.url.startsWith('https:')
      ? new HttpsAgent({ keepAlive: false, ...options.tls })
      : new HttpAgent({ keepAlive: false });
  }

  /** `path` (with its query) of the source, e.g. `/api/services`. */
  async request(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
    signal: AbortSignal,
  ): Promise<SourceAnswer> {
    const { label, maxResponseBytes } = this.options;
    const closing = new AbortController();
    const both = AbortSignal.any([signal, closing.signal]);
    try {
      const response = await fetch(`${this.options.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          Accept: 'application/json',
          ...init.headers,
          ...this.authorization(),
        },
        body: init.body,
        // node-fetch types its own AbortSignal; the global one is accepted.
        signal: both as unknown as RequestInit['signal'],
        agent: this.agent,
        size: maxResponseBytes,
      });
      const status = response.status;
      if (status === 401 || status === 403) {
        closing.abort();
        throw new SourceRequestError(
          'unauthorized',
          `${label} refused the credentials (HTTP ${status}); check ${this.options.authKey}`,
        );
      }
      const text = await response.text();
      try {
        return { status, json: JSON.parse(text) };
      } catch {
        return { status };
      }
    } catch (error) {
      signal.throwIfAborted();
      if (error instanceof SourceRequestError) throw error;
      if (error instanceof FetchError && error.type === 'max-size') {
        closing.abort();
        throw new SourceRequestError(
          'error',
          `${label} answered over the ${formatBytes(maxResponseBytes)} limit (${
            this.options.maxResponseBytesKey
          })`,
        );
      }
      throw new SourceRequestError(
        'error',
        `cannot reach ${label}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  private authorization(): Record<string, string> {
    const { auth } = this.options;
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
