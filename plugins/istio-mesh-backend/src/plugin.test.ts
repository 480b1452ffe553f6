import { resolve } from 'path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { istioMeshPlugin } from './plugin';
import { testDatabaseIds } from './__testUtils__/testDatabaseIds';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../examples');
const fixtures = resolve(__dirname, '__fixtures__');

const databases = TestDatabases.create({ ids: testDatabaseIds() });

type GitopsConfig = Array<{ name: string; cluster?: string; path: string }>;

const exampleGitops: GitopsConfig = [
  { name: 'homelab', cluster: 'homelab', path: resolve(examples, 'gitops') },
];

function config(
  clusterSnapshots: Array<{ cluster: string; path: string }>,
  gitops: GitopsConfig,
) {
  return {
    catalog: {
      processingInterval: { seconds: 1 },
      rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
      locations: [
        {
          type: 'file',
          target: resolve(examples, 'catalog/online-boutique.yaml'),
        },
      ],
    },
    istioMesh: { clusterSnapshots, gitops, cacheSeconds: 0 },
  };
}

async function startBackend(
  databaseId: TestDatabaseId,
  clusterSnapshots: Array<{ cluster: string; path: string }>,
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  gitops: GitopsConfig = exampleGitops,
) {
  const knex = await databases.init(databaseId);
  const backend = await startTestBackend({
    features: [
      istioMeshPlugin,
      catalogPlugin,
      mockServices.rootConfig.factory({
        data: config(clusterSnapshots, gitops),
      }),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.permissions.factory({ result: permission }),
    ],
  });
  return backend;
}

const user = { Authorization: mockCredentials.user.header() };

