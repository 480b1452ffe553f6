import { randomBytes } from 'crypto';
import knexFactory, { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { startTcpProxy, TcpProxy } from './__testUtils__/tcpProxy';
import {
  criteria,
  FAULT_ENTITIES,
  FaultWorld,
  startFaultWorld,
  statuses,
} from './__testUtils__/faultWorld';

jest.setTimeout(180_000);

const clusterStatuses = (state: Parameters<typeof statuses>[0]) =>
  Object.entries(statuses(state))
    .filter(([id]) => id.startsWith('kubernetes:'))
    .map(([, status]) => status);

/**
 * The machine's PostgreSQL: the one the suite's PostgreSQL runs use, else
 * the default local one. This test needs a network database, so it never
 * falls back to SQLite.
 */
function postgresUrl(): URL {
  const key = Object.keys(process.env).find(name =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
  );
  return new URL(
    (key && process.env[key]) || 'postgresql://postgres@127.0.0.1:5432',
  );
}

describe('the database unreachable during a refresh', () => {
  const server = postgresUrl();
  const database = `istio_mesh_faults_${randomBytes(4).toString('hex')}`;
  let admin: Knex;
  let proxy: TcpProxy;
  let knex: Knex;
  let world: FaultWorld;

  beforeAll(async () => {
    const connection = {
      host: server.hostname,
      port: Number(server.port || 5432),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    };
    admin = knexFactory({ client: 'pg', connection });
    await admin.raw(`CREATE DATABASE ${database}`).catch(error => {
      throw new Error(
        `The database fault test needs PostgreSQL at ${server.host} (set BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING): ${error}`,
      );
    });
    // Never the shared PostgreSQL itself: only this proxy to it is cut.
    proxy = await startTcpProxy(connection.host, connection.port);
    knex = knexFactory({
      client: 'pg',
      connection: { ...connection, port: proxy.port, database },
      pool: { min: 0, max: 2 },
      acquireConnectionTimeout: 10_000,
    });
  });

  afterAll(async () => {
    await world?.close();
    await knex?.destroy();
    await proxy?.close();
    await admin?.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.destroy();
  });

  it('loses nothing: the refresh fails whole, the entity route answers from the sources', async () => {
    world = await startFaultWorld({ knex });
    await world.refresh.run();
    const before = await world.stored();
    expect(Object.values(before).filter(Boolean)).toHaveLength(6);

    // The link drops as the refresh writes its first row (an unchanged
    // state is updated in place, not inserted again).
    let cutOnWrite = true;
    knex.on('query', (query: { sql: string }) => {
      if (cutOnWrite && /^(insert|update)/i.test(query.sql)) {
        cutOnWrite = false;
        proxy.cut();
      }
    });
    await expect(world.refresh.run()).rejects.toThrow();
    expect(cutOnWrite).toBe(false);

    // The platform team still sees every entity, computed from the sources.
    for (const entity of FAULT_ENTITIES) {
      const state = await world.state(entity.metadata.name);
      expect(clusterStatuses(state)).toEqual(['ok', 'ok', 'ok']);
      expect(criteria(state)).toStrictEqual(
        criteria(before[`component:default/${entity.metadata.name}`]!),
      );
    }
    expect(world.logs.join('\n')).toContain(
      'computed from the sources: the store cannot be read',
    );

    // Back: the half-done refresh left nothing half-written.
    proxy.restore();
    expect(await world.stored()).toStrictEqual(before);
    await world.refresh.run();
    expect(Object.values(await world.stored()).filter(Boolean)).toHaveLength(6);
    const seen = [...world.logs, ...world.responses].join('\n');
    for (const credential of world.credentials) {
      expect(seen).not.toContain(credential);
    }
  });
});

describe('two replicas refreshing at once', () => {
  const databases = TestDatabases.create({ ids: testDatabaseIds() });

  it.each(databases.eachSupportedId())(
    'on %p: both finish, and the one that started later wins',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const world = await startFaultWorld({
        knex,
        now: () => new Date('2026-12-03T10:00:00Z'),
      });
      try {
        const later = world.replica(() => new Date('2026-12-03T10:00:01Z'));
        const results = await Promise.all([world.refresh.run(), later.run()]);
        expect(results.map(r => r.entities)).toEqual([6, 6]);

        const rows = await knex('istio_mesh_entity_state').select(
          'entity_ref',
          'updated_at',
        );
        expect(rows).toHaveLength(6);
        for (const row of rows) {
          expect(new Date(row.updated_at).toISOString()).toBe(
            '2026-12-03T10:00:01.000Z',
          );
        }
        const [{ n }] = await knex('istio_mesh_compliance_history').count({
          n: '*',
        });
        expect(Number(n)).toBe(6);
        for (const state of Object.values(await world.stored())) {
          expect(clusterStatuses(state!)).toEqual(['ok', 'ok', 'ok']);
        }
      } finally {
        await world.close();
      }
    },
  );
});
