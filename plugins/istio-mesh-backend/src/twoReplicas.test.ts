import { readFileSync } from 'fs';
import { resolve } from 'path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { parseManifests } from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshPlugin } from './plugin';
import { startKubernetesApiTestServer } from './__testUtils__/kubernetesApiTestServer';
import { testDatabaseIds } from './__testUtils__/testDatabaseIds';
import { waitFor } from './faults/__testUtils__/faultWorld';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../examples');
const objects = parseManifests(
  readFileSync(resolve(examples, 'cluster/homelab.yaml'), 'utf8'),
  'homelab.yaml',
).objects.map(o => o.object);

// Replicas share one database only on PostgreSQL.
const postgresIds = testDatabaseIds().filter(id => id !== 'SQLITE_3');
const databases = TestDatabases.create({ ids: postgresIds });

const describeOnPostgres = postgresIds.length > 0 ? describe : describe.skip;

describeOnPostgres('two backend replicas on one PostgreSQL database', () => {
  it('refresh at most once per interval and serve the same stored state', async () => {
    const cluster = await startKubernetesApiTestServer({ objects });
    const knex = await databases.init(postgresIds[0]);
    const replica = () =>
      startTestBackend({
        features: [
          istioMeshPlugin,
          catalogPlugin,
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                processingInterval: { seconds: 1 },
                rules: [
                  { allow: ['Component', 'System', 'Group', 'Location'] },
                ],
                locations: [
                  {
                    type: 'file',
                    target: resolve(examples, 'catalog/online-boutique.yaml'),
                  },
                ],
              },
              kubernetes: {
                clusterLocatorMethods: [
                  {
                    type: 'config',
                    clusters: [
                      {
                        name: 'homelab',
                        url: cluster.url,
                        authProvider: 'serviceAccount',
                        serviceAccountToken: cluster.token,
                        skipTLSVerify: true,
                      },
                    ],
                  },
                ],
              },
              istioMesh: {
                refresh: {
                  frequency: { seconds: 2 },
                  timeout: { seconds: 30 },
                  initialDelay: { seconds: 0 },
                },
              },
            },
          }),
        ],
      });
    const a = await replica();
    const b = await replica();
    const entity = (server: typeof a.server) =>
      request(server)
        .get('/api/istio-mesh/v1/entities/component/default/paymentservice')
        .set({ Authorization: mockCredentials.user.header() });
    try {
      // Each replica's catalog has read the example file: on a busy
      // machine that takes longer than any fixed wait.
      await waitFor(async () =>
        (
          await Promise.all([entity(a.server), entity(b.server)])
        ).every(response => response.status === 200),
      );
      // Refreshes that ran while the replicas started are not counted.
      const before = cluster.listCalls('v1/pods').length;
      const observedSeconds = 10;
      await new Promise(r => setTimeout(r, observedSeconds * 1000));
      // Each refresh lists pods once: one refresh per interval at most.
      // (In one process a second scheduler does not run the task either way,
      // so this bounds the rate; it cannot tell global from local scope.)
      const refreshes = cluster.listCalls('v1/pods').length;
      expect(refreshes - before).toBeGreaterThanOrEqual(2);
      expect(refreshes - before).toBeLessThanOrEqual(observedSeconds / 2 + 1);

      const get = async (server: typeof a.server) => {
        const response = await entity(server);
        expect(response.status).toBe(200);
        return response.body;
      };
      // Both read the one stored row: two reads in a row agree, unless a
      // refresh stored a newer state between them (every 2 s here), so
      // they are read again until they do; replicas that computed states
      // of their own would never agree (the jest timeout fails the test).
      let fromA = await get(a.server);
      let fromB = await get(b.server);
      while (fromA.generatedAt !== fromB.generatedAt) {
        fromA = await get(a.server);
        fromB = await get(b.server);
      }
      expect(fromA.criteria).toStrictEqual(fromB.criteria);
      expect(
        fromA.workloads.map((w: { name: string }) => w.name),
      ).toStrictEqual(['paymentservice']);
      // Served from the store: the requests listed nothing.
      expect(cluster.listCalls('v1/pods').length).toBeLessThanOrEqual(
        refreshes + 1,
      );
    } finally {
      await a.stop();
      await b.stop();
      await cluster.close();
    }
  });
});
