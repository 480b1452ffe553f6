/*
 * Measures one refresh at scale: listing a cluster through the real
 * Kubernetes client and an HTTP API server with real pagination, computing
 * every entity's mesh state, and storing and querying compliance in SQLite.
 * The cluster is the example homelab with its boutique-dev namespace copied
 * COPIES times (default 50), each copy with its own catalog entities.
 *
 *   npm run bench:refresh -w plugins/istio-mesh-backend [-- COPIES]
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { performance } from 'perf_hooks';
import {
  buildEntityMeshState,
  evaluateWorkloads,
  KubernetesObject,
  parseManifests,
} from '@istio-mesh/plugin-istio-mesh-common';
import { startKubernetesApiTestServer } from '../src/__testUtils__/kubernetesApiTestServer';
import { readKubernetesCluster } from '../src/sources/kubernetes/kubernetesClusterSource';
import { inMemoryStore } from './inMemoryStore';

const COPIES = Number(process.argv[2] ?? 50);
const TEMPLATE_NAMESPACE = 'boutique-dev';

const examples = resolve(__dirname, '../../../examples');
const homelab = parseManifests(
  readFileSync(resolve(examples, 'cluster/homelab.yaml'), 'utf8'),
  'homelab.yaml',
).objects.map(o => o.object);

/** The boutique-dev objects renamed into namespace `boutique-<i>`, with fresh uids. */
function copyOfBoutique(i: number): KubernetesObject[] {
  const inNamespace = homelab.filter(
    o =>
      o.metadata.namespace === TEMPLATE_NAMESPACE ||
      (o.kind === 'Namespace' && o.metadata.name === TEMPLATE_NAMESPACE),
  );
  const text = JSON.stringify(inNamespace)
    .replaceAll(TEMPLATE_NAMESPACE, `boutique-${i}`)
    .replace(/"uid":"([^"]+)"/g, `"uid":"$1-${i}"`);
  return JSON.parse(text);
}

const logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return logger;
  },
};

function millis(start: number) {
  return Math.round(performance.now() - start);
}

async function main() {
  const objects = [
    ...homelab.filter(o => o.metadata.namespace !== TEMPLATE_NAMESPACE),
    ...Array.from({ length: COPIES }, (_, i) => copyOfBoutique(i)).flat(),
  ];
  const server = await startKubernetesApiTestServer({ objects });

  let start = performance.now();
  const read = await readKubernetesCluster(
    {
      name: 'homelab',
      url: server.url,
      serviceAccountToken: server.token,
      skipTLSVerify: true,
    },
    { pageSize: 500, requestTimeoutMs: 30_000, concurrency: 4, logger },
  );
  const listMs = millis(start);
  const workloads = read.evaluation.workloads.length;
  const requests = server.requests.length;
  await server.close();

  // The evaluation alone, without the HTTP listing.
  start = performance.now();
  evaluateWorkloads(read.objects, { cluster: 'homelab' });
  const evaluateMs = millis(start);

  const apps = [
    ...new Set(
      read.evaluation.workloads
        .filter(w => w.workload.namespace.startsWith('boutique-'))
        .map(w => `${w.workload.namespace} ${w.workload.labels.app}`),
    ),
  ];
  // One array for all entities, as the refresh passes it.
  const clusters = [read.evaluation];
  start = performance.now();
  const states = apps.map(key => {
    const [namespace, app] = key.split(' ');
    return buildEntityMeshState({
      entityRef: `component:default/${app}-${namespace}`,
      annotations: {
        'backstage.io/kubernetes-label-selector': `app=${app}`,
        'backstage.io/kubernetes-namespace': namespace,
      },
      clusters,
      sources: [read.source],
      generatedAt: new Date().toISOString(),
    });
  });
  const computeMs = millis(start);

  const { knex, store } = await inMemoryStore();
  start = performance.now();
  const firstRefresh = new Date();
  await store.saveStates(states, firstRefresh);
  const saveMs = millis(start);
  // The next refresh, minutes later, finds the mesh unchanged.
  const later = states.map(s => ({
    ...s,
    generatedAt: new Date(firstRefresh.getTime() + 300_000).toISOString(),
  }));
  start = performance.now();
  await store.saveStates(later, new Date(firstRefresh.getTime() + 300_000));
  const saveUnchangedMs = millis(start);
  start = performance.now();
  const rows = await store.getCompliance(states.map(s => s.entityRef));
  const queryMs = millis(start);
  await knex.destroy();

  const table = [
    ['objects listed', objects.length],
    ['LIST requests', requests],
    ['workloads', workloads],
    ['list and evaluate the cluster (ms)', listMs],
    ['  of which evaluating workloads (ms)', evaluateMs],
    ['entities', states.length],
    ['compute all entity states (ms)', computeMs],
    ['store all states, SQLite (ms)', saveMs],
    ['store them again unchanged (ms)', saveUnchangedMs],
    [`read ${rows.length} compliance rows (ms)`, queryMs],
    ['heap used (MB)', Math.round(process.memoryUsage().heapUsed / 2 ** 20)],
  ];
  for (const [what, value] of table) {
    process.stdout.write(`${String(what).padEnd(40)} ${value}\n`);
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