async function getState(
  server: Parameters<typeof request>[0],
  path: string,
): Promise<EntityMeshState> {
  // The catalog ingests the example location in the background.
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await request(server).get(path).set(user);
    if (response.status === 200) return response.body;
    if (response.status !== 404) {
      throw new Error(
        `${path}: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`${path} never appeared in the catalog`);
}

const criteria = (state: EntityMeshState) =>
  Object.fromEntries(state.criteria.map(c => [c.id, c.status]));

describe.each(databases.eachSupportedId())(
  'istio-mesh backend on %p',
  databaseId => {
    const homelab = {
      cluster: 'homelab',
      path: resolve(examples, 'cluster/homelab.yaml'),
    };

    describe('with the example snapshot', () => {
      let backend: Awaited<ReturnType<typeof startBackend>>;
      beforeAll(async () => {
        backend = await startBackend(databaseId, [homelab]);
      });
      afterAll(() => backend?.stop());

      it('serves the criteria of a mapped entity', async () => {
        const state = await getState(
          backend.server,
          '/api/istio-mesh/v1/entities/component/default/paymentservice',
        );
        expect(state.entityRef).toBe('component:default/paymentservice');
        expect(state.mapping.status).toBe('mapped');
        expect(
          state.workloads.map(w => [w.cluster, w.namespace, w.name]),
        ).toStrictEqual([['homelab', 'boutique-dev', 'paymentservice']]);
        expect(criteria(state)).toStrictEqual({
          // Its STRICT-breaking PeerAuthentication was applied by hand.
          'gitops-managed': 'fail',
          'everything-in-git': 'fail',
          'sidecar-injected': 'pass',
          'mtls-strict': 'fail',
          'traffic-policy': 'fail',
          'authz-enforced': 'pass',
          'service-graph': 'unknown',
          tracing: 'unknown',
          metrics: 'unknown',
        });
        expect(state.sources).toStrictEqual([
          {
            id: 'snapshot:homelab',
            type: 'cluster-snapshot',
            status: 'ok',
            ageSeconds: 0,
          },
          {
            id: 'argocd:homelab',
            type: 'argocd',
            status: 'ok',
            message: '2 Applications in cluster homelab',
            ageSeconds: 0,
          },
          {
            id: 'gitops:homelab',
            type: 'gitops',
            status: 'ok',
            ageSeconds: 0,
          },
        ]);
        const inGit = state.criteria.find(c => c.id === 'everything-in-git')!;
        expect(inGit.evidence).toContainEqual(
          expect.objectContaining({
            kind: 'PeerAuthentication',
            namespace: 'boutique-dev',
            name: 'paymentservice-permissive',
          }),
        );
        expect(state.controlPlanes?.map(c => c.cluster)).toEqual(['homelab']);
      });

      it('maps by backstage.io/kubernetes-id', async () => {
        const state = await getState(
          backend.server,
          '/api/istio-mesh/v1/entities/component/default/checkoutservice',
        );
        // v1, and the v2 rolled out next to it: both carry the label.
        expect(state.workloads.map(w => w.name)).toStrictEqual([
          'checkoutservice',
          'checkoutservice-v2',
        ]);
        expect(criteria(state)).toStrictEqual({
          // Tracked and in sync, but its Application is still Progressing.
          'gitops-managed': 'warn',
          'everything-in-git': 'pass',
          'sidecar-injected': 'pass',
          'mtls-strict': 'pass',
          'traffic-policy': 'fail',
          'authz-enforced': 'pass',
          'service-graph': 'unknown',
          tracing: 'unknown',
          metrics: 'unknown',
        });
        expect(state.level).toStrictEqual({
          level: 'bronze',
          next: { level: 'silver', missing: ['traffic-policy'] },
        });
      });

      it('reports an entity without Kubernetes annotations as annotation-missing', async () => {
        const state = await getState(
          backend.server,
          '/api/istio-mesh/v1/entities/component/default/loadgenerator',
        );
        expect(state.mapping.status).toBe('annotation-missing');
        expect(criteria(state)).toStrictEqual({
          'gitops-managed': 'unknown',
          'everything-in-git': 'unknown',
          'sidecar-injected': 'unknown',
          'mtls-strict': 'unknown',
          'traffic-policy': 'unknown',
          'authz-enforced': 'unknown',
          'service-graph': 'unknown',
          tracing: 'unknown',
          metrics: 'unknown',
        });
      });

      it('answers 401 to an unauthenticated caller', async () => {
        const response = await request(backend.server).get(
          '/api/istio-mesh/v1/entities/component/default/paymentservice',
        );
        expect(response.status).toBe(401);
      });

      it('answers 404 for an entity that does not exist', async () => {
        await getState(
          backend.server,
          '/api/istio-mesh/v1/entities/component/default/frontend',
        );
        const response = await request(backend.server)
          .get('/api/istio-mesh/v1/entities/component/default/no-such-service')
          .set(user);
        expect(response.status).toBe(404);
        expect(response.body.error.name).toBe('NotFoundError');
      });

      it('starts a refresh for an allowed caller and refuses an anonymous one', async () => {
        const started = await request(backend.server)
          .post('/api/istio-mesh/v1/refresh')
          .set(user);
        expect(started.status).toBe(202);
        expect(started.body).toStrictEqual({ status: 'refresh started' });
        const anonymous = await request(backend.server).post(
          '/api/istio-mesh/v1/refresh',
        );
        expect(anonymous.status).toBe(401);
      });

      it('registers the istio-mesh.analyze permission', async () => {
        const response = await request(backend.server)
          .get('/api/istio-mesh/.well-known/backstage/permissions/metadata')
          .set({ Authorization: mockCredentials.service.header() });
        expect(response.status).toBe(200);
        expect(
          response.body.permissions.map((p: { name: string }) => p.name),
        ).toEqual(['istio-mesh.refresh', 'istio-mesh.analyze']);
      });

      it('answers an analysis body over 1 MiB with 413 and a caller over the rate with 429 and Retry-After', async () => {
        const analyze = (caller: string, content: string) =>
          request(backend.server)
            .post('/api/istio-mesh/v1/analyze')
            .set({ Authorization: mockCredentials.user.header(caller) })
            .send({ files: [{ path: 'a.yaml', content }] });
        const tooLarge = await analyze(
          'user:default/large',
          'x'.repeat(1024 * 1024),
        );
        expect(tooLarge.status).toBe(413);
        expect(tooLarge.body.error.message).toBe(
          'request body larger than 1048576 bytes (istioMesh.analyze.maxBodyBytes)',
        );

        // Ten a minute per caller by default.
        for (let i = 0; i < 10; i++) {
          expect((await analyze('user:default/eager', '')).status).toBe(200);
        }
        const refused = await analyze('user:default/eager', '');
        expect(refused.status).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect((await analyze('user:default/calm', '')).status).toBe(200);
      });

      it('answers health checks without credentials', async () => {
        const response = await request(backend.server).get(
          '/api/istio-mesh/health',
        );
        expect(response.status).toBe(200);
      });
    });

    it('fills the compliance list soon after start-up although the first refresh finds the catalog empty', async () => {
      const knex = await databases.init(databaseId);
      const base = config([homelab], exampleGitops);
      const backend = await startTestBackend({
        features: [
          istioMeshPlugin,
          catalogPlugin,
          // The real scheduler: its triggerTask goes through the database.
          schedulerServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              ...base,
              istioMesh: {
                ...base.istioMesh,
                // The first refresh runs before the catalog has ingested
                // anything; the next scheduled one is an hour away.
                refresh: {
                  frequency: { hours: 1 },
                  timeout: { minutes: 3 },
                  initialDelay: { seconds: 0 },
                },
              },
            },
          }),
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        ],
      });
      try {
        let total = 0;
        for (let attempt = 0; attempt < 200 && total === 0; attempt++) {
          const response = await request(backend.server)
            .get('/api/istio-mesh/v1/compliance')
            .set(user);
          expect(response.status).toBe(200);
          total = response.body.totalItems;
          if (total === 0) await new Promise(r => setTimeout(r, 500));
        }
        expect(total).toBeGreaterThan(0);
      } finally {
        await backend.stop();
      }
    });

    it('answers 404 for an entity the caller may not read', async () => {
      const backend = await startBackend(
        databaseId,
        [homelab],
        AuthorizeResult.DENY,
      );
      try {
        // Give the catalog time to ingest, so the 404 is not just "not yet there".
        await new Promise(r => setTimeout(r, 5000));
        const response = await request(backend.server)
          .get('/api/istio-mesh/v1/entities/component/default/paymentservice')
          .set(user);
        expect(response.status).toBe(404);
      } finally {
        await backend.stop();
      }
    });

    it('keeps serving the healthy cluster when a snapshot or GitOps folder is missing or broken', async () => {
      const unreadableGitops = resolve(fixtures, 'no-such-gitops-repo');
      const backend = await startBackend(
        databaseId,
        [
          homelab,
          { cluster: 'edge', path: resolve(fixtures, 'does-not-exist.yaml') },
          { cluster: 'lab', path: resolve(fixtures, 'broken-snapshot.yaml') },
        ],
        AuthorizeResult.ALLOW,
        [...exampleGitops, { name: 'platform', path: unreadableGitops }],
      );
      try {
        const state = await getState(
          backend.server,
          '/api/istio-mesh/v1/entities/component/default/paymentservice',
        );
        expect(state.sources).toStrictEqual([
          {
            id: 'snapshot:homelab',
            type: 'cluster-snapshot',
            status: 'ok',
            ageSeconds: 0,
          },
          {
            id: 'snapshot:edge',
            type: 'cluster-snapshot',
            status: 'error',
            message: `cannot read snapshot file ${resolve(
              fixtures,
              'does-not-exist.yaml',
            )}: no such file or directory (ENOENT)`,
          },
          {
            id: 'snapshot:lab',
            type: 'cluster-snapshot',
            status: 'error',
            message: expect.stringMatching(
              /^no Kubernetes objects in snapshot file .*broken-snapshot\.yaml: line \d+: invalid YAML/,
            ),
          },
          {
            id: 'argocd:homelab',
            type: 'argocd',
            status: 'ok',
            message: '2 Applications in cluster homelab',
            ageSeconds: 0,
          },
          {
            id: 'gitops:homelab',
            type: 'gitops',
            status: 'ok',
            ageSeconds: 0,
          },
          {
            id: 'gitops:platform',
            type: 'gitops',
            status: 'error',
            message: `cannot read GitOps folder ${unreadableGitops} (ENOENT)`,
          },
        ]);
        // paymentservice is pinned to cluster homelab, so its verdict stands.
        expect(criteria(state)).toStrictEqual({
          'gitops-managed': 'fail',
          'everything-in-git': 'fail',
          'sidecar-injected': 'pass',
          'mtls-strict': 'fail',
          'traffic-policy': 'fail',
          'authz-enforced': 'pass',
          'service-graph': 'unknown',
          tracing: 'unknown',
          metrics: 'unknown',
        });
      } finally {
        await backend.stop();
      }
    });
  },
);
