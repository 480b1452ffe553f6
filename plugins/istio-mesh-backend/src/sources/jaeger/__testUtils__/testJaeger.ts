import { readFileSync } from 'fs';
import { createServer, IncomingMessage, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';
import {
  HugeBody,
  streamHugeBody,
} from '../../../__testUtils__/streamHugeBody';
import { resolve } from 'path';
import {
  JaegerSpan,
  JaegerTrace,
  TraceDependency,
} from '@istio-mesh/plugin-istio-mesh-common';

/** Jaeger v1 query API answers over the boutique (the demo's too). */
export interface JaegerAnswers {
  services: { data: string[] };
  dependencies: { data: TraceDependency[] };
  traces: { data: JaegerTrace[] };
}

export const RECORDED_JAEGER_ANSWERS = resolve(
  __dirname,
  '../../../../../../examples/runtime/jaeger-answers.json',
);

/** The instant the recorded answers end at. */
export const RECORDED_END = new Date('2026-12-01T12:00:00Z');

export function recordedJaegerAnswers(): JaegerAnswers {
  return JSON.parse(readFileSync(RECORDED_JAEGER_ANSWERS, 'utf8'));
}

/** How the test Jaeger misbehaves. */
export type JaegerFault =
  | 'none'
  /** Requests are never answered. */
  | 'hanging'
  /** Every answer is a 50 MB JSON body. */
  | 'huge-body'
  /** Every answer is cut-off JSON. */
  | 'malformed'
  /** The token is no longer accepted: every request is answered 401. */
  | 'revoked';

/** A Jaeger query service of the tests, on a loopback port. */
export interface TestJaeger {
  url: string;
  setFault(fault: JaegerFault): void;
  /** Paths (without query) of the requests received, in order. */
  requests(): string[];
  /** Requests received and not yet closed. */
  openRequests(): number;
  /** The most body bytes one `huge-body` answer wrote before it closed. */
  largestHugeBody(): number;
  close(): Promise<void>;
}

const HUGE_BODY: HugeBody = {
  head: '{"data":[',
  filler: Buffer.from(`"${'x'.repeat(64 * 1024)}",`),
  tail: '""]}',
  bytes: 50 * 1000 * 1000,
};

const tag = (span: JaegerSpan, key: string) =>
  span.tags?.find(t => t.key === key)?.value;

/** A v1 trace as OTLP JSON resource spans, one resource per process. */
function otlpResourceSpans(trace: JaegerTrace) {
  return Object.entries(trace.processes).map(([processId, process]) => ({
    resource: {
      attributes: [
        { key: 'service.name', value: { stringValue: process.serviceName } },
      ],
    },
    scopeSpans: [
      {
        scope: { name: 'envoy' },
        spans: trace.spans
          .filter(span => span.processID === processId)
          .map(span => {
            const parent = span.references?.find(r => r.refType === 'CHILD_OF');
            const kind = tag(span, 'span.kind');
            return {
              traceId: span.traceID,
              spanId: span.spanID,
              ...(parent ? { parentSpanId: parent.spanID } : {}),
              name: span.operationName,
              kind: kind === 'server' ? 2 : 3,
              startTimeUnixNano: String(BigInt(span.startTime) * 1000n),
              endTimeUnixNano: String(
                BigInt(span.startTime + span.duration) * 1000n,
              ),
              attributes: (span.tags ?? [])
                .filter(t => t.key !== 'error' && t.key !== 'span.kind')
                .map(t => ({
                  key: t.key,
                  value: { stringValue: String(t.value) },
                })),
              status: tag(span, 'error') === true ? { code: 2 } : {},
            };
          }),
      },
    ],
  }));
}

/**
 * Starts a Jaeger query service that answers from `answers`, as Jaeger v1
 * (`/api/services`, `/api/traces`, no `/api/v3`) or as Jaeger v2 (API v3
 * with OTLP JSON, and `/api/dependencies` as its UI port serves it). The
 * recorded traces are moved in time so that the recording's end is `end`;
 * searches keep the traces of the service that start in their window,
 * newest first, at most `limit`. With a `token`, requests need it as a
 * bearer token.
 */
export async function startTestJaeger(options: {
  api: 'v1' | 'v3';
  answers?: JaegerAnswers;
  end?: Date;
  token?: string;
}): Promise<TestJaeger> {
  const answers = options.answers ?? recordedJaegerAnswers();
  const shiftMicros =
    ((options.end ?? new Date()).getTime() - RECORDED_END.getTime()) * 1000;
  const traces: JaegerTrace[] = answers.traces.data.map(trace => ({
    ...trace,
    spans: trace.spans.map(span => ({
      ...span,
      startTime: span.startTime + shiftMicros,
    })),
  }));
  let fault: JaegerFault = 'none';
  let open = 0;
  let hugeBytes = 0;
  const seen: string[] = [];
  const sockets = new Set<Socket>();

  const search = (
    service: string,
    startUs: number,
    endUs: number,
    limit: number,
  ) =>
    traces
      .filter(trace => {
        const root = Math.min(...trace.spans.map(s => s.startTime));
        return (
          root >= startUs &&
          root <= endUs &&
          Object.values(trace.processes).some(p => p.serviceName === service)
        );
      })
      .sort(
        (a, b) =>
          Math.min(...b.spans.map(s => s.startTime)) -
          Math.min(...a.spans.map(s => s.startTime)),
      )
      .slice(0, limit);

  const streamHuge = (res: ServerResponse) =>
    streamHugeBody(res, HUGE_BODY, sent => {
      hugeBytes = Math.max(hugeBytes, sent);
    });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    open += 1;
    res.on('close', () => {
      open -= 1;
    });
    const url = new URL(req.url ?? '/', 'http://jaeger');
    seen.push(url.pathname);
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (
      fault === 'revoked' ||
      (options.token && req.headers.authorization !== `Bearer ${options.token}`)
    ) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('Unauthorized\n');
      return;
    }
    if (fault === 'hanging') return;
    if (fault === 'huge-body') {
      streamHuge(res);
      return;
    }
    if (fault === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[{"parent":"frontend.boutique-dev","chi');
      return;
    }
    const params = url.searchParams;
    const v1 = { total: 0, limit: 0, offset: 0, errors: null };
    switch (`${options.api} ${url.pathname}`) {
      case 'v1 /api/services':
      case 'v3 /api/services':
        json(200, { data: answers.services.data, ...v1 });
        return;
      case 'v3 /api/v3/services':
        json(200, { services: answers.services.data });
        return;
      case 'v1 /api/dependencies':
      case 'v3 /api/dependencies':
        json(200, { data: answers.dependencies.data, ...v1 });
        return;
      case 'v1 /api/traces': {
        const found = search(
          params.get('service') ?? '',
          Number(params.get('start')),
          Number(params.get('end')),
          Number(params.get('limit') ?? 20),
        );
        json(200, { data: found, ...v1 });
        return;
      }
      case 'v3 /api/v3/traces': {
        const found = search(
          params.get('query.service_name') ?? '',
          Date.parse(params.get('query.start_time_min') ?? '') * 1000,
          Date.parse(params.get('query.start_time_max') ?? '') * 1000,
          Number(params.get('query.search_depth') ?? 20),
        );
        if (found.length === 0) {
          json(404, { error: { httpCode: 404, message: 'trace not found' } });
          return;
        }
        json(200, {
          result: { resourceSpans: found.flatMap(otlpResourceSpans) },
        });
        return;
      }
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found\n');
    }
  };

  const server = createServer(handle);
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault(next) {
      fault = next;
      for (const socket of sockets) socket.destroy();
    },
    requests: () => [...seen],
    openRequests: () => open,
    largestHugeBody: () => hugeBytes,
    close: () =>
      new Promise(done => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
