import { readFileSync } from 'fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { IncomingMessage, ServerResponse } from 'http';

/** Jaeger v1 query API answers over the boutique's traffic. */
const ANSWERS_FILE = resolvePackagePath(
  'backend',
  '../../examples/runtime/jaeger-answers.json',
);
/** The instant the recorded traces end at. */
const RECORDED_END_MS = Date.parse('2026-12-01T12:00:00Z');
const PREFIX = '/jaeger';

interface Span {
  traceID: string;
  startTime: number;
  processID: string;
}
interface Trace {
  traceID: string;
  spans: Span[];
  processes: Record<string, { serviceName: string }>;
}
interface Answers {
  services: unknown;
  dependencies: unknown;
  traces: { data: Trace[] };
}

const rootStart = (trace: Trace) =>
  Math.min(...trace.spans.map(s => s.startTime));

/**
 * Dev only: a Jaeger v1 query service under `/api/istio-mesh-demo/jaeger`,
 * answering from examples/runtime/jaeger-answers.json. The recorded traces
 * are moved in time so that they end now, so that a search over the last
 * hour finds them whenever the app runs. It has no API v3 (`/api/v3/*`
 * answers 404, as Jaeger 1.x without it), so the v1 client is exercised;
 * a trace's page answers with a note, as there is no Jaeger UI here.
 */
export function demoJaegerHandler(): {
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): boolean;
} {
  const answers: Answers = JSON.parse(readFileSync(ANSWERS_FILE, 'utf8'));
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  return {
    prefix: PREFIX,
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://demo');
      if (!url.pathname.startsWith(`${PREFIX}/`)) return false;
      const path = url.pathname.slice(PREFIX.length);
      if (path === '/api/services') {
        json(res, 200, answers.services);
      } else if (path === '/api/dependencies') {
        json(res, 200, answers.dependencies);
      } else if (path === '/api/traces') {
        const shift = (Date.now() - RECORDED_END_MS) * 1000;
        const service = url.searchParams.get('service');
        const start = Number(url.searchParams.get('start') ?? 0);
        const end = Number(url.searchParams.get('end') ?? Infinity);
        const limit = Number(url.searchParams.get('limit') ?? 20);
        const data = answers.traces.data
          .map(trace => ({
            ...trace,
            spans: trace.spans.map(s => ({
              ...s,
              startTime: s.startTime + shift,
            })),
          }))
          .filter(
            trace =>
              Object.values(trace.processes).some(
                p => p.serviceName === service,
              ) &&
              rootStart(trace) >= start &&
              rootStart(trace) <= end,
          )
          .sort((a, b) => rootStart(b) - rootStart(a))
          .slice(0, limit);
        json(res, 200, { data, total: 0, limit: 0, offset: 0, errors: null });
      } else if (path.startsWith('/trace/') || path === '/search') {
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(
          'istio-mesh demo: a recorded trace. Set istioMesh.links.jaeger.url to your Jaeger UI to open traces there.\n',
        );
      } else {
        res.statusCode = 404;
        res.setHeader('content-type', 'text/plain');
        res.end('404 page not found\n');
      }
      return true;
    },
  };
}
