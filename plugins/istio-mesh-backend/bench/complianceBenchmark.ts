/*
 * Measures the compliance routes' service at scale: ENTITIES catalog
 * entities (default 5000), each with DAYS days of history (default 366), in
 * SQLite in memory. The summary over all the days, then the list and the
 * summary as the compliance page asks for them, each query REPEAT times
 * (default 20) by one caller: the first call and the median of the rest.
 * The stored records are read first, on their own; the first summary then
 * builds the caller's view and reads the history's days.
 *
 *   npm run bench:compliance -w plugins/istio-mesh-backend [-- ENTITIES DAYS REPEAT STATE_BYTES]
 *
 * STATE_BYTES (default 0) pads each stored state to that many bytes, as a
 * real state's JSON would fill the row.
 */
import { performance } from 'perf_hooks';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CRITERION_IDS } from '@istio-mesh/plugin-istio-mesh-common';
import { inMemoryStore } from './inMemoryStore';
import { ComplianceService } from '../src/service/ComplianceService';

const ENTITIES = Number(process.argv[2] ?? 5000);
const DAYS = Number(process.argv[3] ?? 366);
const REPEAT = Number(process.argv[4] ?? 20);
// The stored state's size: the generated mesh's states are about this big.
const STATE_BYTES = Number(process.argv[5] ?? 0);
const LEVELS = ['none', 'bronze', 'silver', 'gold'];
const STATUSES = ['pass', 'fail', 'warn', 'unknown'];
const NOW = new Date('2026-12-03T12:00:00Z');

function millis(start: number) {
  return Math.round(performance.now() - start);
}

/** A deterministic, varied verdict for entity `i` on day `d`. */
function verdict(i: number, d: number) {
  const criteria = Object.fromEntries(
    CRITERION_IDS.map((id, c) => [id, STATUSES[(i + d * c) % 4]]),
  );
  return {
    level: LEVELS[(i + d) % 4],
    criteria: JSON.stringify(criteria),
  };
}

async function main() {
  const { knex, store } = await inMemoryStore();
  const refs = Array.from(
    { length: ENTITIES },
    (_, i) => `component:default/service-${i}`,
  );
  let start = performance.now();
  await knex.batchInsert(
    'istio_mesh_entity_state',
    refs.map((ref, i) => ({
      entity_ref: ref,
      ...verdict(i, 0),
      state: JSON.stringify({ padding: 'x'.repeat(STATE_BYTES) }),
      namespaces: JSON.stringify([`team-${i % 20}`]),
      clusters: '["homelab"]',
      updated_at: NOW,
    })),
    100,
  );
  const rows = [];
  for (let d = 0; d < DAYS; d++) {
    const day = new Date(NOW.getTime() - d * 86_400_000)
      .toISOString()
      .slice(0, 10);
    for (let i = 0; i < ENTITIES; i++) {
      rows.push({
        entity_ref: refs[i],
        day,
        ...verdict(i, d),
        updated_at: NOW,
      });
    }
  }
  await knex.batchInsert('istio_mesh_compliance_history', rows, 100);
  console.log(
    `stored ${ENTITIES} entities x ${DAYS} days (${
      rows.length
    } history rows) in ${millis(start)} ms`,
  );

  const entities: Entity[] = refs.map((ref, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: ref.split('/')[1],
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': ref.split('/')[1],
        'backstage.io/kubernetes-namespace': `team-${i % 20}`,
      },
    },
    spec: { owner: `group:default/team-${i % 7}`, type: 'service' },
  }));
  // The catalog's answer to the service's one query: every entity.
  const catalog = {
    getEntities: async () => ({ items: entities }),
  } as unknown as CatalogService;
  const credentials = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/bench' },
  } as BackstageCredentials;
  const compliance = new ComplianceService({
    catalog,
    store,
    now: () => NOW,
  });
  // Read once per refresh, and shared by every caller: timed on its own.
  start = performance.now();
  await store.complianceRecords();
  console.log(`stored records read: ${millis(start)} ms`);
  for (const [label, query] of [
    ['all entities', { days: DAYS }],
    ['one namespace', { days: DAYS, namespace: 'team-3' }],
    ['mtls-strict failing', { days: DAYS, criterion: 'mtls-strict' }],
  ] as const) {
    start = performance.now();
    const summary = await compliance.summary(query, credentials);
    console.log(
      `summary, ${label}: ${millis(start)} ms (${
        summary.history.length
      } days, ${summary.entities} entities now)`,
    );
  }

  // The compliance page: pages of the list in two orders and filters, and
  // the summary with and without a filter, as the scale benchmark asks.
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const queries = [
    [
      'list, by level, page 40',
      () =>
        compliance.list(
          { limit: 50, offset: 2000, orderBy: 'level', order: 'desc' },
          credentials,
        ),
    ],
    [
      'list, one namespace, traffic-policy warn',
      () =>
        compliance.list(
          {
            limit: 50,
            namespace: 'team-3',
            criterion: 'traffic-policy',
            status: 'warn',
            orderBy: 'updatedAt',
          },
          credentials,
        ),
    ],
    [
      'list, owner and search',
      () =>
        compliance.list(
          { limit: 50, owner: 'team-2', q: 'service-1' },
          credentials,
        ),
    ],
    ['summary, 30 days', () => compliance.summary({}, credentials)],
    [
      'summary, one namespace, 30 days',
      () => compliance.summary({ namespace: 'team-5' }, credentials),
    ],
  ] as const;
  for (const [label, call] of queries) {
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      start = performance.now();
      await call();
      times.push(performance.now() - start);
    }
    console.log(
      `${label}: first ${Math.round(times[0])} ms, then median ${
        Math.round(median(times.slice(1)) * 10) / 10
      } ms`,
    );
  }
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
