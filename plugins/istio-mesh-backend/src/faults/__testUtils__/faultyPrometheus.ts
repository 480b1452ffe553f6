import {
  createServer,
  IncomingMessage,
  request as forward,
  ServerResponse,
} from 'http';
import { AddressInfo, Socket } from 'net';
import { HugeBody, streamHugeBody } from '../../__testUtils__/streamHugeBody';

/** How the server in front of a Prometheus misbehaves. */
export type PrometheusFault =
  | 'none'
  /** Every query is answered 503, as a Prometheus that is shutting down. */
  | 'unavailable'
  /** Every query takes 30 seconds. */
  | 'slow'
  /** Every query is answered with a 200 MB result. */
  | 'huge-body'
  /** The token is no longer accepted: every query is answered 401. */
  | 'revoked';

/**
 * A reverse proxy in front of a test Prometheus, as an authenticating
 * proxy is in front of a real one: it wants `Bearer <token>` and fails on
 * demand.
 */
export interface FaultyPrometheus {
  url: string;
  token: string;
  setFault(fault: PrometheusFault): void;
  /** Queries received and not yet closed. */
  openRequests(): number;
  /** The most body bytes one `huge-body` answer wrote before it closed. */
  largestHugeBody(): number;
  close(): Promise<void>;
}

const HUGE_BODY: HugeBody = {
  head: '{"status":"success","data":{"resultType":"vector","result":[',
  filler: Buffer.from(
    '{"metric":{"destination_workload":"filler","reporter":"destination"},"value":[1764590400,"1"]},'.repeat(
      10_000,
    ),
  ),
  tail: '{"metric":{},"value":[0,"0"]}]}}',
  bytes: 200 * 1000 * 1000,
};

export async function startFaultyPrometheus(
  target: string,
  token: string,
): Promise<FaultyPrometheus> {
  let fault: PrometheusFault = 'none';
  let open = 0;
  let hugeBytes = 0;
  const sockets = new Set<Socket>();

  const streamHuge = (res: ServerResponse) =>
    streamHugeBody(res, HUGE_BODY, sent => {
      hugeBytes = Math.max(hugeBytes, sent);
    });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    open += 1;
    res.on('close', () => {
      open -= 1;
    });
    const json = (code: number, body: object) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (
      fault === 'revoked' ||
      req.headers.authorization !== `Bearer ${token}`
    ) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('Unauthorized\n');
      return;
    }
    switch (fault) {
      case 'unavailable':
        json(503, {
          status: 'error',
          errorType: 'unavailable',
          error: 'Service Unavailable',
        });
        return;
      case 'slow': {
        const timer = setTimeout(
          () =>
            json(200, {
              status: 'success',
              data: { resultType: 'vector', result: [] },
            }),
          30_000,
        );
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'huge-body':
        streamHuge(res);
        return;
      default: {
        const headers = { ...req.headers };
        delete headers.authorization;
        const upstream = forward(
          new URL(req.url ?? '/', target),
          { method: req.method, headers },
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
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    setFault(next) {
      fault = next;
      for (const socket of sockets) socket.destroy();
    },
    openRequests: () => open,
    largestHugeBody: () => hugeBytes,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
