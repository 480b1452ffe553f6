import { setTimeout as delay } from 'node:timers/promises';
import {
  ConfigurationOptions,
  Observable,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node';
import { ListPage, PageRequest } from './clusterResources';
import { ResponseTooLargeError } from './boundedHttpLibrary';

/** Why listing a kind failed. */
export type ListFailureReason =
  | 'not-installed'
  | 'unauthorized'
  | 'forbidden'
  | 'timeout'
  | 'error';

/** A LIST that did not complete, with a message fit for operators. */
export class ListFailure extends Error {
  constructor(readonly reason: ListFailureReason, message: string) {
    super(message);
    this.name = 'ListFailure';
  }
}

/** How one kind is listed. */
export interface ListAllPagesOptions {
  pageSize: number;
  requestTimeoutMs: number;
  /** Attempts per page when the server answers 429 Too Many Requests. */
  maxAttempts?: number;
  /** Upper bound on a Retry-After wait, in milliseconds. */
  maxRetryAfterMs?: number;
  /** Called before waiting out a 429. */
  onThrottled?: (waitMs: number) => void;
  /** Called for every LIST request sent. */
  onRequest?: () => void;
  /** Stops the LIST at once, between pages and within a request. */
  signal?: AbortSignal;
}

const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;
// A continue token can expire (410 Gone) while pages are read; start over this often.
const MAX_LIST_RESTARTS = 1;

interface HttpError {
  code: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function asHttpError(error: unknown): HttpError | undefined {
  const candidate = error as Partial<HttpError> | undefined;
  return typeof candidate?.code === 'number'
    ? (candidate as HttpError)
    : undefined;
}

function isAbort(error: unknown): boolean {
  const candidate = error as { name?: string; type?: string } | undefined;
  return (
    candidate?.name === 'AbortError' ||
    candidate?.name === 'TimeoutError' ||
    candidate?.type === 'aborted'
  );
}

/** The `message` of a Kubernetes `Status` body, as object or JSON text. */
function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const message = (value as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

function retryAfterMs(error: HttpError, max: number): number {
  const header = error.headers?.['retry-after'];
  const seconds = header !== undefined ? Number(header) : NaN;
  const wait = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
  return Math.min(wait, max);
}

/**
 * Per-request middleware: every request gets its own deadline, and stops
 * with the read it belongs to.
 */
function requestTimeout(
  timeoutMs: number,
  signal: AbortSignal | undefined,
): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          const deadline = AbortSignal.timeout(timeoutMs);
          context.setSignal(
            signal ? AbortSignal.any([deadline, signal]) : deadline,
          );
          return new Observable(Promise.resolve(context));
        },
        post: (context: ResponseContext) =>
          new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** Turns anything a LIST threw into a {@link ListFailure}. */
export function toListFailure(
  error: unknown,
  resource: string,
  timeoutMs: number,
  signal?: AbortSignal,
): ListFailure {
  if (error instanceof ListFailure) return error;
  if (signal?.aborted) {
    return new ListFailure(
      'timeout',
      `${resource}: stopped (${abortReason(signal)})`,
    );
  }
  if (error instanceof ResponseTooLargeError) {
    return new ListFailure('error', `${resource}: ${error.message}`);
  }
  if (isAbort(error)) {
    return new ListFailure(
      'timeout',
      `${resource}: no answer within ${timeoutMs} ms`,
    );
  }
  const http = asHttpError(error);
  if (http) {
    const detail = statusMessage(http.body);
    const suffix = detail ? `: ${detail}` : '';
    switch (http.code) {
      case 401:
        return new ListFailure(
          'unauthorized',
          `${resource}: 401 Unauthorized (the token was rejected)${suffix}`,
        );
      case 403:
        return new ListFailure(
          'forbidden',
          `${resource}: 403 Forbidden${suffix}`,
        );
      case 404:
        return new ListFailure('not-installed', `${resource}: not installed`);
      default:
        return new ListFailure(
          'error',
          `${resource}: HTTP ${http.code}${suffix}`,
        );
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ListFailure('error', `${resource}: ${message}`);
}

/** Why a read was stopped: its reason's message, or `aborted`. */
export function abortReason(signal: AbortSignal): string {
  const reason = signal.reason as { message?: unknown } | undefined;
  return typeof reason?.message === 'string' ? reason.message : 'aborted';
}

/**
 * Reads every item of one cluster-wide LIST, following `continue` tokens
 * until the last page. A 429 is waited out (`Retry-After`, bounded) and
 * retried a bounded number of times; an expired continue token (410) restarts
 * the list once. Throws a {@link ListFailure}.
 */
export async function listAllPages(
  listPage: (
    page: PageRequest,
    options: ConfigurationOptions,
  ) => Promise<ListPage>,
  resource: string,
  options: ListAllPagesOptions,
): Promise<unknown[]> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const maxWait = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;

  const readPage = async (continueToken?: string): Promise<ListPage> => {
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      try {
        options.onRequest?.();
        return await listPage(
          {
            limit: options.pageSize,
            ...(continueToken ? { _continue: continueToken } : {}),
          },
          requestTimeout(options.requestTimeoutMs, options.signal),
        );
      } catch (error) {
        const http = asHttpError(error);
        if (http?.code !== 429 || attempt >= maxAttempts) throw error;
        const wait = retryAfterMs(http, maxWait);
        options.onThrottled?.(wait);
        await delay(wait, undefined, { signal: options.signal });
      }
    }
  };

  for (let restarts = 0; ; restarts++) {
    const items: unknown[] = [];
    let continueToken: string | undefined;
    try {
      do {
        const page = await readPage(continueToken);
        items.push(...(page.items ?? []));
        continueToken = page.metadata?._continue || page.metadata?.continue;
      } while (continueToken);
      return items;
    } catch (error) {
      const expired = asHttpError(error)?.code === 410 && continueToken;
      if (!expired || restarts >= MAX_LIST_RESTARTS) {
        throw toListFailure(
          error,
          resource,
          options.requestTimeoutMs,
          options.signal,
        );
      }
    }
  }
}
