import { readFileSync } from 'fs';
import { resolve } from 'path';
import {
  JaegerTrace,
  OtlpTracesData,
  summarizeJaegerTraces,
  summarizeOtlpTraces,
} from './jaegerTraces';

// Jaeger v1 query API answers over the boutique, as Istio's proxies report
// spans (a client span in the caller's proxy, a server span in the callee's).
const answers = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../../../examples/runtime/jaeger-answers.json'),
    'utf8',
  ),
) as { traces: { data: JaegerTrace[] } };

describe('summarizeJaegerTraces', () => {
  it('summarizes v1 traces newest first, with the root span and the errors Envoy marked', () => {
    const summaries = summarizeJaegerTraces(answers.traces.data);
    expect(summaries.map(s => s.startTime)).toStrictEqual([
      '2026-12-01T11:54:00.018Z',
      '2026-12-01T11:51:00.221Z',
      '2026-12-01T11:47:00.904Z',
      '2026-12-01T11:33:00.512Z',
      '2026-12-01T11:21:00.137Z',
      '2026-12-01T11:12:00.000Z',
    ]);
    expect(summaries[3]).toStrictEqual({
      traceId: '825ddb373c07d7e60e1c9c72abb7147f',
      rootService: 'frontend.boutique-dev',
      rootOperation: 'frontend.boutique-dev.svc.cluster.local:80/cart/checkout',
      startTime: '2026-12-01T11:33:00.512Z',
      durationMs: 96,
      spanCount: 5,
      services: [
        'checkoutservice.boutique-dev',
        'frontend.boutique-dev',
        'paymentservice.boutique-dev',
      ],
      errorCount: 5,
    });
    expect(summaries.filter(s => s.errorCount > 0)).toHaveLength(1);
  });

  it('takes the earliest span as the root of a trace whose root has not arrived', () => {
    const [trace] = answers.traces.data;
    const withoutRoot = { ...trace, spans: trace.spans.slice(1) };
    const [summary] = summarizeJaegerTraces([withoutRoot]);
    expect(summary.rootService).toBe('frontend.boutique-dev');
    expect(summary.rootOperation).toBe(
      'checkoutservice.boutique-dev.svc.cluster.local:5050/hipstershop.CheckoutService/PlaceOrder',
    );
    expect(summary.spanCount).toBe(4);
  });
});

const attributes = (service: string) => ({
  attributes: [{ key: 'service.name', value: { stringValue: service } }],
});

describe('summarizeOtlpTraces', () => {
  it('gathers the spans of a trace over resources, ids in hex or base64, status ERROR as errors', () => {
    const data: OtlpTracesData = {
      resourceSpans: [
        {
          resource: attributes('checkoutservice.boutique-dev'),
          scopeSpans: [
            {
              spans: [
                {
                  // base64 of the same ids, as early v3 APIs wrote them
                  traceId: 'gl3bNzwH1+f+jpyce6t3fw==',
                  spanId: 'AAAAAAAAAAI=',
                  parentSpanId: 'AAAAAAAAAAE=',
                  name: 'checkoutservice.boutique-dev.svc.cluster.local:5050/*',
                  startTimeUnixNano: '1796124780514000000',
                  endTimeUnixNano: '1796124780590000000',
                  status: { code: 'STATUS_CODE_ERROR' },
                },
              ],
            },
          ],
        },
        {
          resource: attributes('frontend.boutique-dev'),
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '825ddb373c07d7e7fe8e9c9c7bab777f',
                  spanId: '0000000000000001',
                  name: 'frontend.boutique-dev.svc.cluster.local:80/cart/checkout',
                  startTimeUnixNano: '1796124780512000000',
                  endTimeUnixNano: '1796124780608250000',
                  status: { code: 2 },
                  attributes: [],
                },
                {
                  traceId: '1111111111111111aaaaaaaaaaaaaaaa',
                  spanId: '00000000000000aa',
                  name: 'frontend.boutique-dev.svc.cluster.local:80/',
                  startTimeUnixNano: 1796124000000000000,
                  endTimeUnixNano: 1796124000064000000,
                  status: {},
                },
              ],
            },
          ],
        },
      ],
    };
    expect(summarizeOtlpTraces(data)).toStrictEqual([
      {
        traceId: '825ddb373c07d7e7fe8e9c9c7bab777f',
        rootService: 'frontend.boutique-dev',
        rootOperation:
          'frontend.boutique-dev.svc.cluster.local:80/cart/checkout',
        startTime: '2026-12-01T11:33:00.512Z',
        durationMs: 96.25,
        spanCount: 2,
        services: ['checkoutservice.boutique-dev', 'frontend.boutique-dev'],
        errorCount: 2,
      },
      {
        traceId: '1111111111111111aaaaaaaaaaaaaaaa',
        rootService: 'frontend.boutique-dev',
        rootOperation: 'frontend.boutique-dev.svc.cluster.local:80/',
        startTime: '2026-12-01T11:20:00.000Z',
        durationMs: 64,
        spanCount: 1,
        services: ['frontend.boutique-dev'],
        errorCount: 0,
      },
    ]);
  });

  it('answers no traces for an empty result', () => {
    expect(summarizeOtlpTraces({})).toStrictEqual([]);
    expect(summarizeOtlpTraces({ resourceSpans: [] })).toStrictEqual([]);
  });
});
