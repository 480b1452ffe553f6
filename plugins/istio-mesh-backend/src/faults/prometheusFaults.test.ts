import { TestDatabases } from '@backstage/backend-test-utils';
import {
  criteria,
  FaultWorld,
  startFaultWorld,
  statuses,
  waitFor,
} from './__testUtils__/faultWorld';
import {
  FaultyPrometheus,
  PrometheusFault,
  startFaultyPrometheus,
} from './__testUtils__/faultyPrometheus';
import {
  BOUTIQUE_TRAFFIC,
  istioOpenMetrics,
} from '../sources/prometheus/__testUtils__/istioTraffic';
import {
  startTestPrometheus,
  TestPrometheus,
} from '../sources/prometheus/__testUtils__/testPrometheus';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** How each fault of Prometheus beta shows on its source, read for the first time. */
const FAULTS: Array<[PrometheusFault, string, RegExp]> = [
  [
    'unavailable',
    'error',
    /^Prometheus beta answered HTTP 503: Service Unavailable$/,
  ],
  [
    'slow',
    'timeout',
    /^Prometheus beta: no answer within 8 s \(istioMesh\.sources\.timeout\)$/,
  ],
  [
    'revoked',
    'unauthorized',
    /^Prometheus beta refused the credentials \(HTTP 401\)/,
  ],
  [
    'huge-body',
    'error',
    /^Prometheus beta answered over the 1 MiB limit \(istioMesh\.prometheus\[\]\.maxResponseBytes\)$/,
  ],
];

const TOKEN = 'prometheus-beta-token-never-shown';

describe('a fault of one Prometheus of two', () => {
  let prometheus: TestPrometheus;
  let beta: FaultyPrometheus;
  let world: FaultWorld | undefined;

  beforeAll(async () => {
    // The traffic ends now: the refresh queries the current instant.
    prometheus = await startTestPrometheus(
      istioOpenMetrics(BOUTIQUE_TRAFFIC, Math.floor(Date.now() / 1000)),
    );
    beta = await startFaultyPrometheus(prometheus.url, TOKEN);
  });
  afterAll(async () => {
    await beta?.close();
    await prometheus?.stop();
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  /** Alpha's Prometheus and every cluster are served as if nothing happened. */
  async function expectOthersServed() {
    const cart = await world!.state('cartservice-alpha');
    expect(statuses(cart)).toMatchObject({
      'kubernetes:alpha': 'ok',
      'kubernetes:beta': 'ok',
      'prometheus:alpha': 'ok',
    });
    // cartservice opens plaintext TCP connections to redis-cart.
    expect(criteria(cart)['service-graph']).toBe('fail');
    expect(criteria(cart).metrics).toBe('pass');
    expect(cart.runtime?.source).toBe('prometheus:alpha');
  }

  it.each(FAULTS)(
    'beta %s: the rest is served, beta says so, then keeps its last good read',
    async (fault, firstStatus, message) => {
      world = await startFaultWorld({
        knex: await databases.init('SQLITE_3'),
        istioMesh: {
          sources: { timeout: { seconds: 8 } },
          prometheus: [
            { name: 'alpha', url: prometheus.url, clusters: ['alpha'] },
            {
              name: 'beta',
              url: beta.url,
              clusters: ['beta'],
              auth: { bearerToken: TOKEN },
              maxResponseBytes: 1024 * 1024,
            },
          ],
        },
      });

      beta.setFault(fault);
      await world.refresh.run();
      await expectOthersServed();
      const unread = await world.state('cartservice-beta');
      const source = unread.sources.find(s => s.id === 'prometheus:beta');
      expect(source?.status).toBe(firstStatus);
      expect(source?.message).toMatch(message);
      // Its cluster is read: only the runtime criteria cannot be judged.
      expect(criteria(unread)).toMatchObject({
        'sidecar-injected': 'pass',
        'service-graph': 'unknown',
        metrics: 'unknown',
      });
      expect(unread.criteria.find(c => c.id === 'service-graph')?.summary).toBe(
        `prometheus:beta is ${firstStatus}: ${source?.message}`,
      );
      expect(unread.runtime).toBeUndefined();
      // The deadline closed the slow queries.
      await waitFor(() => beta.openRequests() === 0);

      beta.setFault('none');
      await world.refresh.run();
      const good = await world.state('cartservice-beta');
      expect(good.sources.find(s => s.id === 'prometheus:beta')).toStrictEqual({
        id: 'prometheus:beta',
        type: 'prometheus',
        status: 'ok',
        ageSeconds: expect.any(Number),
      });
      expect(criteria(good)['service-graph']).toBe('fail');
      expect(good.runtime?.source).toBe('prometheus:beta');

      beta.setFault(fault);
      await world.refresh.run();
      await expectOthersServed();
      const kept = await world.state('cartservice-beta');
      const stale = kept.sources.find(s => s.id === 'prometheus:beta');
      expect(stale?.status).toBe('stale');
      expect(stale?.message).toMatch(/; showing the last good read$/);
      expect(criteria(kept)).toStrictEqual(criteria(good));
      expect(kept.runtime).toStrictEqual(good.runtime);

      expect(beta.largestHugeBody()).toBeLessThan(100_000_000);
      const seen = [...world.logs, ...world.responses].join('\n');
      expect(seen).not.toContain(TOKEN);
    },
  );
});
