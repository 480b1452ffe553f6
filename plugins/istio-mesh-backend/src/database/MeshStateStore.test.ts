import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import { MeshStateStore } from './MeshStateStore';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

function state(entityRef: string, mtls: 'pass' | 'fail'): EntityMeshState {
  return {
    entityRef,
    mapping: { status: 'mapped', message: '1 workload(s) match' },
    workloads: [],
    criteria: [
      { id: 'sidecar-injected', status: 'pass', summary: '', evidence: [] },
      { id: 'mtls-strict', status: mtls, summary: '', evidence: [] },
    ],
    level: mtls === 'pass' ? { level: 'bronze' } : { level: 'none' },
    sources: [
      { id: 'snapshot:homelab', type: 'cluster-snapshot', status: 'ok' },
    ],
    generatedAt: '2026-11-28T05:00:00.000Z',
  };
}

describe.each(databases.eachSupportedId())(
  'MeshStateStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return MeshStateStore.create(
        mockServices.database.mock({ getClient: async () => knex }),
      );
    }

    /** Two stores on one database, as two replicas have. */
    async function createReplicas() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database.mock({
        getClient: async () => knex,
      });
      return {
        knex,
        store: await MeshStateStore.create(database),
        replica: await MeshStateStore.create(database),
      };
    }

    it('keeps the latest state per entity and one history row per day', async () => {
      const store = await createStore();
      const ref = 'component:default/paymentservice';
      await store.saveStates(
        [state(ref, 'fail')],
        new Date('2026-11-27T10:00:00Z'),
      );
      await store.saveStates(
        [state(ref, 'fail')],
        new Date('2026-11-28T09:00:00Z'),
      );
      await store.saveStates(
        [state(ref, 'pass')],
        new Date('2026-11-28T10:00:00Z'),
      );

      expect(await store.getState(ref)).toStrictEqual(state(ref, 'pass'));
      expect(await store.getHistory(ref)).toStrictEqual([
        {
          entityRef: ref,
          day: '2026-11-27',
          level: 'none',
          criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'fail' },
        },
        {
          entityRef: ref,
          day: '2026-11-28',
          level: 'bronze',
          criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'pass' },
        },
      ]);
      expect(await store.getState('component:default/unknown')).toBeUndefined();
    });

    it('prunes history past the retention and forgets entities that left the catalog', async () => {
      const store = await createStore();
      const a = 'component:default/a';
      const b = 'component:default/b';
      await store.saveStates(
        [state(a, 'pass'), state(b, 'pass')],
        new Date('2026-08-01T00:00:00Z'),
      );
      await store.saveStates(
        [state(a, 'pass')],
        new Date('2026-11-28T00:00:00Z'),
      );

      expect(
        await store.pruneHistory(30, new Date('2026-11-28T00:00:00Z')),
      ).toBe(2);
      expect((await store.getHistory(a)).map(row => row.day)).toStrictEqual([
        '2026-11-28',
      ]);

      expect(
        await store.removeStatesExcept([a], new Date('2026-11-28T00:05:00Z')),
      ).toBe(1);
      expect(await store.getState(b)).toBeUndefined();
      expect(await store.getState(a)).toBeDefined();
    });

    it('never lets a refresh that started earlier overwrite or forget what a later one stored', async () => {
      const store = await createStore();
      const ref = 'component:default/paymentservice';
      const late = 'component:default/late';
      await store.saveStates(
        [state(ref, 'pass'), state(late, 'pass')],
        new Date('2026-11-28T10:00:00Z'),
      );
      // A refresh that started at 09:00 finishes only now.
      await store.saveStates(
        [state(ref, 'fail')],
        new Date('2026-11-28T09:00:00Z'),
      );
      expect(
        await store.removeStatesExcept([ref], new Date('2026-11-28T09:00:00Z')),
      ).toBe(0);

      expect(await store.getState(ref)).toStrictEqual(state(ref, 'pass'));
      expect(await store.getState(late)).toBeDefined();
      expect((await store.getHistory(ref)).map(r => r.level)).toEqual([
        'bronze',
      ]);
    });

    it('does not replace a day of history with a worse result of a refresh that missed a source', async () => {
      const store = await createStore();
      const ref = 'component:default/paymentservice';
      const unread: EntityMeshState = {
        ...state(ref, 'fail'),
        sources: [
          {
            id: 'snapshot:homelab',
            type: 'cluster-snapshot',
            status: 'timeout',
            message: 'no answer within 60 s',
          },
        ],
      };
      await store.saveStates(
        [state(ref, 'pass')],
        new Date('2026-11-28T09:00:00Z'),
      );
      await store.saveStates([unread], new Date('2026-11-28T10:00:00Z'));
      // The state says what the refresh saw; the day keeps what was known.
      expect((await store.getState(ref))?.sources[0].status).toBe('timeout');
      expect((await store.getHistory(ref)).map(r => r.level)).toEqual([
        'bronze',
      ]);

      // Read in full, a worse result is the entity's own.
      await store.saveStates(
        [state(ref, 'fail')],
        new Date('2026-11-28T11:00:00Z'),
      );
      expect((await store.getHistory(ref)).map(r => r.level)).toEqual(['none']);
      // On a new day, even a result that missed a source is recorded.
      await store.saveStates([unread], new Date('2026-11-29T09:00:00Z'));
      expect((await store.getHistory(ref)).map(r => r.day)).toEqual([
        '2026-11-28',
        '2026-11-29',
      ]);
    });

    it('writes an unchanged state once a day, and serves it as of the latest refresh', async () => {
      const knex = await databases.init(databaseId);
      const store = await MeshStateStore.create(
        mockServices.database.mock({ getClient: async () => knex }),
      );
      const refs = Array.from(
        { length: 600 },
        (_, i) => `component:default/service-${i}`,
      );
      const at = (generatedAt: string, mtls: 'pass' | 'fail' = 'pass') =>
        refs.map(ref => ({
          ...state(ref, mtls),
          generatedAt,
          sources: [
            {
              id: 'snapshot:homelab',
              type: 'cluster-snapshot' as const,
              status: 'ok' as const,
              ageSeconds: generatedAt.endsWith('09:00:02.000Z') ? 2 : 3,
            },
          ],
        }));
      await store.saveStates(
        at('2026-11-28T09:00:02.000Z'),
        new Date('2026-11-28T09:00:00Z'),
      );

      const statements: string[] = [];
      const record = (query: { sql: string }) => statements.push(query.sql);
      knex.on('query', record);
      // Five minutes later nothing changed but the times and the read's age.
      await store.saveStates(
        at('2026-11-28T09:05:03.000Z'),
        new Date('2026-11-28T09:05:00Z'),
      );
      knex.off('query', record);

      expect(statements.filter(sql => /^insert/i.test(sql))).toEqual([]);
      // Two reads of the stored versions, two updates: 500 refs a statement.
      expect(statements.filter(sql => /^update/i.test(sql))).toHaveLength(2);
      const served = await store.getState(refs[0]);
      expect(served?.generatedAt).toBe('2026-11-28T09:05:03.000Z');
      expect(served?.sources[0].ageSeconds).toBe(2);
      const [row] = await store.getCompliance([refs[0]]);
      expect(row.updatedAt).toEqual(new Date('2026-11-28T09:05:00Z'));

      // A change is written, and so is every state on a new day.
      await store.saveStates(
        at('2026-11-28T09:10:03.000Z', 'fail'),
        new Date('2026-11-28T09:10:00Z'),
      );
      expect((await store.getState(refs[0]))?.level).toEqual({
        level: 'none',
      });
      await store.saveStates(
        at('2026-11-29T09:00:03.000Z', 'fail'),
        new Date('2026-11-29T09:00:00Z'),
      );
      expect(
        (await store.getHistory(refs[599])).map(r => [r.day, r.level]),
      ).toEqual([
        ['2026-11-28', 'none'],
        ['2026-11-29', 'none'],
      ]);
    });

    it('reads the compliance rows again only when the table changed, here or on another replica', async () => {
      const { knex, store, replica } = await createReplicas();
      const a = 'component:default/a';
      const b = 'component:default/b';
      await store.saveStates(
        [state(a, 'pass'), state(b, 'fail')],
        new Date('2026-11-28T09:00:00Z'),
      );
      const levels = async () =>
        (await store.getCompliance([a, b, 'component:default/none'])).map(r => [
          r.entityRef,
          r.level,
        ]);
      expect(await levels()).toEqual([
        [a, 'bronze'],
        [b, 'none'],
      ]);

      const statements: string[] = [];
      const record = (query: { sql: string }) => statements.push(query.sql);
      knex.on('query', record);
      await levels();
      await levels();
      knex.off('query', record);
      // Only the table's count and latest write, never its rows.
      expect(statements).toHaveLength(2);
      expect(statements.every(sql => /count\(\*\)/i.test(sql))).toBe(true);

      // The other replica's refresh is seen on the next call.
      await replica.saveStates(
        [state(b, 'pass')],
        new Date('2026-11-28T09:05:00Z'),
      );
      expect(await levels()).toEqual([
        [a, 'bronze'],
        [b, 'bronze'],
      ]);
      // And so is an entity it forgot.
      await replica.removeStatesExcept([b], new Date('2026-11-28T09:06:00Z'));
      expect(await levels()).toEqual([[b, 'bronze']]);
    });

    it("counts the asked entities' history by day, and sees another replica's writes and prunes", async () => {
      const { store, replica } = await createReplicas();
      const a = 'component:default/a';
      const b = 'component:default/b';
      await store.saveStates(
        [state(a, 'pass'), state(b, 'fail')],
        new Date('2026-11-27T09:00:00Z'),
      );
      await store.saveStates(
        [state(a, 'pass'), state(b, 'pass')],
        new Date('2026-11-28T09:00:00Z'),
      );
      const counted = async (refs: string[], since: string) =>
        (await store.countHistory(refs, since))
          .map(row => `${row.day} ${row.level} ${row.count}`)
          .sort();
      expect(await counted([a, b], '2026-11-01')).toEqual([
        '2026-11-27 bronze 1',
        '2026-11-27 none 1',
        '2026-11-28 bronze 2',
      ]);
      expect(await counted([a], '2026-11-28')).toEqual(['2026-11-28 bronze 1']);

      // Another replica's refresh rewrites today: the next count sees it.
      await replica.saveStates(
        [state(b, 'fail')],
        new Date('2026-11-28T10:00:00Z'),
      );
      expect(await counted([a, b], '2026-11-28')).toEqual([
        '2026-11-28 bronze 1',
        '2026-11-28 none 1',
      ]);

      // And its prune of the older day.
      await replica.pruneHistory(1, new Date('2026-11-29T00:00:00Z'));
      expect(await counted([a, b], '2026-11-01')).toEqual([
        '2026-11-28 bronze 1',
        '2026-11-28 none 1',
      ]);
    });

    it('forgets entities that left the catalog at any entity count', async () => {
      const knex = await databases.init(databaseId);
      const store = await MeshStateStore.create(
        mockServices.database.mock({ getClient: async () => knex }),
      );
      // More refs than PostgreSQL (65,535) or SQLite (32,766) bind at once.
      const refs = Array.from(
        { length: 70_000 },
        (_, i) => `component:default/service-${i}`,
      );
      const written = new Date('2026-11-28T09:00:00Z');
      await knex.batchInsert(
        'istio_mesh_entity_state',
        refs.map(ref => ({
          entity_ref: ref,
          level: 'none',
          state: '{}',
          updated_at: written,
        })),
        // SQLite allows 500 terms in one compound SELECT.
        400,
      );
      expect(
        await store.removeStatesExcept(
          refs.slice(1),
          new Date('2026-11-28T10:00:00Z'),
        ),
      ).toBe(1);
      expect(await store.countStates()).toBe(69_999);
    });
  },
);
