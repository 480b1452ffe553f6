/*
 * The plugin's store on SQLite in memory, migrated, for the benchmarks that
 * run it in process. Destroy the knex client when done.
 */
import { DatabaseService } from '@backstage/backend-plugin-api';
import Knex, { Knex as KnexClient } from 'knex';
import { MeshStateStore } from '../src/database/MeshStateStore';

export async function inMemoryStore(): Promise<{
  knex: KnexClient;
  store: MeshStateStore;
}> {
  const knex = Knex({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const database: DatabaseService = { getClient: async () => knex };
  return { knex, store: await MeshStateStore.create(database) };
}
