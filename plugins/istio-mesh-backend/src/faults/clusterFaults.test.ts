import { TestDatabases } from '@backstage/backend-test-utils';
import { ApiFault } from './__testUtils__/faultyApiServer';
import {
  criteria,
  FaultWorld,
  startFaultWorld,
  statuses,
  waitFor,
} from './__testUtils__/faultWorld';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** How each fault of cluster beta shows on its source, read for the first time. */
const FAULTS: Array<[ApiFault, string, RegExp]> = [
  ['down', 'error', /^cluster beta: cannot list .*(ECONNRESET|socket hang up)/],
  [
    'unauthorized',
    'unauthorized',
    /401 Unauthorized \(the token was rejected\)/,
  ],
  ['throttled', 'error', /HTTP 429: Too many requests/],
  [
    'hang',
    'timeout',
    /^cluster beta: no answer within 8 s \(istioMesh\.sources\.timeout\)/,
  ],
  [
    'huge-body',
    'error',
    /the answer is over the 4 MiB limit \(istioMesh\.kubernetes\.maxResponseBytes\)/,
  ],
];

describe('a fault of one cluster of three', () => {
  let world: FaultWorld;
  afterEach(() => world?.close());

  /** Alpha and gamma are served as if nothing happened. */
  async function expectOthersServed() {
    for (const cluster of ['alpha', 'gamma']) {
      const cart = await world.state(`cartservice-${cluster}`);
      expect(statuses(cart)[`kubernetes:${cluster}`]).toBe('ok');
      expect(cart.workloads.map(w => [w.cluster, w.name])).toEqual([
        [cluster, 'cartservice'],
      ]);
      expect(criteria(cart)['sidecar-injected']).toBe('pass');
    }
  }

  function expectNoCredentials() {
    const seen = [...world.logs, ...world.responses].join('\n');
    for (const credential of world.credentials) {
      expect(seen).not.toContain(credential);
    }
  }

  it.each(FAULTS)(
    'beta %s: the others are served, beta says so, then keeps its last good read',
    async (fault, firstStatus, message) => {
      world = await startFaultWorld({
        knex: await databases.init('SQLITE_3'),
        // A hang ends at the deadline, which healthy reads stay far below.
        // The other faults get the default deadline: on a busy machine a
        // refused 4 MiB answer may take longer than 8 s to arrive.
        istioMesh: {
          sources: { timeout: { seconds: fault === 'hang' ? 8 : 60 } },
        },
      });

      // Faulty from the start: nothing to keep, and the status says why.
      world.beta.setFault(fault);
      await world.refresh.run();
      await expectOthersServed();
      const unread = await world.state('cartservice-beta');
      const betaSource = unread.sources.find(s => s.id === 'kubernetes:beta');
      expect(betaSource?.status).toBe(firstStatus);
      expect(betaSource?.message).toMatch(message);
      expect(criteria(unread)['sidecar-injected']).toBe('unknown');

      // Healthy: everything is read.
      world.beta.setFault('none');
      await world.refresh.run();
      const good = await world.stored();
      expect(
        Object.values(good).map(s => s && statuses(s)['kubernetes:beta']),
      ).toEqual(Array(6).fill('ok'));

      // Faulty again: beta's entities keep their last good evaluation.
      world.beta.setFault(fault);
      await world.refresh.run();
      expect(world.beta.requestsSinceFault()).toBeGreaterThan(0);
      await expectOthersServed();
      const kept = await world.state('cartservice-beta');
      const stale = kept.sources.find(s => s.id === 'kubernetes:beta');
      expect(stale?.status).toBe('stale');
      expect(stale?.message).toMatch(message);
      expect(stale?.message).toMatch(/; showing the last good read$/);
      expect(kept.workloads.map(w => [w.cluster, w.name])).toEqual([
        ['beta', 'cartservice'],
      ]);
      expect(criteria(kept)).toStrictEqual(
        criteria(good['component:default/cartservice-beta']!),
      );

      // Nothing is lost from the store.
      const after = await world.stored();
      expect(Object.keys(after).filter(ref => after[ref])).toHaveLength(6);
      for (const [ref, state] of Object.entries(after)) {
        expect(criteria(state!)).toStrictEqual(criteria(good[ref]!));
      }
      // A huge body's connection was closed long before its 200 MB.
      expect(world.beta.largestHugeBody()).toBeLessThan(100_000_000);
      expectNoCredentials();
    },
  );

  it('stops every request of a refresh the scheduler aborts, and stores nothing', async () => {
    world = await startFaultWorld({ knex: await databases.init('SQLITE_3') });
    await world.refresh.run();
    const before = await world.stored();

    world.beta.setFault('hang');
    const controller = new AbortController();
    const running = world.refresh.run({ signal: controller.signal });
    await waitFor(() => world.beta.openRequests() > 0);
    controller.abort(new Error('refresh exceeded its timeout of 3 minutes'));
    await expect(running).rejects.toThrow(
      'refresh exceeded its timeout of 3 minutes',
    );
    // The abort reached beta's hanging HTTP requests: all were closed.
    await waitFor(() => world.beta.openRequests() === 0);

    expect(await world.stored()).toStrictEqual(before);
    await expectOthersServed();
    expectNoCredentials();
  });
});
