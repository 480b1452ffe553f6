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
