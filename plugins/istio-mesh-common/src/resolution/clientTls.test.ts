import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import {
  ClientTlsMode,
  conflictsWithServer,
  effectiveClientTls,
  effectiveTrafficPolicy,
} from './clientTls';
import { MtlsMode } from '../types/mesh';

function destinationRule(yaml: string): KubernetesObject {
  const { objects, problems } = parseManifests(yaml, 'dr.yaml');
  expect(problems).toStrictEqual([]);
  expect(objects).toHaveLength(1);
  return objects[0].object;
}

// Top level ISTIO_MUTUAL; port 9080 has a port-level block without tls;
// subset v2 disables TLS, subset v3 only tunes the connection pool.
const reviews = destinationRule(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews.bookinfo.svc.cluster.local
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
    tunnel:
      protocol: CONNECT
      targetHost: proxy.example.com
      targetPort: 3128
    tls:
      mode: ISTIO_MUTUAL
    portLevelSettings:
      - port:
          number: 9080
        connectionPool:
          http:
            http2MaxRequests: 10
  subsets:
    - name: v2
      labels:
        version: v2
      trafficPolicy:
        tls:
          mode: DISABLE
    - name: v3
      labels:
        version: v3
      trafficPolicy:
        connectionPool:
          tcp:
            maxConnections: 5
`);

describe('effectiveTrafficPolicy', () => {
  it('uses the destination-level policy for a port without port-level settings', () => {
    expect(effectiveTrafficPolicy(reviews, 9090)).toStrictEqual({
      fields: {
        connectionPool: {
          value: { tcp: { maxConnections: 100 } },
          path: 'spec.trafficPolicy.connectionPool',
        },
        tls: {
          value: { mode: 'ISTIO_MUTUAL' },
          path: 'spec.trafficPolicy.tls',
        },
        tunnel: {
          value: {
            protocol: 'CONNECT',
            targetHost: 'proxy.example.com',
            targetPort: 3128,
          },
          path: 'spec.trafficPolicy.tunnel',
        },
      },
      replacedBy: [],
    });
  });

  it('replaces the destination-level policy with a matching port-level entry, inheriting nothing', () => {
    expect(effectiveTrafficPolicy(reviews, 9080)).toStrictEqual({
      fields: {
        connectionPool: {
          value: { http: { http2MaxRequests: 10 } },
          path: 'spec.trafficPolicy.portLevelSettings[0].connectionPool',
        },
      },
      replacedBy: ['spec.trafficPolicy.portLevelSettings[0]'],
    });
  });

  it('overrides destination-level fields with those the subset sets, field by field', () => {
    expect(effectiveTrafficPolicy(reviews, 9090, 'v3')).toStrictEqual({
      fields: {
        connectionPool: {
          value: { tcp: { maxConnections: 5 } },
          path: 'spec.subsets[1].trafficPolicy.connectionPool',
        },
        tls: {
          value: { mode: 'ISTIO_MUTUAL' },
          path: 'spec.trafficPolicy.tls',
        },
        tunnel: {
          value: {
            protocol: 'CONNECT',
            targetHost: 'proxy.example.com',
            targetPort: 3128,
          },
          path: 'spec.trafficPolicy.tunnel',
        },
      },
      replacedBy: [],
      subsetPath: 'spec.subsets[1]',
    });
  });
});

describe('effectiveClientTls', () => {
  it('sends Istio mTLS through auto mTLS when no DestinationRule applies', () => {
    expect(effectiveClientTls({ port: 9080 })).toStrictEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
      reason:
        'no DestinationRule applies; auto mTLS sends Istio mTLS to endpoints with a sidecar',
    });
  });

  it('takes the destination-level tls of the rule', () => {
    expect(
      effectiveClientTls({ destinationRule: reviews, port: 9090 }),
    ).toStrictEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'destination-rule',
      reason:
        'DestinationRule bookinfo/reviews (port 9090) sets tls.mode ISTIO_MUTUAL at spec.trafficPolicy.tls',
      path: 'spec.trafficPolicy.tls.mode',
    });
  });

  it('drops the destination-level tls on a port whose port-level settings omit it', () => {
    expect(
      effectiveClientTls({ destinationRule: reviews, port: 9080 }),
    ).toStrictEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
      reason:
        'DestinationRule bookinfo/reviews (port 9080) has port-level settings at spec.trafficPolicy.portLevelSettings[0] that replace the policy and set no tls; auto mTLS sends Istio mTLS to endpoints with a sidecar',
      path: 'spec.trafficPolicy.portLevelSettings[0]',
    });
    // Without auto mTLS the dropped tls means plaintext.
    expect(
      effectiveClientTls({
        destinationRule: reviews,
        port: 9080,
        enableAutoMtls: false,
      }),
    ).toStrictEqual({
      mode: 'DISABLE',
      source: 'plaintext-default',
      reason:
        'DestinationRule bookinfo/reviews (port 9080) has port-level settings at spec.trafficPolicy.portLevelSettings[0] that replace the policy and set no tls; auto mTLS is off (meshConfig.enableAutoMtls: false), so the client sends plaintext',
      path: 'spec.trafficPolicy.portLevelSettings[0]',
    });
  });

  it('lets the subset tls override the destination level', () => {
    expect(
      effectiveClientTls({
        destinationRule: reviews,
        port: 9090,
        subset: 'v2',
      }),
    ).toStrictEqual({
      mode: 'DISABLE',
      source: 'destination-rule',
      reason:
        'DestinationRule bookinfo/reviews (port 9090 subset v2) sets tls.mode DISABLE at spec.subsets[0].trafficPolicy.tls',
      path: 'spec.subsets[0].trafficPolicy.tls.mode',
    });
    // The subset's own tls also wins over a destination port-level entry.
    expect(
      effectiveClientTls({ destinationRule: reviews, port: 9080, subset: 'v2' })
        .mode,
    ).toBe('DISABLE');
  });

  it('keeps the destination-level tls for a subset that does not set one', () => {
    expect(
      effectiveClientTls({
        destinationRule: reviews,
        port: 9090,
        subset: 'v3',
      }),
    ).toStrictEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'destination-rule',
      reason:
        'DestinationRule bookinfo/reviews (port 9090 subset v3) sets tls.mode ISTIO_MUTUAL at spec.trafficPolicy.tls',
      path: 'spec.trafficPolicy.tls.mode',
    });
  });

  it('drops the tls of the merged policy on a subset port-level entry without one', () => {
    const rule = destinationRule(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db
  namespace: data
spec:
  host: db
  trafficPolicy:
    tls:
      mode: SIMPLE
      caCertificates: /etc/certs/root.pem
  subsets:
    - name: primary
      labels:
        role: primary
      trafficPolicy:
        portLevelSettings:
          - port:
              number: 5432
            outlierDetection:
              consecutive5xxErrors: 3
`);
    expect(
      effectiveClientTls({
        destinationRule: rule,
        port: 5432,
        subset: 'primary',
        serverNamespaceMode: 'STRICT',
      }),
    ).toStrictEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
      reason:
        'DestinationRule data/db (port 5432 subset primary) has port-level settings at spec.subsets[0].trafficPolicy.portLevelSettings[0] that replace the policy and set no tls; auto mTLS sends Istio mTLS to endpoints with a sidecar',
      path: 'spec.subsets[0].trafficPolicy.portLevelSettings[0]',
    });
    expect(
      effectiveClientTls({
        destinationRule: rule,
        port: 5433,
        subset: 'primary',
      }).mode,
    ).toBe('SIMPLE');
  });

  it.each(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const)(
    'lets an explicit %s win over auto mTLS and the server mode',
    mode => {
      const rule = destinationRule(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: payments
  namespace: shop
spec:
  host: payments.example.com
  trafficPolicy:
    portLevelSettings:
      - port:
          number: 443
        tls:
          mode: ${mode}
`);
      expect(
        effectiveClientTls({
          destinationRule: rule,
          port: 443,
          meshExternal: true,
          serverNamespaceMode: 'DISABLE',
          endpointSidecars: 'none',
        }),
      ).toStrictEqual({
        mode,
        source: 'destination-rule',
        reason: `DestinationRule shop/payments (port 443) sets tls.mode ${mode} at spec.trafficPolicy.portLevelSettings[0].tls`,
        path: 'spec.trafficPolicy.portLevelSettings[0].tls.mode',
      });
    },
  );

  it('reads a tls block without a mode as DISABLE, the protobuf default', () => {
    const rule = destinationRule(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: sni-only
  namespace: shop
spec:
  host: payments
  trafficPolicy:
    tls:
      sni: payments.shop.svc.cluster.local
`);
    expect(
      effectiveClientTls({ destinationRule: rule, port: 80 }),
    ).toStrictEqual({
      mode: 'DISABLE',
      source: 'destination-rule',
      reason:
        'DestinationRule shop/sni-only (port 80) sets tls without a mode at spec.trafficPolicy.tls, which means DISABLE',
      path: 'spec.trafficPolicy.tls',
    });
  });

  it('ignores an invalid mode, which Kubernetes and istiod reject', () => {
    const rule = destinationRule(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: typo
  namespace: shop
spec:
  host: payments
  trafficPolicy:
    tls:
      mode: ISTIO_MTLS
`);
    expect(
      effectiveClientTls({ destinationRule: rule, port: 80 }),
    ).toStrictEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
      reason:
        'DestinationRule shop/typo (port 80) has an invalid tls.mode "ISTIO_MTLS" at spec.trafficPolicy.tls and is rejected; auto mTLS sends Istio mTLS to endpoints with a sidecar',
    });
  });

  it('sends plaintext to a MESH_EXTERNAL host without tls', () => {
    expect(effectiveClientTls({ port: 443, meshExternal: true })).toStrictEqual(
      {
        mode: 'DISABLE',
        source: 'plaintext-default',
        reason:
          'no DestinationRule applies; the host is a MESH_EXTERNAL ServiceEntry, which auto mTLS never applies to, so the client sends plaintext',
      },
    );
  });

  it('sends plaintext when auto mTLS is off', () => {
    expect(
      effectiveClientTls({
        port: 80,
        enableAutoMtls: false,
        serverNamespaceMode: 'STRICT',
      }),
    ).toStrictEqual({
      mode: 'DISABLE',
      source: 'plaintext-default',
      reason:
        'no DestinationRule applies; auto mTLS is off (meshConfig.enableAutoMtls: false), so the client sends plaintext',
    });
  });

  it('follows the namespace-level PeerAuthentication of the server', () => {
    expect(
      effectiveClientTls({ port: 80, serverNamespaceMode: 'DISABLE' }),
    ).toStrictEqual({
      mode: 'DISABLE',
      source: 'auto-mtls',
      reason:
        "no DestinationRule applies; the service's namespace-level PeerAuthentication is DISABLE, so auto mTLS sends plaintext",
    });
    expect(
      effectiveClientTls({ port: 80, serverNamespaceMode: 'STRICT' }).mode,
    ).toBe('ISTIO_MUTUAL');
    expect(
      effectiveClientTls({ port: 80, serverNamespaceMode: 'PERMISSIVE' }).mode,
    ).toBe('ISTIO_MUTUAL');
  });

  it('sends plaintext to endpoints without a sidecar', () => {
    expect(
      effectiveClientTls({ port: 80, endpointSidecars: 'none' }),
    ).toStrictEqual({
      mode: 'DISABLE',
      source: 'auto-mtls',
      reason:
        'no DestinationRule applies; the endpoints have no sidecar (security.istio.io/tlsMode: istio), so auto mTLS sends plaintext',
    });
    expect(
      effectiveClientTls({ port: 80, endpointSidecars: 'some' }),
    ).toStrictEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
      reason:
        'no DestinationRule applies; auto mTLS sends Istio mTLS to endpoints with a sidecar; endpoints without a sidecar still receive plaintext',
    });
  });

  it('infers DISABLE for a passthrough service unless every endpoint has a sidecar', () => {
    expect(
      effectiveClientTls({
        port: 27017,
        passthrough: true,
        endpointSidecars: 'some',
      }),
    ).toStrictEqual({
      mode: 'DISABLE',
      source: 'auto-mtls',
      reason:
        'no DestinationRule applies; the service is passthrough and not all of its endpoints have a sidecar, so auto mTLS infers DISABLE and sends plaintext',
    });
    expect(effectiveClientTls({ port: 27017, passthrough: true }).mode).toBe(
      'ISTIO_MUTUAL',
    );

    const rule = destinationRule(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: mongo
  namespace: data
spec:
  host: mongo
  trafficPolicy:
    loadBalancer:
      simple: PASSTHROUGH
`);
    expect(
      effectiveClientTls({
        destinationRule: rule,
        port: 27017,
        endpointSidecars: 'some',
      }),
    ).toStrictEqual({
      mode: 'DISABLE',
      source: 'auto-mtls',
      reason:
        'DestinationRule data/mongo (port 27017) sets no tls; the service is passthrough and not all of its endpoints have a sidecar, so auto mTLS infers DISABLE and sends plaintext',
    });
  });

  it('says when the subset is not defined in the rule', () => {
    const rule = destinationRule(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
  namespace: bookinfo
spec:
  host: ratings
`);
    expect(
      effectiveClientTls({ destinationRule: rule, port: 9080, subset: 'v9' }),
    ).toStrictEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
      reason:
        'DestinationRule bookinfo/ratings (port 9080 subset v9) defines no subset v9 and sets no tls; auto mTLS sends Istio mTLS to endpoints with a sidecar',
    });
  });
});

describe('conflictsWithServer', () => {
  it.each<[ClientTlsMode, MtlsMode, boolean]>([
    ['DISABLE', 'STRICT', true],
    ['SIMPLE', 'STRICT', true],
    ['MUTUAL', 'STRICT', false],
    ['ISTIO_MUTUAL', 'STRICT', false],
    ['DISABLE', 'PERMISSIVE', false],
    ['SIMPLE', 'PERMISSIVE', false],
    ['MUTUAL', 'PERMISSIVE', false],
    ['ISTIO_MUTUAL', 'PERMISSIVE', false],
    ['DISABLE', 'DISABLE', false],
    ['SIMPLE', 'DISABLE', false],
    ['MUTUAL', 'DISABLE', false],
    ['ISTIO_MUTUAL', 'DISABLE', true],
  ])('client %s against server %s: %s', (client, server, expected) => {
    expect(conflictsWithServer(client, server)).toBe(expected);
  });
});
