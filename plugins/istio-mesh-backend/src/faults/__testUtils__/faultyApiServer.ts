import {
  createServer,
  IncomingMessage,
  request as forward,
  ServerResponse,
} from 'http';
import { AddressInfo, Socket } from 'net';
import { HugeBody, streamHugeBody } from '../../__testUtils__/streamHugeBody';

/** How the server in front of a Kubernetes API misbehaves. */
export type ApiFault =
  | 'none'
  /** Every connection is reset: the API server is down. */
  | 'down'
  /** Every request is answered 401: the token was revoked. */
  | 'unauthorized'
  /** Every request is answered 429 Too Many Requests. */
  | 'throttled'
  /** No request is ever answered. */
  | 'hang'
  /** Every LIST is answered with a 200 MB body. */
  | 'huge-body';

/** A proxy in front of a test Kubernetes API that fails on demand. */
export interface FaultyApiServer {
  url: string;
  setFault(fault: ApiFault): void;
  /** Requests received and not yet closed. */
  openRequests(): number;
  /** Requests (or, when down, connections) since the fault was set. */
  requestsSinceFault(): number;
  /** The most body bytes one `huge-body` answer wrote before it closed. */
  largestHugeBody(): number;
  close(): Promise<void>;
}

const HUGE_BODY: HugeBody = {
  head: '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[',
  filler: Buffer.from(
    '{"metadata":{"name":"filler","namespace":"boutique-dev"}},'.repeat(20_000),
  ),
  tail: '{"metadata":{"name":"last"}}]}',
  bytes: 200 * 1000 * 1000,
};

function status(code: number, reason: string, message: string) {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
}

/**
 * Starts an HTTP server on 127.0.0.1 that forwards to `target` while its
 * fault is `none`, and otherwise fails as an API server (or the network in
 * front of it) does.
 */
export async function startFaultyApiServer(
  target: string,
): Promise<FaultyApiServer> {
  let fault: ApiFault = 'none';
  let open = 0;
  let sinceFault = 0;
  let hugeBytes = 0;
  const sockets = new Set<Socket>();

  const streamHuge = (res: ServerResponse) =>
    streamHugeBody(res, HUGE_BODY, sent => {
      hugeBytes = Math.max(hugeBytes, sent);
    });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    open += 1;
    sinceFault += 1;
    res.on('close', () => {
      open -= 1;
    });
    const json = (code: number, body: string, headers = {}) => {
      res.writeHead(code, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    switch (fault) {
      case 'unauthorized':
        json(401, status(401, 'Unauthorized', 'Unauthorized'));
        return;
      case 'throttled':
        json(
          429,
          status(
            429,
            'TooManyRequests',
            'Too many requests, please try again later.',
          ),
          { 'retry-after': '0' },
        );
        return;
      case 'hang':
        return;
      case 'huge-body':
        streamHuge(res);
        return;
      default: {
        const upstream = forward(
          new URL(req.url ?? '/', target),
          { method: req.method, headers: req.headers },
          answer => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      }
    }
  };

  const server = createServer(handle);
  server.on('connection', socket => {
    if (fault === 'down') {
      sinceFault += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault(next) {
      fault = next;
      sinceFault = 0;
      // Kept-alive connections would otherwise outlive a new fault.
      for (const socket of sockets) socket.destroy();
    },
    openRequests: () => open,
    requestsSinceFault: () => sinceFault,
    largestHugeBody: () => hugeBytes,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
