import { parseManifests } from '../resources/parseManifests';
import { evaluateMesh } from '../report/workloadReports';

// A STRICT namespace `shop` with one injected workload, cart (Service port
// 80 -> container port 8080, and 9000), and the clients' DestinationRules.
const shop = (namespaceMode: string) => `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: ${namespaceMode}}}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: grpc, port: 9000}
---
apiVersion: v1
kind: Pod
metadata:
  name: cart-1
  namespace: shop
  labels: {app: cart, version: v1, security.istio.io/tlsMode: istio}
spec:
  containers:
  - {name: cart, ports: [{name: http, containerPort: 8080}, {containerPort: 9000}]}
  - {name: istio-proxy, image: proxyv2}
status:
  phase: Running
  containerStatuses: [{name: cart, ready: true}, {name: istio-proxy, ready: true}]
`;

function cart(extra: string, namespaceMode = 'STRICT') {
  const { objects, problems } = parseManifests(
    `${shop(namespaceMode)}---${extra}`,
    'x.yaml',
  );
  expect(problems).toStrictEqual([]);
  const evaluation = evaluateMesh(objects.map(o => o.object));
  return evaluation.workloads.find(w => w.report.name === 'cart-1')!.report;
}

const brief = (report: ReturnType<typeof cart>) =>
  report.clientTls.map(e =>
    [
      `${e.service}:${e.port}->${e.targetPort}`,
      e.clientNamespace,
      e.clientSelector ? JSON.stringify(e.clientSelector) : '',
      e.subset ?? '',
      e.mode,
      e.destinationRule ?? '',
    ].join(' '),
  );

const mtlsStrict = (report: ReturnType<typeof cart>) =>
  report.criteria.find(c => c.id === 'mtls-strict')!;

