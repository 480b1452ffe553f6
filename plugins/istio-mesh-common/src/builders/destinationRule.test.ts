import { validateManifestSchema } from './schemaValidation';
import { renderManifests } from './renderManifests';
import { buildDestinationRule, DestinationRuleInput } from './destinationRule';

const circuitBreaker: DestinationRuleInput = {
  name: 'productcatalogservice',
  namespace: 'boutique-dev',
  host: 'productcatalogservice',
  subsets: ['v1', 'v2'],
  template: 'istio-circuit-breaker',
};

describe('buildDestinationRule', () => {
  it("writes the seed's circuit breaker, connection pool and version subsets", () => {
    expect(renderManifests([buildDestinationRule(circuitBreaker)]))
      .toBe(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: productcatalogservice
  namespace: boutique-dev
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-circuit-breaker
spec:
  host: productcatalogservice
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
      http:
        http1MaxPendingRequests: 100
        http2MaxRequests: 1000
        maxRequestsPerConnection: 10
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
      baseEjectionTime: 30s
      maxEjectionPercent: 50
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`);
  });

  it('takes subsets from another version label and writes a simple load balancer and TLS', () => {
    const dr = buildDestinationRule({
      name: 'reviews',
      host: 'reviews.bookinfo.svc.cluster.local',
      subsets: ['v3'],
      versionLabel: 'app.kubernetes.io/version',
      loadBalancer: 'LEAST_REQUEST',
      outlierDetection: {
        consecutiveGatewayErrors: 3,
        consecutive5xxErrors: 0,
        interval: '10s',
      },
      connectionPool: null,
      tls: { mode: 'ISTIO_MUTUAL' },
    });
    expect(dr.spec).toStrictEqual({
      host: 'reviews.bookinfo.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST' },
        outlierDetection: {
          consecutiveGatewayErrors: 3,
          consecutive5xxErrors: 0,
          interval: '10s',
        },
        tls: { mode: 'ISTIO_MUTUAL' },
      },
      subsets: [{ name: 'v3', labels: { 'app.kubernetes.io/version': 'v3' } }],
    });
    expect(validateManifestSchema(dr)).toStrictEqual([]);
  });

  it.each([
    [{ httpHeaderName: 'x-user' }, { httpHeaderName: 'x-user' }],
    [
      { httpCookie: { name: 'session', ttl: '0s' } },
      { httpCookie: { name: 'session', ttl: '0s' } },
    ],
    [{ useSourceIp: true }, { useSourceIp: true }],
    [{ httpQueryParameterName: 'user' }, { httpQueryParameterName: 'user' }],
  ])('hashes consistently on %o', (consistentHash, expected) => {
    const dr = buildDestinationRule({
      ...circuitBreaker,
      loadBalancer: 'CONSISTENT_HASH',
      consistentHash,
    });
    expect(dr.spec.trafficPolicy?.loadBalancer).toStrictEqual({
      consistentHash: expected,
    });
    expect(validateManifestSchema(dr)).toStrictEqual([]);
  });

  it('writes no traffic policy when every part is turned off', () => {
    const dr = buildDestinationRule({
      name: 'ratings',
      host: 'ratings',
      outlierDetection: null,
      connectionPool: null,
    });
    expect(dr.spec).toStrictEqual({ host: 'ratings' });
  });

  it('gives byte-identical output for the same input', () => {
    const first = renderManifests([buildDestinationRule(circuitBreaker)]);
    expect(renderManifests([buildDestinationRule({ ...circuitBreaker })])).toBe(
      first,
    );
  });

  it.each<[string, Partial<DestinationRuleInput>, string]>([
    [
      'a bad name',
      { name: 'Product Catalog' },
      'Invalid input "name" for DestinationRule boutique-dev/Product Catalog',
    ],
    [
      'a bad host',
      { host: 'product catalog' },
      'Invalid input "host" for DestinationRule boutique-dev/productcatalogservice: "product catalog" is not a host name',
    ],
    [
      'a subset listed twice',
      { subsets: ['v1', 'v1'] },
      'Invalid input "subsets" for DestinationRule boutique-dev/productcatalogservice: lists "v1" more than once',
    ],
    [
      'a subset that is not a DNS-1123 label',
      { subsets: ['1.2.3'] },
      'Invalid input "subsets[0]" for DestinationRule boutique-dev/productcatalogservice: "1.2.3" is not a DNS-1123 label',
    ],
    [
      'a version label that is not a label key',
      { versionLabel: 'my version' },
      'Invalid input "versionLabel" for DestinationRule boutique-dev/productcatalogservice: label key "my version" is not valid',
    ],
    [
      'CONSISTENT_HASH without a hash key',
      { loadBalancer: 'CONSISTENT_HASH' },
      'Invalid input "consistentHash" for DestinationRule boutique-dev/productcatalogservice: loadBalancer CONSISTENT_HASH needs a hash key: set one of httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName',
    ],
    [
      'two hash keys',
      {
        loadBalancer: 'CONSISTENT_HASH',
        consistentHash: { httpHeaderName: 'x-user', useSourceIp: true },
      },
      'Invalid input "consistentHash" for DestinationRule boutique-dev/productcatalogservice: set only one hash key, not httpHeaderName and useSourceIp',
    ],
    [
      'a hash key without CONSISTENT_HASH',
      { loadBalancer: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } },
      'Invalid input "consistentHash" for DestinationRule boutique-dev/productcatalogservice: is only used with loadBalancer CONSISTENT_HASH, but loadBalancer is ROUND_ROBIN',
    ],
    [
      'an outlier detection that never ejects',
      { outlierDetection: { consecutive5xxErrors: 0 } },
      'Invalid input "outlierDetection" for DestinationRule boutique-dev/productcatalogservice: consecutive5xxErrors is 0 and consecutiveGatewayErrors is not set, so no host would ever be ejected',
    ],
    [
      'a max ejection percent above 100',
      {
        outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 150 },
      },
      'Invalid input "outlierDetection.maxEjectionPercent" for DestinationRule boutique-dev/productcatalogservice: 150 is not a whole percentage between 0 and 100',
    ],
    [
      'an ejection interval that is not a duration',
      { outlierDetection: { interval: '30 seconds' } },
      'Invalid input "outlierDetection.interval" for DestinationRule boutique-dev/productcatalogservice: "30 seconds" is not a duration',
    ],
    [
      'zero connections',
      { connectionPool: { tcp: { maxConnections: 0 } } },
      'Invalid input "connectionPool.tcp.maxConnections" for DestinationRule boutique-dev/productcatalogservice: 0 is not a whole number of 1 or more',
    ],
    [
      'MUTUAL TLS without client certificate',
      { tls: { mode: 'MUTUAL' } },
      'Invalid input "tls.credentialName" for DestinationRule boutique-dev/productcatalogservice: is required with tls.mode MUTUAL',
    ],
    [
      'a credential with ISTIO_MUTUAL',
      { tls: { mode: 'ISTIO_MUTUAL', credentialName: 'client-cert' } },
      'Invalid input "tls" for DestinationRule boutique-dev/productcatalogservice: credentialName and sni are for SIMPLE and MUTUAL TLS, not ISTIO_MUTUAL',
    ],
  ])('refuses %s, naming the field', (_, patch, message) => {
    expect(() => buildDestinationRule({ ...circuitBreaker, ...patch })).toThrow(
      message,
    );
  });
});
