import {
  canEjectAnyHost,
  DEFAULT_RETRY_POLICY,
  effectiveOutlierDetection,
  effectiveRetryPolicy,
} from './resilience';

describe('effectiveRetryPolicy', () => {
  it("gives Istio's default of 2 retries when retries is absent", () => {
    expect(
      effectiveRetryPolicy({
        route: [{ destination: { host: 'cartservice' } }],
      }),
    ).toStrictEqual(DEFAULT_RETRY_POLICY);
  });

  it('disables retries with attempts: 0', () => {
    expect(effectiveRetryPolicy({ retries: { attempts: 0 } })).toStrictEqual({
      attempts: 0,
      retryOn: '',
      source: 'virtual-service',
    });
  });

  it('adds retriable-status-codes when retryOn lists status codes', () => {
    expect(
      effectiveRetryPolicy({
        retries: {
          attempts: 3,
          perTryTimeout: '2s',
          retryOn: '5xx,503,connect-failure',
        },
      }),
    ).toStrictEqual({
      attempts: 3,
      retryOn: '5xx,503,connect-failure,retriable-status-codes',
      perTryTimeout: '2s',
      source: 'virtual-service',
    });
  });
});

describe('effectiveOutlierDetection', () => {
  it('is off when the block is absent', () => {
    expect(effectiveOutlierDetection(undefined)).toBeUndefined();
  });

  it("fills in Envoy's defaults for an empty block", () => {
    expect(effectiveOutlierDetection({})).toStrictEqual({
      consecutive5xxErrors: 5,
      consecutiveGatewayErrors: 0,
      interval: '10s',
      baseEjectionTime: '30s',
      maxEjectionPercent: 10,
    });
  });

  it('keeps what the DestinationRule sets, and 0 turns 5xx ejection off', () => {
    expect(
      effectiveOutlierDetection({
        consecutive5xxErrors: 0,
        consecutiveGatewayErrors: 3,
        interval: '30s',
        baseEjectionTime: '1m',
        maxEjectionPercent: 50,
      }),
    ).toStrictEqual({
      consecutive5xxErrors: 0,
      consecutiveGatewayErrors: 3,
      interval: '30s',
      baseEjectionTime: '1m',
      maxEjectionPercent: 50,
    });
  });
});

describe('canEjectAnyHost', () => {
  it('cannot eject with few endpoints and the 10% default', () => {
    const defaults = effectiveOutlierDetection({})!;
    expect(canEjectAnyHost(defaults, 3)).toBe(false);
    expect(canEjectAnyHost(defaults, 10)).toBe(true);
    expect(canEjectAnyHost({ ...defaults, maxEjectionPercent: 50 }, 2)).toBe(
      true,
    );
    expect(canEjectAnyHost({ ...defaults, consecutive5xxErrors: 0 }, 10)).toBe(
      false,
    );
  });
});
