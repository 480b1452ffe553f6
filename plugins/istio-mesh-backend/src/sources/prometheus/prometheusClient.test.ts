import { PrometheusClient } from './prometheusClient';
import { istioQueries } from './istioQueries';
import {
  BOUTIQUE_TRAFFIC,
  istioOpenMetrics,
} from './__testUtils__/istioTraffic';
import {
  startTestPrometheus,
  TestPrometheus,
} from './__testUtils__/testPrometheus';
import { prometheusMeshSource } from './prometheusMeshSource';

jest.setTimeout(60_000);

// A fixed instant: the series end here and every query is evaluated here.
const END = new Date('2026-12-01T12:00:00Z');

let prometheus: TestPrometheus;
beforeAll(async () => {
  prometheus = await startTestPrometheus(
    istioOpenMetrics(BOUTIQUE_TRAFFIC, END.getTime() / 1000),
  );
});
afterAll(() => prometheus?.stop());

const config = () => ({
  name: 'homelab',
  url: prometheus.url,
  clusters: ['homelab'],
  auth: {},
  window: '5m',
  splitTolerance: 5,
  maxResponseBytes: 1024 * 1024,
});

describe('PrometheusClient against a real Prometheus', () => {
  it('evaluates an aggregated instant query at the given time', async () => {
    const client = new PrometheusClient(config());
    const samples = await client.query(
      'sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service="productcatalogservice.boutique-dev.svc.cluster.local"}[5m]))',
      { time: END, signal: new AbortController().signal },
    );
    expect(
      samples
        .map(s => [s.labels.destination_version, s.value.toFixed(2)])
        .sort(),
    ).toStrictEqual([
      ['v1', '10.56'],
      ['v2', '1.44'],
    ]);
  });

  it('finds nothing an hour before the traffic began', async () => {
    const client = new PrometheusClient(config());
    const samples = await client.query(istioQueries('5m').requests, {
      time: new Date(END.getTime() - 3600_000),
      signal: new AbortController().signal,
    });
    expect(samples).toStrictEqual([]);
  });
});

describe('the Prometheus source', () => {
  it('observes the boutique with four queries: the redis-cart edge only from its source', async () => {
    const source = prometheusMeshSource(config());
    const { state, data } = await source.read({
      signal: new AbortController().signal,
      now: END,
    });
    expect(state).toStrictEqual({
      id: 'prometheus:homelab',
      type: 'prometheus',
      status: 'ok',
    });
    const observations = data.observations!;
    expect(observations.connections).toStrictEqual([
      {
        reporter: 'source',
        source: { namespace: 'boutique-dev', workload: 'cartservice' },
        destination: {
          namespace: 'boutique-dev',
          workload: 'redis-cart',
          service: 'redis-cart.boutique-dev.svc.cluster.local',
        },
        connectionSecurityPolicy: 'unknown',
        connectionsPerSecond: expect.closeTo(0.5, 3),
      },
    ]);
    const intoCart = observations.requests.filter(
      r => r.destination.workload === 'cartservice',
    );
    expect(
      intoCart
        .map(r => ({
          reporter: r.reporter,
          from: r.source.workload,
          policy: r.connectionSecurityPolicy,
          perSecond: r.requestsPerSecond.toFixed(2),
          errors: r.errorsPerSecond.toFixed(2),
        }))
        .sort((a, b) => a.from.localeCompare(b.from)),
    ).toStrictEqual([
      {
        reporter: 'destination',
        from: 'checkoutservice',
        policy: 'mutual_tls',
        perSecond: '1.00',
        errors: '0.00',
      },
      {
        reporter: 'destination',
        from: 'frontend',
        policy: 'mutual_tls',
        perSecond: '4.00',
        errors: '0.04',
      },
    ]);
    expect(observations.outlierEjections).toBeUndefined();
    expect(observations.evaluatedAt).toBe('2026-12-01T12:00:00.000Z');
  });
});
