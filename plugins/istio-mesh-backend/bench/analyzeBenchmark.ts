/*
 * Measures POST /v1/analyze's work for growing numbers of sent Services
 * (each COUNT given, default 2000 10000 20000), with the example cluster as
 * the live mesh:
 *
 * - parsing and analyzing on the calling thread, as the route did before,
 *   with the longest the event loop was held meanwhile;
 * - the same in a worker thread through runInWorker, as the route does now,
 *   with the longest event-loop delay on the calling thread meanwhile.
 *
 *   npm run bench:analyze -w plugins/istio-mesh-backend [-- COUNT...]
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { performance } from 'perf_hooks';
import { parseManifests } from '@istio-mesh/plugin-istio-mesh-common';
import {
  analyzeManifestFiles,
  manifestAnalysisTask,
} from '../src/service/analysis/manifestAnalysisTask';
import { runInWorker } from '../src/service/worker/runInWorker';

const COUNTS = process.argv.slice(2).map(Number);
const examples = resolve(__dirname, '../../../examples');
const live = parseManifests(
  readFileSync(resolve(examples, 'cluster/homelab.yaml'), 'utf8'),
  'homelab.yaml',
).objects.map(o => o.object);

function services(count: number): string {
  const documents: string[] = [];
  for (let i = 0; i < count; i++) {
    documents.push(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        `  name: generated-${i}`,
        `  namespace: team-${i % 20}`,
        `  labels: { app: generated-${i}, team: team-${i % 20} }`,
        'spec:',
        `  selector: { app: generated-${i} }`,
        '  ports:',
        '    - { name: http, port: 80, targetPort: 8080 }',
        '    - { name: grpc-api, port: 9090 }',
      ].join('\n'),
    );
  }
  return documents.join('\n---\n');
}

function millis(start: number) {
  return Math.round(performance.now() - start);
}

/**
 * Runs `work` and reports the longest gap between ticks of a 1 ms timer
 * meanwhile: how long the event loop could not answer anything else.
 */
async function held(work: () => Promise<unknown> | unknown) {
  let last = performance.now();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  // The ticker runs before the work starts.
  await new Promise(r => setTimeout(r, 5));
  const start = performance.now();
  await work();
  const totalMs = millis(start);
  await new Promise(r => setTimeout(r, 5));
  clearInterval(ticker);
  return { totalMs, maxDelayMs: Math.round(maxGap) };
}

async function main() {
  const rows: string[][] = [];
  for (const count of COUNTS.length ? COUNTS : [2000, 10000, 20000]) {
    const content = services(count);
    const input = {
      files: [{ path: 'services.yaml', content }],
      maxObjects: Number.MAX_SAFE_INTEGER,
      rootNamespace: 'istio-system',
      live: { objects: live, readableNamespaces: ['boutique-dev'] },
    };
    const parseStart = performance.now();
    parseManifests(content, 'services.yaml');
    const parseMs = millis(parseStart);
    const inThread = await held(() => analyzeManifestFiles(input));
    const inWorker = await held(() =>
      runInWorker(manifestAnalysisTask, input, { timeoutMs: 600_000 }),
    );
    rows.push([
      String(count),
      (content.length / 1e6).toFixed(1),
      String(inThread.totalMs),
      String(parseMs),
      String(inThread.maxDelayMs),
      String(inWorker.totalMs),
      String(inWorker.maxDelayMs),
    ]);
  }
  const header = [
    'Services',
    'MB',
    'in thread (ms)',
    'of which parsing (ms)',
    'event loop held, in thread (ms)',
    'in a worker (ms)',
    'event loop held, worker (ms)',
  ];
  for (const row of [header, ...rows]) console.log(row.join('\t'));
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
