import { readFileSync } from 'fs';
import { resolve } from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { parseManifests } from '@istio-mesh/plugin-istio-mesh-common';
import { readIstioMeshConfig } from '../config';
import {
  KubernetesApiTestServer,
  startKubernetesApiTestServer,
} from '../__testUtils__/kubernetesApiTestServer';
import { MeshStateService } from './MeshStateService';

jest.setTimeout(60_000);

const homelabObjects = parseManifests(
  readFileSync(
    resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
    'utf8',
  ),
  'homelab.yaml',
).objects.map(o => o.object);

describe('MeshStateService.liveMeshes', () => {
  let server: KubernetesApiTestServer;
  afterEach(() => server?.close());

  function serviceFor(url: string, token: string) {
    const config = readIstioMeshConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'homelab',
                  url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: token,
                  skipTLSVerify: true,
                },
              ],
            },
          ],
        },
        istioMesh: { cacheSeconds: 30 },
      }),
    );
    return new MeshStateService(
      config,
      mockServices.logger.mock(),
      mockServices.urlReader.mock(),
    );
  }

  it('waits for live data at most waitMs, and shares one read among all callers', async () => {
    // Pods take 1.5 s to list, far longer than callers wait.
    server = await startKubernetesApiTestServer({
      objects: homelabObjects,
      notInstalled: ['argoproj.io'],
      delayMs: { 'v1/pods': 1500 },
    });
    const meshState = serviceFor(server.url, server.token);

    const impatient = await Promise.all([
      meshState.liveMeshes({ waitMs: 100 }),
      meshState.liveMeshes({ waitMs: 100 }),
    ]);
    for (const live of impatient) {
      expect(live).toStrictEqual({
        meshes: [],
        clusters: ['homelab'],
        sources: [
          {
            id: 'kubernetes:homelab',
            type: 'kubernetes',
            status: 'timeout',
            message:
              'no live data within 0.1 s; analyzed without the live mesh',
          },
        ],
      });
    }
    // The overrunning read is joined, not started again.
    const patient = await meshState.liveMeshes();
    expect(patient.meshes.map(m => m.cluster)).toEqual(['homelab']);
    expect(server.listCalls('v1/pods')).toHaveLength(1);

    // Fresh data is served at once, without another read.
    const later = await meshState.liveMeshes({ waitMs: 100 });
    expect(later.meshes.map(m => m.cluster)).toEqual(['homelab']);
    expect(later.sources.map(s => [s.id, s.status])).toEqual([
      ['kubernetes:homelab', 'ok'],
      ['argocd:homelab', 'not-configured'],
    ]);
    expect(server.listCalls('v1/pods')).toHaveLength(1);
  });
});

describe('MeshStateService source reads', () => {
  const servers: KubernetesApiTestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(s => s.close()));
  });

  it('reads at most sources.concurrency sources at once, each within its own deadline', async () => {
    // Three clusters whose pods take 1.5 s each, read one at a time with a
    // 4 s deadline: the third read ends after 4.5 s, past a deadline that
    // would have run from the start of the refresh, but well within its own.
    for (let i = 0; i < 3; i++) {
      servers.push(
        await startKubernetesApiTestServer({
          objects: homelabObjects,
          notInstalled: ['argoproj.io'],
          delayMs: { 'v1/pods': 1500 },
        }),
      );
    }
    const config = readIstioMeshConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: servers.map((server, i) => ({
                name: `cluster-${i}`,
                url: server.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: server.token,
                skipTLSVerify: true,
              })),
            },
          ],
        },
        istioMesh: {
          cacheSeconds: 30,
          sources: { timeout: { seconds: 4 }, concurrency: 1 },
        },
      }),
    );
    const meshState = new MeshStateService(
      config,
      mockServices.logger.mock(),
      mockServices.urlReader.mock(),
    );

    const start = Date.now();
    const live = await meshState.liveMeshes();
    const elapsed = Date.now() - start;

    expect(
      live.sources.filter(s => s.type === 'kubernetes').map(s => s.status),
    ).toEqual(['ok', 'ok', 'ok']);
    expect(live.meshes.map(m => m.cluster)).toEqual([
      'cluster-0',
      'cluster-1',
      'cluster-2',
    ]);
    // One at a time: three reads of at least 1.5 s each.
    expect(elapsed).toBeGreaterThanOrEqual(4500);
  });
});

describe('MeshStateService.getEntityMeshState', () => {
  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cartservice', namespace: 'default', annotations },
    spec: {},
  });

  function serviceWith(mapping: object) {
    const config = readIstioMeshConfig(
      new ConfigReader({
        istioMesh: {
          clusterSnapshots: [
            {
              cluster: 'homelab',
              path: resolve(
                __dirname,
                '../../../../examples/cluster/homelab.yaml',
              ),
            },
          ],
          mapping,
        },
      }),
    );
    return new MeshStateService(
      config,
      mockServices.logger.mock(),
      mockServices.urlReader.mock(),
    );
  }

  it('refuses entities without a namespace when istioMesh.mapping.requireNamespace is set', async () => {
    const selectorOnly = entity({
      'backstage.io/kubernetes-label-selector': 'app=cartservice',
    });
    const strict = serviceWith({ requireNamespace: true });
    const refused = await strict.getEntityMeshState(selectorOnly);
    expect(refused.mapping.status).toBe('annotation-refused');
    expect(refused.workloads).toEqual([]);

    const withNamespace = await strict.getEntityMeshState(
      entity({
        'backstage.io/kubernetes-label-selector': 'app=cartservice',
        'backstage.io/kubernetes-namespace': 'boutique-dev',
      }),
    );
    expect(withNamespace.workloads.map(w => w.name)).toEqual(['cartservice']);

    const lenient = serviceWith({});
    expect(
      (await lenient.getEntityMeshState(selectorOnly)).workloads.map(
        w => w.name,
      ),
    ).toEqual(['cartservice']);
  });
});
