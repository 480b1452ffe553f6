import { parseManifests } from '../../../resources/parseManifests';
import { DEFAULT_MESH_CONFIG } from '../../meshConfig';
import { runAnalyzers } from '../../runAnalyzers';
import { authorizationPoliciesAnalyzer } from './authorizationPolicies';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'authz.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [authorizationPoliciesAnalyzer] });
}

const documentationUrl = (code: string) =>
  `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;

const cluster = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop-test
---
apiVersion: v1
kind: Pod
metadata:
  name: cart-7d4b9c8f6d-x2k9p
  namespace: shop
  labels:
    app: cart
    version: v1
spec:
  containers:
    - name: cart
      image: example.com/cart:1.4.2
---
apiVersion: v1
kind: Pod
metadata:
  name: legacy-6c9d8f7b5-qwert
  namespace: shop-test
  labels:
    app: legacy
spec:
  containers:
    - name: legacy
      image: example.com/legacy:0.9.0
---
`;

const warning = (name: string, namespace: string, labels: string) => ({
  code: 'IST0127',
  level: 'Warning',
  kind: 'AuthorizationPolicy',
  namespace,
  name,
  message: `No matching workloads for this resource with the following labels: ${labels}`,
  analyzer: 'auth.AuthorizationPoliciesAnalyzer',
  documentationUrl: documentationUrl('IST0127'),
});

describe('auth.AuthorizationPoliciesAnalyzer', () => {
  it('accepts policies that select in-mesh pods', () => {
    expect(
      analyze(`${cluster}apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: cart-viewer
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  rules:
    - from:
        - source:
            namespaces: ["shop", "shop-*", "*-test", "*"]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
  namespace: shop
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: mesh-deny-all
  namespace: istio-system
spec:
  action: DENY
  rules: [{}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: mesh-cart-v1
  namespace: istio-system
spec:
  selector:
    matchLabels:
      version: v1
`),
    ).toStrictEqual([]);
  });

  it('reports selectors and namespaces without in-mesh pods (IST0127)', () => {
    expect(
      analyze(`${cluster}apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: legacy-viewer
  namespace: shop-test
spec:
  selector:
    matchLabels:
      version: v2
      app: legacy
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
  namespace: shop-test
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: mesh-legacy
  namespace: istio-system
spec:
  selector:
    matchLabels:
      app: legacy
`),
    ).toStrictEqual([
      {
        ...warning('mesh-legacy', 'istio-system', 'app=legacy'),
        path: 'spec.selector',
        location: { file: 'authz.yaml', line: 63 },
      },
      {
        ...warning('allow-nothing', 'shop-test', ''),
        path: '',
        location: { file: 'authz.yaml', line: 49 },
      },
      {
        ...warning('legacy-viewer', 'shop-test', 'app=legacy,version=v2'),
        path: 'spec.selector',
        location: { file: 'authz.yaml', line: 45 },
      },
    ]);
  });

  it('counts ambient-redirected pods as in the mesh', () => {
    expect(
      analyze(`apiVersion: v1
kind: Pod
metadata:
  name: sleep-55bf89f8c9-wzfrh
  namespace: test-ambient
  labels:
    app: sleep
  annotations:
    ambient.istio.io/redirection: enabled
spec:
  containers:
    - name: sleep
      image: curlimages/curl:8.8.0
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: sleep
  namespace: test-ambient
spec:
  selector:
    matchLabels:
      app: sleep
`),
    ).toStrictEqual([]);
  });

  it('reports source namespaces and notNamespaces that match no namespace (IST0101)', () => {
    expect(
      analyze(`${cluster}apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: cart-viewer
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  rules:
    - from:
        - source:
            principals: ["cluster.local/ns/shop/sa/frontend"]
        - source:
            namespaces: ["SHOP", "prod-*"]
            notNamespaces: ["*-bogus"]
`),
    ).toStrictEqual([
      {
        code: 'IST0101',
        level: 'Error',
        kind: 'AuthorizationPolicy',
        namespace: 'shop',
        name: 'cart-viewer',
        message: 'Referenced namespace not found: "prod-*"',
        path: 'spec.rules[0].from[1].source.namespaces[1]',
        analyzer: 'auth.AuthorizationPoliciesAnalyzer',
        location: { file: 'authz.yaml', line: 52 },
        documentationUrl: documentationUrl('IST0101'),
      },
      {
        code: 'IST0101',
        level: 'Error',
        kind: 'AuthorizationPolicy',
        namespace: 'shop',
        name: 'cart-viewer',
        message: 'Referenced namespace not found: "*-bogus"',
        path: 'spec.rules[0].from[1].source.notNamespaces[0]',
        analyzer: 'auth.AuthorizationPoliciesAnalyzer',
        location: { file: 'authz.yaml', line: 53 },
        documentationUrl: documentationUrl('IST0101'),
      },
    ]);
  });

  it('honours the mesh root namespace', () => {
    const { objects } = parseManifests(
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: mesh-wide
  namespace: mesh-root
spec: {}
`,
      'authz.yaml',
    );
    expect(
      runAnalyzers(objects, {
        analyzers: [authorizationPoliciesAnalyzer],
        meshConfig: {
          ...DEFAULT_MESH_CONFIG,
          rootNamespace: 'mesh-root',
        },
      }),
    ).toStrictEqual([]);
  });
});
