import { TestDatabases } from '@backstage/backend-test-utils';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import {
  FaultWorld,
  startFaultWorld,
  statuses,
  waitFor,
} from './__testUtils__/faultWorld';
import {
  JaegerFault,
  startTestJaeger,
  TestJaeger,
} from '../sources/jaeger/__testUtils__/testJaeger';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const TOKEN = 'jaeger-beta-token-never-shown';

/**
 * How each fault of Jaeger beta shows on its source, read for the first
 * time, and on the traces route. The URL is named, never the token.
 */
const FAULTS: Array<[JaegerFault, string, RegExp]> = [
  [
    'hanging',
    'timeout',
    /^Jaeger beta: no answer within \d+ s \(istioMesh\.(sources|traces)\.timeout\)$/,
  ],
  [
    'huge-body',
    'error',
    /^Jaeger beta answered over the 1 MiB limit \(istioMesh\.jaeger\[\]\.maxResponseBytes\)$/,
  ],
  [
    'malformed',
    'error',
    /^Jaeger beta answered http:\/\/127\.0\.0\.1:\d+\/api\/\w+ with a body that is not JSON$/,
  ],
  [
    'revoked',
    'unauthorized',
    /^Jaeger beta refused the credentials \(HTTP 401\); check istioMesh\.jaeger auth$/,
  ],
];

const tracing = (state: EntityMeshState) =>
  state.criteria.find(c => c.id === 'tracing')!;

describe('a fault of one Jaeger of two', () => {
  let alpha: TestJaeger;
  let beta: TestJaeger;
  let world: FaultWorld | undefined;

  beforeAll(async () => {
    alpha = await startTestJaeger({ api: 'v3' });
    beta = await startTestJaeger({ api: 'v1', token: TOKEN });
  });
  afterAll(async () => {
    await alpha?.close();
    await beta?.close();
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  /** Alpha's Jaeger and every cluster are served as if nothing happened. */
  async function expectOthersServed() {
    const payment = await world!.state('paymentservice-alpha');
    expect(statuses(payment)).toMatchObject({
      'kubernetes:alpha': 'ok',
      'kubernetes:beta': 'ok',
      'jaeger:alpha': 'ok',
    });
    expect(tracing(payment)).toMatchObject({
      status: 'pass',
      summary:
        'Traced with checkoutservice.boutique-dev in the last 1h (jaeger:alpha)',
    });
    const traces = await world!.traces('paymentservice-alpha');
    expect(traces.source).toStrictEqual({
      id: 'jaeger:alpha',
      type: 'jaeger',
      status: 'ok',
    });
    expect(traces.items.map(t => t.errorCount)).toStrictEqual([0, 5, 0, 0]);
  }

  it.each(FAULTS)(
    'beta %s: the rest is served, beta says so, then keeps its last good read',
    async (fault, firstStatus, message) => {
      world = await startFaultWorld({
        knex: await databases.init('SQLITE_3'),
        istioMesh: {
          sources: { timeout: { seconds: 8 } },
          traces: { timeout: { seconds: 4 } },
          jaeger: [
            { name: 'alpha', url: alpha.url, clusters: ['alpha'] },
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
      const unread = await world.state('paymentservice-beta');
      const source = unread.sources.find(s => s.id === 'jaeger:beta');
      expect(source?.status).toBe(firstStatus);
      expect(source?.message).toMatch(message);
      // Its cluster is read: only tracing cannot be judged.
      expect(tracing(unread)).toStrictEqual({
        id: 'tracing',
        status: 'unknown',
        summary: `jaeger:beta is ${firstStatus}: ${source?.message}`,
        evidence: [],
      });
      const failedTraces = await world.traces('paymentservice-beta');
      expect(failedTraces.items).toStrictEqual([]);
      expect(failedTraces.source.status).toBe(firstStatus);
      expect(failedTraces.source.message).toMatch(message);
      // The deadline closed the hanging requests.
      await waitFor(() => beta.openRequests() === 0);

      beta.setFault('none');
      await world.refresh.run();
      const good = await world.state('paymentservice-beta');
      expect(good.sources.find(s => s.id === 'jaeger:beta')).toStrictEqual({
        id: 'jaeger:beta',
        type: 'jaeger',
        status: 'ok',
        ageSeconds: expect.any(Number),
      });
      expect(tracing(good).status).toBe('pass');
      const traces = await world.traces('paymentservice-beta', {
        limit: '2',
      });
      expect(traces.source.status).toBe('ok');
      expect(traces.items).toHaveLength(2);

      beta.setFault(fault);
      await world.refresh.run();
      await expectOthersServed();
      const kept = await world.state('paymentservice-beta');
      const stale = kept.sources.find(s => s.id === 'jaeger:beta');
      expect(stale?.status).toBe('stale');
      expect(stale?.message).toMatch(/; showing the last good read$/);
      expect(tracing(kept)).toStrictEqual(tracing(good));

      expect(beta.largestHugeBody()).toBeLessThan(50_000_000);
      const seen = [...world.logs, ...world.responses].join('\n');
      expect(seen).not.toContain(TOKEN);
    },
  );

  it('asks each Jaeger for its dependency graph once a refresh, whatever the number of entities', async () => {
    world = await startFaultWorld({
      knex: await databases.init('SQLITE_3'),
      istioMesh: { jaeger: [{ name: 'alpha', url: alpha.url }] },
    });
    const before = alpha.requests().length;
    await world.refresh.run();
    await world.refresh.run();
    const asked = alpha.requests().slice(before);
    expect(asked.filter(p => p === '/api/dependencies')).toHaveLength(2);
    expect(asked.filter(p => p === '/api/v3/traces')).toHaveLength(0);
    // Six entities in three clusters, all judged from those two reads.
    const stored = await world.stored();
    expect(
      Object.values(stored).map(state => tracing(state!).status),
    ).toStrictEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
  });
});
