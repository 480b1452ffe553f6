import { entityTracing, evaluateTracing } from './tracing';
import { TraceDependencies } from '../traces/traceDependencies';

const homelab: TraceDependencies = {
  source: 'jaeger:homelab',
  lookback: '1h',
  clusters: ['homelab'],
  evaluatedAt: '2026-12-01T12:00:00.000Z',
  services: [
    'checkoutservice.boutique-dev',
    'currencyservice.boutique-dev',
    'frontend.boutique-dev',
    'paymentservice.boutique-dev',
  ],
  dependencies: [
    {
      parent: 'frontend.boutique-dev',
      child: 'checkoutservice.boutique-dev',
      callCount: 4,
    },
    {
      parent: 'checkoutservice.boutique-dev',
      child: 'paymentservice.boutique-dev',
      callCount: 1,
    },
  ],
};

describe('evaluateTracing', () => {
  it('passes a service traced with others, naming them and the source', () => {
    expect(
      evaluateTracing(['checkoutservice.boutique-dev'], homelab),
    ).toStrictEqual({
      id: 'tracing',
      status: 'pass',
      summary:
        'Traced with frontend.boutique-dev, paymentservice.boutique-dev in the last 1h (jaeger:homelab)',
      evidence: [
        {
          kind: 'JaegerService',
          namespace: '',
          name: 'checkoutservice.boutique-dev',
          message:
            'called by frontend.boutique-dev: 4 calls traced in the last 1h (jaeger:homelab)',
        },
        {
          kind: 'JaegerService',
          namespace: '',
          name: 'checkoutservice.boutique-dev',
          message:
            'calls paymentservice.boutique-dev: 1 call traced in the last 1h (jaeger:homelab)',
        },
      ],
    });
  });

  it('warns for a service Jaeger has traces of, but none with another service', () => {
    const criterion = evaluateTracing(
      ['currencyservice.boutique-dev'],
      homelab,
    );
    expect(criterion.status).toBe('warn');
    expect(criterion.summary).toMatch(
      /^jaeger:homelab has traces of currencyservice\.boutique-dev, but none with another service in the last 1h/,
    );
  });

  it('fails a service Jaeger has no traces of, and ignores calls to itself', () => {
    const criterion = evaluateTracing(['emailservice.boutique-dev'], {
      ...homelab,
      dependencies: [
        {
          parent: 'emailservice.boutique-dev',
          child: 'emailservice.boutique-dev',
          callCount: 3,
        },
      ],
    });
    expect(criterion.status).toBe('fail');
    expect(criterion.evidence).toStrictEqual([
      {
        kind: 'JaegerService',
        namespace: '',
        name: 'emailservice.boutique-dev',
        message: 'not among the services jaeger:homelab has traces of',
      },
    ]);
  });
});

describe('entityTracing', () => {
  const ok = { id: 'jaeger:homelab', type: 'jaeger', status: 'ok' };
  const input = {
    services: ['paymentservice.boutique-dev'],
    clusters: ['homelab'],
    sources: [ok],
    traces: [homelab],
    whyNoServices: 'no workloads',
  };

  it('is unknown without a Jaeger, never fail', () => {
    expect(entityTracing({ ...input, sources: [], traces: [] })).toMatchObject({
      status: 'unknown',
      summary: 'Not configured: no Jaeger (istioMesh.jaeger) is a source',
    });
  });

  it('is unknown, saying why, when the Jaeger of the cluster failed', () => {
    expect(
      entityTracing({
        ...input,
        sources: [
          {
            ...ok,
            status: 'timeout',
            message: 'Jaeger homelab: no answer within 8 s',
          },
        ],
        traces: [],
      }),
    ).toMatchObject({
      status: 'unknown',
      summary:
        'jaeger:homelab is timeout: Jaeger homelab: no answer within 8 s',
    });
  });

  it('uses the first Jaeger covering a cluster of the entity', () => {
    expect(
      entityTracing({
        ...input,
        traces: [{ ...homelab, clusters: ['other'] }, homelab],
      }).status,
    ).toBe('pass');
    expect(
      entityTracing({
        ...input,
        traces: [{ ...homelab, clusters: ['other'] }],
      }),
    ).toMatchObject({
      status: 'unknown',
      summary:
        'Not configured: no Jaeger (istioMesh.jaeger) covers cluster homelab',
    });
  });

  it('is unknown for an entity without services', () => {
    expect(
      entityTracing({ ...input, services: [], clusters: [] }),
    ).toMatchObject({ status: 'unknown', summary: 'no workloads' });
  });
});
