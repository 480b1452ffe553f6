import { resolve } from 'path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import {
  istioMeshSourcesExtensionPoint,
  RuntimeMeshSource,
} from '@istio-mesh/plugin-istio-mesh-node';
import { istioMeshPlugin } from '../plugin';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../../examples');

// A source another module adds: no config, no service code.
const seenSignals: AbortSignal[] = [];
const quietMetrics: RuntimeMeshSource = {
  id: 'prometheus:module',
  type: 'prometheus',
  provides: 'runtime',
  label: 'Prometheus module',
  async read({ signal }) {
    seenSignals.push(signal);
    return {
      state: {
        id: 'prometheus:module',
        type: 'prometheus',
        status: 'error',
        message: 'Prometheus module answered 503',
      },
      data: {},
    };
  },
};

const sourceModule = createBackendModule({
  pluginId: 'istio-mesh',
  moduleId: 'test-source',
  register(env) {
    env.registerInit({
      deps: { sources: istioMeshSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource(quietMetrics);
      },
    });
  },
});

it('reads a source that a backend module adds, with its own status', async () => {
  const backend = await startTestBackend({
    features: [
      istioMeshPlugin,
      sourceModule,
      catalogPlugin,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
            locations: [
              {
                type: 'file',
                target: resolve(examples, 'catalog/online-boutique.yaml'),
              },
            ],
          },
          istioMesh: {
            cacheSeconds: 0,
            clusterSnapshots: [
              {
                cluster: 'homelab',
                path: resolve(examples, 'cluster/homelab.yaml'),
              },
            ],
          },
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user(),
      }),
    ],
  });
  try {
    const path = '/api/istio-mesh/v1/entities/component/default/cartservice';
    let state: EntityMeshState | undefined;
    while (!state) {
      const response = await request(backend.server).get(path);
      if (response.status === 200) state = response.body;
      else if (response.status !== 404) throw new Error(response.text);
      else await new Promise(r => setTimeout(r, 200));
    }
    expect(state.sources.map(s => s.id)).toStrictEqual([
      'snapshot:homelab',
      'argocd:homelab',
      'prometheus:module',
    ]);
    expect(state.sources[2]).toStrictEqual({
      id: 'prometheus:module',
      type: 'prometheus',
      status: 'error',
      message: 'Prometheus module answered 503',
    });
    expect(seenSignals[0]).toBeInstanceOf(AbortSignal);
    expect(state.mapping.status).toBe('mapped');
  } finally {
    await backend.stop();
  }
});
