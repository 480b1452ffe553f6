import { readFileSync } from 'fs';
import { resolve } from 'path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EntityMeshState,
  parseManifests,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshPlugin } from './plugin';
import {
  KubernetesApiTestServer,
  startKubernetesApiTestServer,
} from './__testUtils__/kubernetesApiTestServer';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../examples');
const homelabObjects = parseManifests(
  readFileSync(resolve(examples, 'cluster/homelab.yaml'), 'utf8'),
  'homelab.yaml',
).objects.map(o => o.object);

// Clusters behind real HTTP Kubernetes APIs, read through the real client:
// one healthy (without Argo CD installed), one that refuses the token, one
// that never answers, and one that is down (nothing listens on its port).
describe('istio-mesh backend with Kubernetes clusters', () => {
  let homelab: KubernetesApiTestServer;
  let edge: KubernetesApiTestServer;
  let lab: KubernetesApiTestServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    homelab = await startKubernetesApiTestServer({
      objects: homelabObjects,
      notInstalled: ['argoproj.io'],
    });
    edge = await startKubernetesApiTestServer({ objects: homelabObjects });
    lab = await startKubernetesApiTestServer({
      objects: homelabObjects,
      hang: ['v1/pods'],
    });
    const cluster = (
      name: string,
      server: KubernetesApiTestServer,
      token = server.token,
    ) => ({
      name,
      url: server.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: token,
      skipTLSVerify: true,
    });
    backend = await startTestBackend({
      features: [
        istioMeshPlugin,
        catalogPlugin,
        mockServices.rootConfig.factory({
          data: {
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
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    cluster('homelab', homelab),
                    cluster('edge', edge, 'not-the-token'),
                    cluster('lab', lab),
                    {
                      name: 'down',
                      url: 'http://127.0.0.1:1',
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'token',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            istioMesh: {
              cacheSeconds: 0,
              kubernetes: { requestTimeoutMs: 1000 },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await Promise.all([homelab, edge, lab].map(server => server?.close()));
  });

  async function getState(name: string): Promise<EntityMeshState> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const response = await request(backend.server)
        .get(`/api/istio-mesh/v1/entities/component/default/${name}`)
        .set({ Authorization: mockCredentials.user.header() });
      if (response.status === 200) return response.body;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`${name} never appeared in the catalog`);
  }

  it('serves the healthy cluster and reports each failing cluster in its own source', async () => {
    const state = await getState('paymentservice');
    expect(state.workloads.map(w => [w.cluster, w.name])).toStrictEqual([
      ['homelab', 'paymentservice'],
    ]);
    expect(
      Object.fromEntries(state.criteria.map(c => [c.id, c.status])),
    ).toStrictEqual({
      'gitops-managed': 'unknown',
      'everything-in-git': 'unknown',
      'sidecar-injected': 'pass',
      'mtls-strict': 'fail',
      'traffic-policy': 'fail',
      'authz-enforced': 'pass',
      'service-graph': 'unknown',
      tracing: 'unknown',
      metrics: 'unknown',
    });
    const sources = Object.fromEntries(state.sources.map(s => [s.id, s]));
    expect(sources['kubernetes:homelab']).toMatchObject({
      type: 'kubernetes',
      status: 'ok',
      message: expect.stringContaining(
        'not installed: applications.argoproj.io',
      ),
    });
    expect(sources['kubernetes:edge']).toMatchObject({
      status: 'unauthorized',
      message: expect.stringContaining('401'),
    });
    expect(sources['kubernetes:edge'].ageSeconds).toBeUndefined();
    expect(sources['kubernetes:lab']).toMatchObject({ status: 'timeout' });
    expect(sources['kubernetes:down']).toMatchObject({
      status: 'error',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    // Without the Application CRD, the GitOps criteria say why they are unknown.
    expect(sources['argocd:homelab']).toMatchObject({
      type: 'argocd',
      status: 'not-configured',
      message:
        'Argo CD is not installed in cluster homelab (no Application CRD)',
    });
    const inGit = state.criteria.find(c => c.id === 'everything-in-git')!;
    expect(inGit.summary).toContain(
      'Argo CD is not installed in cluster homelab',
    );
  });

  it('serves repeated requests from the store, without listing the clusters again', async () => {
    await getState('cartservice');
    const before = homelab.listCalls().length;
    for (let i = 0; i < 3; i++) await getState('cartservice');
    expect(homelab.listCalls().length).toBe(before);
    // Every kind is listed cluster-wide, but for Istio's ConfigMaps, which
    // are listed only in istiod's namespace.
    const namespaced = homelab
      .listCalls()
      .filter(call => call.namespace !== undefined)
      .map(call => `${call.resource} ${call.namespace}`);
    expect([...new Set(namespaced)]).toStrictEqual([
      'v1/configmaps istio-system',
    ]);
    expect(homelab.requests.some(r => r.path.includes('secrets'))).toBe(false);
  });
});
