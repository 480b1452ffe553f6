import { AddressInfo, connect, createServer, Server } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import istioMeshPlugin from '@istio-mesh/plugin-istio-mesh-backend';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import demoPrometheus from './demoPrometheus';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../examples');

/**
 * A loopback port that forwards to the test backend once it has started:
 * the Prometheus URL in config must be known before the backend's port is.
 */
async function forwardingPort(): Promise<{
  port: number;
  forwardTo(port: number): void;
  server: Server;
}> {
  let target = 0;
  const server = createServer(socket => {
    const upstream = connect(target, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    forwardTo: port => {
      target = port;
    },
    server,
  };
}

const criteria = (state: EntityMeshState) =>
  Object.fromEntries(state.criteria.map(c => [c.id, c.status]));

describe('the demo Prometheus', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let forwarding: Awaited<ReturnType<typeof forwardingPort>>;
  beforeAll(async () => {
    forwarding = await forwardingPort();
    const port = forwarding.port;
    backend = await startTestBackend({
      features: [
        istioMeshPlugin,
        demoPrometheus,
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
              // As app-config.yaml: the backend answers itself.
              prometheus: [
                {
                  name: 'homelab',
                  url: `http://127.0.0.1:${port}/api/istio-mesh-demo/prometheus`,
                  clusters: ['homelab'],
                },
              ],
              jaeger: [
                {
                  name: 'homelab',
                  url: `http://127.0.0.1:${port}/api/istio-mesh-demo/jaeger`,
                  clusters: ['homelab'],
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
    forwarding.forwardTo((backend.server.address() as AddressInfo).port);
  });
  afterAll(async () => {
    await backend?.stop();
    await new Promise(done => forwarding?.server.close(done));
  });

  async function state(name: string): Promise<EntityMeshState> {
    const path = `/api/istio-mesh/v1/entities/component/default/${name}`;
    for (;;) {
      const response = await request(backend.server).get(path);
      if (response.status === 200) return response.body;
      if (response.status !== 404) throw new Error(response.text);
      // The catalog ingests the example location in the background.
      await new Promise(done => setTimeout(done, 200));
    }
  }

  it('refuses a query it has no recorded answer for, as Prometheus does', async () => {
    const response = await request(backend.server)
      .post('/api/istio-mesh-demo/prometheus/api/v1/query')
      .type('form')
      .send({ query: 'up' });
    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      status: 'error',
      errorType: 'bad_data',
      error: 'the demo has no recorded answer for this query',
    });
  });

  it('shows the plaintext edge into redis-cart and the observed canary', async () => {
    const cart = await state('cartservice');
    expect(cart.sources.find(s => s.id === 'prometheus:homelab')).toMatchObject(
      { status: 'ok' },
    );
    expect(criteria(cart)).toMatchObject({
      'service-graph': 'fail',
      metrics: 'pass',
    });
    expect(cart.runtime?.edges).toContainEqual(
      expect.objectContaining({
        direction: 'outbound',
        protocol: 'tcp',
        peer: {
          cluster: 'homelab',
          namespace: 'boutique-dev',
          workload: 'redis-cart',
        },
        mtls: 'none',
      }),
    );

    const catalog = await state('productcatalogservice');
    expect(
      catalog.runtime?.observedSplit.map(s => [
        s.subset,
        s.configuredWeight,
        s.observedShare,
      ]),
    ).toStrictEqual([
      ['v1', 90, 88],
      ['v2', 10, 12],
    ]);
    expect(catalog.runtime?.mtlsShare).toStrictEqual({ inbound: 1 });
  });

  it('judges tracing from the recorded graph and serves the recorded traces as recent', async () => {
    const checkout = await state('checkoutservice');
    expect(checkout.sources.find(s => s.id === 'jaeger:homelab')).toMatchObject(
      { status: 'ok' },
    );
    expect(checkout.criteria.find(c => c.id === 'tracing')).toMatchObject({
      status: 'pass',
      summary:
        'Traced with frontend.boutique-dev, paymentservice.boutique-dev in the last 1h (jaeger:homelab)',
    });
    expect(criteria(await state('currencyservice')).tracing).toBe('warn');
    expect(criteria(await state('emailservice')).tracing).toBe('fail');

    const response = await request(backend.server).get(
      '/api/istio-mesh/v1/entities/component/default/paymentservice/traces',
    );
    expect(response.status).toBe(200);
    expect(response.body.source).toStrictEqual({
      id: 'jaeger:homelab',
      type: 'jaeger',
      status: 'ok',
    });
    const items = response.body.items as Array<{
      errorCount: number;
      services: string[];
      startTime: string;
    }>;
    expect(items.map(t => t.errorCount)).toStrictEqual([0, 5, 0, 0]);
    expect(items[0].services).toStrictEqual([
      'checkoutservice.boutique-dev',
      'frontend.boutique-dev',
      'paymentservice.boutique-dev',
    ]);
    // Moved to end now: the newest began within the last quarter hour.
    expect(Date.now() - Date.parse(items[0].startTime)).toBeLessThan(
      15 * 60_000,
    );
  });
});
