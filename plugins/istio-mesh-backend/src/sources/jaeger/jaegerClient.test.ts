import { ConfigReader } from '@backstage/config';
import { readJaegerConfig } from './jaegerConfig';
import { JaegerClient } from './jaegerClient';
import { startTestJaeger, TestJaeger } from './__testUtils__/testJaeger';

const END = new Date('2026-12-01T12:00:00Z');
const HOUR = 3_600_000;

function clientFor(jaeger: TestJaeger) {
  const [config] = readJaegerConfig(
    new ConfigReader({
      istioMesh: { jaeger: [{ name: 'lab', url: jaeger.url }] },
    }),
    __dirname,
  );
  return new JaegerClient(config);
}

describe.each(['v1', 'v3'] as const)(
  'JaegerClient, Jaeger speaking %s',
  api => {
    let jaeger: TestJaeger;
    beforeAll(async () => {
      jaeger = await startTestJaeger({ api, end: END });
    });
    afterAll(() => jaeger.close());

    it('probes the API once, then lists services and the dependency graph', async () => {
      const client = clientFor(jaeger);
      const signal = new AbortController().signal;
      const before = jaeger.requests().length;
      await expect(client.detectApi(signal)).resolves.toBe(api);
      await expect(client.services(signal)).resolves.toContain(
        'checkoutservice.boutique-dev',
      );
      await expect(
        client.dependencies({ end: END, lookbackMs: HOUR }, signal),
      ).resolves.toContainEqual({
        parent: 'checkoutservice.boutique-dev',
        child: 'paymentservice.boutique-dev',
        callCount: 4,
      });
      const asked = jaeger.requests().slice(before);
      expect(asked.filter(p => p === '/api/v3/services')).toHaveLength(
        api === 'v3' ? 2 : 1,
      );
    });

    it('summarizes the same traces from either format, newest first, within the window and limit', async () => {
      const client = clientFor(jaeger);
      const signal = new AbortController().signal;
      const traces = await client.traces(
        {
          service: 'paymentservice.boutique-dev',
          end: END,
          lookbackMs: HOUR,
          limit: 3,
        },
        signal,
      );
      expect(
        traces.map(t => [t.startTime, t.spanCount, t.errorCount, t.durationMs]),
      ).toStrictEqual([
        ['2026-12-01T11:47:00.904Z', 5, 0, 182],
        ['2026-12-01T11:33:00.512Z', 5, 5, 96],
        ['2026-12-01T11:21:00.137Z', 5, 0, 182],
      ]);
      expect(traces[1]).toMatchObject({
        traceId: '825ddb373c07d7e60e1c9c72abb7147f',
        rootService: 'frontend.boutique-dev',
        rootOperation:
          'frontend.boutique-dev.svc.cluster.local:80/cart/checkout',
        services: [
          'checkoutservice.boutique-dev',
          'frontend.boutique-dev',
          'paymentservice.boutique-dev',
        ],
      });
      // Nothing in a window before the recording.
      await expect(
        client.traces(
          {
            service: 'paymentservice.boutique-dev',
            end: new Date(END.getTime() - 2 * HOUR),
            lookbackMs: HOUR,
            limit: 20,
          },
          signal,
        ),
      ).resolves.toStrictEqual([]);
    });
  },
);