describe('workloadClientTls', () => {
  it('sends Istio mTLS by auto mTLS when no DestinationRule applies', () => {
    const report = cart('');
    expect(brief(report)).toStrictEqual([
      'cart:80->8080 *   AUTO ',
      'cart:9000->9000 *   AUTO ',
    ]);
    expect(mtlsStrict(report).status).toBe('pass');
  });

  it('fails mtls-strict for a client namespace whose rule disables TLS (stricter)', () => {
    const report = cart(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart-plain, namespace: web}
spec:
  host: cart.shop.svc.cluster.local
  trafficPolicy: {tls: {mode: DISABLE}}
`);
    expect(brief(report)).toStrictEqual([
      'cart:80->8080 web   DISABLE web/cart-plain',
      'cart:80->8080 *   AUTO ',
      'cart:9000->9000 web   DISABLE web/cart-plain',
      'cart:9000->9000 *   AUTO ',
    ]);
    expect(mtlsStrict(report)).toMatchObject({
      status: 'fail',
      summary:
        'Pod shop/cart-1 is STRICT, but clients in web send plaintext to cart:80, which only accepts Istio mTLS; clients in web send plaintext to cart:9000, which only accepts Istio mTLS',
    });
    expect(mtlsStrict(report).evidence).toContainEqual({
      kind: 'DestinationRule',
      namespace: 'web',
      name: 'cart-plain',
      message:
        'clients in web send plaintext to cart:80 (port 8080 is STRICT): DestinationRule web/cart-plain (port 80) sets tls.mode DISABLE at spec.trafficPolicy.tls',
    });
    expect(mtlsStrict(report).fixTemplate).toBeUndefined();
  });

  it('drops tls for a port whose port-level settings replace the policy (stricter)', () => {
    const report = cart(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart
  trafficPolicy:
    tls: {mode: SIMPLE}
    portLevelSettings:
    - port: {number: 9000}
      connectionPool: {tcp: {maxConnections: 10}}
`);
    expect(brief(report)).toStrictEqual([
      'cart:80->8080 shop   SIMPLE shop/cart',
      'cart:80->8080 *   SIMPLE shop/cart',
      'cart:9000->9000 shop   AUTO shop/cart',
      'cart:9000->9000 *   AUTO shop/cart',
    ]);
    expect(mtlsStrict(report).summary).toContain(
      'clients in other namespaces send TLS that is not Istio mTLS (SIMPLE) to cart:80',
    );
  });

  it('lets a selector rule stop the fallback for the clients it does not select (looser)', () => {
    const report = cart(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart-plain, namespace: shop}
spec:
  host: cart
  trafficPolicy: {tls: {mode: DISABLE}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: legacy-only, namespace: batch}
spec:
  host: cart.shop.svc.cluster.local
  workloadSelector: {matchLabels: {app: legacy}}
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`);
    const port80 = brief(report).filter(e => e.startsWith('cart:80'));
    expect(port80).toStrictEqual([
      'cart:80->8080 batch {"app":"legacy"}  ISTIO_MUTUAL batch/legacy-only',
      // The other clients of batch get no rule at all: auto mTLS, not the
      // DISABLE rule of shop.
      'cart:80->8080 batch   AUTO ',
      'cart:80->8080 shop   DISABLE shop/cart-plain',
      'cart:80->8080 *   DISABLE shop/cart-plain',
    ]);
  });

  it('uses the last rule without a selector among rules kept apart by exportTo', () => {
    const report = cart(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: a-mutual, namespace: shop, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
  host: cart
  exportTo: ["*"]
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b-plain, namespace: shop, creationTimestamp: "2026-02-01T00:00:00Z"}
spec:
  host: cart
  exportTo: [web]
  trafficPolicy: {tls: {mode: DISABLE}}
`);
    const port80 = brief(report).filter(e => e.startsWith('cart:80'));
    expect(port80).toStrictEqual([
      'cart:80->8080 shop   ISTIO_MUTUAL shop/a-mutual',
      // web sees both entries and uses the last one: the DISABLE rule.
      'cart:80->8080 web   DISABLE shop/b-plain',
      'cart:80->8080 *   ISTIO_MUTUAL shop/a-mutual',
    ]);
  });

  it('reports a subset that selects the workload when it sends differently', () => {
    const report = cart(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
  subsets:
  - name: v1
    labels: {version: v1}
    trafficPolicy: {tls: {mode: DISABLE}}
  - name: v2
    labels: {version: v2}
    trafficPolicy: {tls: {mode: DISABLE}}
`);
    expect(brief(report).filter(e => e.startsWith('cart:80'))).toStrictEqual([
      'cart:80->8080 shop   ISTIO_MUTUAL shop/cart',
      'cart:80->8080 shop  v1 DISABLE shop/cart',
      'cart:80->8080 *   ISTIO_MUTUAL shop/cart',
      'cart:80->8080 *  v1 DISABLE shop/cart',
    ]);
    expect(mtlsStrict(report).status).toBe('fail');
  });

  it('does not flag plaintext to a port that is not STRICT or not captured (looser)', () => {
    const report = cart(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart-plain, namespace: web}
spec:
  host: cart.shop.svc.cluster.local
  trafficPolicy: {tls: {mode: DISABLE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  portLevelMtls: {"9000": {mode: PERMISSIVE}}
`);
    const strict = mtlsStrict(report);
    expect(strict.status).toBe('fail');
    // Port 9000 already accepts plaintext; only port 80 is in conflict.
    expect(strict.summary).toBe(
      'Pod shop/cart-1 accepts plaintext: port 9000 is PERMISSIVE; clients in web send plaintext to cart:80, which only accepts Istio mTLS',
    );
  });

  it('infers plaintext when the namespace-level mode is DISABLE, even for a STRICT workload', () => {
    const report = cart(
      `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  mtls: {mode: STRICT}
`,
      'DISABLE',
    );
    // Auto mTLS infers the server's mode from the namespace-level policy only
    // (BestEffortInferServiceMTLSMode), so clients send plaintext.
    expect(brief(report)).toStrictEqual([
      'cart:80->8080 *   DISABLE ',
      'cart:9000->9000 *   DISABLE ',
    ]);
    expect(mtlsStrict(report)).toMatchObject({
      status: 'fail',
      summary:
        'Pod shop/cart-1 is STRICT, but clients in other namespaces send plaintext to cart:80, which only accepts Istio mTLS; clients in other namespaces send plaintext to cart:9000, which only accepts Istio mTLS',
    });
  });
});
