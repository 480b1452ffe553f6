import { readFileSync } from 'fs';
import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { IncomingMessage, ServerResponse } from 'http';
import { demoJaegerHandler } from './demoJaeger';

/** Recorded by `recordedAnswers.test.ts` of the istio-mesh backend. */
const ANSWERS_FILE = resolvePackagePath(
  'backend',
  '../../examples/runtime/prometheus-answers.json',
);
const QUERY_PATH = '/prometheus/api/v1/query';
const MAX_FORM_BYTES = 64 * 1024;

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_FORM_BYTES) break;
  }
  return new URLSearchParams(body);
}

/**
 * Dev only: answers Prometheus instant queries under
 * `/api/istio-mesh-demo/prometheus` with answers a real Prometheus gave over
 * the boutique's recorded traffic, so that `npm start` exercises the real
 * Prometheus client (app-config.yaml points `istioMesh.prometheus` here).
 * A query it has no answer for is refused as Prometheus refuses bad ones.
 * Under `/api/istio-mesh-demo/jaeger` it answers as a Jaeger query service
 * with the boutique's traces (see `demoJaeger.ts`; `istioMesh.jaeger`).
 */
export default createBackendPlugin({
  pluginId: 'istio-mesh-demo',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ httpRouter, logger }) {
        const answers: Record<string, unknown> = JSON.parse(
          readFileSync(ANSWERS_FILE, 'utf8'),
        );
        const jaeger = demoJaegerHandler();
        logger.info(
          `Serving recorded Prometheus answers from ${ANSWERS_FILE} and Jaeger answers under ${jaeger.prefix} (dev only)`,
        );
        httpRouter.use(
          async (
            req: IncomingMessage,
            res: ServerResponse,
            next: () => void,
          ) => {
            if (jaeger.handle(req, res)) return;
            const url = new URL(req.url ?? '/', 'http://demo');
            if (url.pathname !== QUERY_PATH) {
              next();
              return;
            }
            const query =
              req.method === 'POST'
                ? (await formOf(req)).get('query')
                : url.searchParams.get('query');
            const answer = query ? answers[query] : undefined;
            res.setHeader('content-type', 'application/json');
            if (!answer) {
              res.statusCode = 400;
              res.end(
                JSON.stringify({
                  status: 'error',
                  errorType: 'bad_data',
                  error: 'the demo has no recorded answer for this query',
                }),
              );
              return;
            }
            res.end(JSON.stringify(answer));
          },
        );
        // The istio-mesh backend calls it without a user's token.
        httpRouter.addAuthPolicy({
          path: '/prometheus',
          allow: 'unauthenticated',
        });
        httpRouter.addAuthPolicy({
          path: jaeger.prefix,
          allow: 'unauthenticated',
        });
      },
    });
  },
});
