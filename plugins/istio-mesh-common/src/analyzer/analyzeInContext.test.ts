import { parseManifests } from '../resources/parseManifests';
import { analyzeInContext } from './analyzeInContext';

const live = parseManifests(
  `
apiVersion: v1
kind: Service
metadata:
  name: checkoutservice
  namespace: boutique-dev
spec:
  selector:
    app: checkoutservice
  ports:
    - name: grpc
      port: 5050
      targetPort: 5050
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: legacy
  namespace: boutique-dev
spec:
  hosts:
    - legacy
  http:
    - route:
        - destination:
            host: gone-service
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: checkoutservice
  namespace: boutique-dev
spec:
  hosts:
    - checkoutservice
  http:
    - route:
        - destination:
            host: nowhere
`,
  'live.yaml',
).objects.map(o => o.object);

function analyzed(text: string) {
  return parseManifests(text, 'apps/base/istio/virtualservice.yaml');
}

describe('analyzeInContext', () => {
  it('checks new manifests against the live objects and reports only on them', () => {
    const { objects, problems } = analyzed(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: checkout-retries
  namespace: boutique-dev
spec:
  hosts:
    - checkoutservice
  http:
    - route:
        - destination:
            host: checkoutservice
    - route:
        - destination:
            host: paymentservice
`);
    const messages = analyzeInContext({
      analyzed: objects,
      problems,
      context: live,
    });

    // checkoutservice exists live, paymentservice does not, and the live
    // VirtualService of the same host conflicts; the live "legacy" with its
    // own missing host is not reported.
    expect(messages.map(m => `${m.code} ${m.name} ${m.path}`)).toEqual([
      'IST0101 checkout-retries spec.http[1].route[0].destination.host',
      'IST0109 checkout-retries metadata.name',
    ]);
    expect(messages[0].message).toBe(
      'Referenced host not found: "paymentservice"',
    );
    expect(messages[1].message).toContain(
      'boutique-dev/checkout-retries,boutique-dev/checkoutservice',
    );
    expect(messages[0].location).toEqual({
      file: 'apps/base/istio/virtualservice.yaml',
      line: 16,
    });
  });

  it('lets a new manifest replace the live object of the same name', () => {
    const { objects } = analyzed(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: checkoutservice
  namespace: boutique-dev
spec:
  hosts:
    - checkoutservice
  http:
    - route:
        - destination:
            host: checkoutservice
`);
    expect(analyzeInContext({ analyzed: objects, context: live })).toEqual([]);
  });

  it('reports unreadable documents as IST0106 errors', () => {
    const { objects, problems } = analyzed('kind: [unclosed\n');
    const messages = analyzeInContext({
      analyzed: objects,
      problems,
      context: live,
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      code: 'IST0106',
      level: 'Error',
      location: { file: 'apps/base/istio/virtualservice.yaml' },
    });
  });

  it('analyzes under the mesh configuration the context carries', () => {
    // mesh-root is the root namespace of the live mesh's istio ConfigMap, so
    // a policy there with a selector applies mesh-wide and matches the pod
    // in boutique-dev; read as a plain namespace it matches nothing (IST0127).
    const mesh = parseManifests(
      `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "rootNamespace: mesh-root"
---
apiVersion: v1
kind: Pod
metadata:
  name: checkoutservice-1
  namespace: boutique-dev
  labels: {app: checkoutservice}
spec:
  containers:
    - {name: server, image: checkout:1}
    - {name: istio-proxy, image: proxyv2:1.26.4}
`,
      'live.yaml',
    ).objects.map(o => o.object);
    const { objects } = parseManifests(
      `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: checkout-everywhere, namespace: mesh-root}
spec:
  selector: {matchLabels: {app: checkoutservice}}
  rules: [{from: [{source: {principals: [cluster.local/ns/boutique-dev/sa/frontend]}}]}]
`,
      'policy.yaml',
    );
    const codes = (context: typeof mesh) =>
      analyzeInContext({ analyzed: objects, context }).map(m => m.code);
    expect(codes(mesh)).toStrictEqual([]);
    expect(codes(mesh.filter(o => o.kind !== 'ConfigMap'))).toStrictEqual([
      'IST0127',
    ]);
  });
});
