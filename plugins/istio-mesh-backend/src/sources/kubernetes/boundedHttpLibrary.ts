import {
  HttpLibrary,
  RequestContext,
  ResponseContext,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import fetch, { FetchError, RequestInit } from 'node-fetch';
import { formatBytes } from '@istio-mesh/plugin-istio-mesh-node';

/** An API server answer larger than `istioMesh.kubernetes.maxResponseBytes`. */
export class ResponseTooLargeError extends Error {
  name = 'ResponseTooLargeError';

  constructor(readonly maxBytes: number) {
    super(
      `the answer is over the ${formatBytes(
        maxBytes,
      )} limit (istioMesh.kubernetes.maxResponseBytes); lower istioMesh.kubernetes.pageSize or raise the limit`,
    );
  }
}

/**
 * The Kubernetes client's HTTP library, as the client's own (node-fetch with
 * the request's agent, headers and signal), but never buffering more than
 * `maxBytes` of one answer: past it the connection is closed and the LIST
 * fails with a {@link ResponseTooLargeError}, so that an API server (or
 * something posing as one) cannot fill the backend's memory.
 */
export function boundedHttpLibrary(maxBytes: number): HttpLibrary {
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const closing = new AbortController();
      const requestSignal = request.getSignal();
      const signal = requestSignal
        ? AbortSignal.any([requestSignal, closing.signal])
        : closing.signal;
      const response = await fetch(request.getUrl(), {
        method: request.getHttpMethod().toString(),
        body: request.getBody() as string | undefined,
        headers: request.getHeaders(),
        // node-fetch types its own AbortSignal; the global one is accepted.
        signal: signal as unknown as RequestInit['signal'],
        agent: request.getAgent(),
        size: maxBytes,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const bounded = async <T>(read: () => Promise<T>): Promise<T> => {
        try {
          return await read();
        } catch (error) {
          if (error instanceof FetchError && error.type === 'max-size') {
            closing.abort();
            throw new ResponseTooLargeError(maxBytes);
          }
          throw error;
        }
      };
      return new ResponseContext(response.status, headers, {
        text: () => bounded(() => response.text()),
        binary: () => bounded(() => response.buffer()),
      });
    },
  });
}
