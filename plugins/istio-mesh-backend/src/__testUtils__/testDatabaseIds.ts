import { TestDatabaseId } from '@backstage/backend-test-utils';

/**
 * SQLite, plus every PostgreSQL whose
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING is set. .ci/run
 * sets ISTIO_MESH_REQUIRE_POSTGRES so that the PostgreSQL runs cannot
 * silently vanish there.
 */
export function testDatabaseIds(): TestDatabaseId[] {
  const postgres = (
    ['POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'] as const
  ).filter(
    id =>
      process.env[
        `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`
      ],
  );
  if (process.env.ISTIO_MESH_REQUIRE_POSTGRES && postgres.length === 0) {
    throw new Error(
      'ISTIO_MESH_REQUIRE_POSTGRES is set but no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING is',
    );
  }
  return ['SQLITE_3', ...postgres];
}
