import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers, RunAnalyzersOptions } from '../../runAnalyzers';
import { istioMeshAnalyzers } from '.';

function analyze(yaml: string, options: Partial<RunAnalyzersOptions> = {}) {
  const { objects, problems } = parseManifests(yaml, 'mesh.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, {
    analyzers: istioMeshAnalyzers,
    ...options,
  }).map(({ location, ...message }) => message);
}

// A STRICT namespace with one Deployment (and its running pod) whose
// template leaves port 9090 out of capture.
const shop = (templateAnnotations: string, extra = '') => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: STRICT}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata:
      labels: {app: api}
      annotations: {${templateAnnotations}}
    spec:
      containers:
      - {name: api, ports: [{containerPort: 8080}, {containerPort: 9090}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: api-7c9d-x1
  namespace: shop
  labels: {app: api, security.istio.io/tlsMode: istio}
  annotations: {${templateAnnotations}}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, controller: true}]
spec:
  containers:
  - {name: api, ports: [{containerPort: 8080}, {containerPort: 9090}]}
  - {name: istio-proxy, image: proxyv2}
status:
  phase: Running
  containerStatuses: [{name: api, ready: true}, {name: istio-proxy, ready: true}]
${extra}`;

describe('ISM0001 (istiomesh.UncapturedPortAnalyzer)', () => {
  it('reports a STRICT port left out of capture, on the Deployment', () => {
    expect(
      analyze(shop('traffic.sidecar.istio.io/excludeInboundPorts: "9090"')),
    ).toStrictEqual([
      {
        code: 'ISM0001',
        level: 'Warning',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'api',
        message:
          'Port 9090 bypasses the sidecar (traffic.sidecar.istio.io/excludeInboundPorts: "9090"): it accepts plaintext and no policy applies to it, although its PeerAuthentication mode is STRICT.',
        path: 'spec.template.metadata.annotations',
        analyzer: 'istiomesh.UncapturedPortAnalyzer',
        documentationUrl: 'docs/findings.md#ism0001',
      },
    ]);
  });

  it('says nothing of an uncaptured port that is not STRICT anyway', () => {
    expect(
      analyze(
        shop(
          'traffic.sidecar.istio.io/excludeInboundPorts: "9090"',
          `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  portLevelMtls: {"9090": {mode: PERMISSIVE}}
`,
        ),
      ),
    ).toStrictEqual([]);
  });
});

describe('ISM0002 (istiomesh.ClientTlsAnalyzer)', () => {
  it('reports a DestinationRule that sends plaintext to a STRICT port, on the rule', () => {
    expect(
      analyze(
        shop(
          '',
          `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api-plain, namespace: web}
spec:
  host: api.shop.svc.cluster.local
  trafficPolicy: {tls: {mode: DISABLE}}
`,
        ),
      ),
    ).toStrictEqual([
      {
        code: 'ISM0002',
        level: 'Error',
        kind: 'DestinationRule',
        namespace: 'web',
        name: 'api-plain',
        message:
          'Clients in web send plaintext to shop/api port 80, which only accepts Istio mTLS (STRICT on port 8080 of Deployment shop/api): DestinationRule web/api-plain (port 80) sets tls.mode DISABLE at spec.trafficPolicy.tls',
        path: 'spec.trafficPolicy.tls.mode',
        analyzer: 'istiomesh.ClientTlsAnalyzer',
        documentationUrl: 'docs/findings.md#ism0002',
      },
    ]);
  });

  it('says nothing when the server has no proxy to reject plaintext', () => {
    expect(
      analyze(
        shop(
          'sidecar.istio.io/inject: "false"',
          `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api-plain, namespace: web}
spec:
  host: api.shop.svc.cluster.local
  trafficPolicy: {tls: {mode: DISABLE}}
`,
        ).replace('  - {name: istio-proxy, image: proxyv2}\n', ''),
      ),
    ).toStrictEqual([]);
  });
});

describe('ISM0003 (istiomesh.RootNamespaceAnalyzer)', () => {
  const istio = `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "rootNamespace: istio-config"
`;

  it('reports an explicit root namespace that disagrees with the mesh configuration', () => {
    expect(
      analyze(istio, {
        meshSettings: {
          rootNamespace: { value: 'istio-system', setting: '--root-namespace' },
        },
      }),
    ).toStrictEqual([
      {
        code: 'ISM0003',
        level: 'Warning',
        kind: 'ConfigMap',
        namespace: 'istio-system',
        name: 'istio',
        message:
          'The root namespace set by --root-namespace (istio-system) disagrees with this mesh configuration (rootNamespace: istio-config); istio-system is used.',
        path: 'data.mesh',
        analyzer: 'istiomesh.RootNamespaceAnalyzer',
        documentationUrl: 'docs/findings.md#ism0003',
      },
    ]);
  });

  it('says nothing when they agree or nothing is set explicitly', () => {
    expect(analyze(istio)).toStrictEqual([]);
    expect(
      analyze(istio, {
        meshSettings: {
          rootNamespace: { value: 'istio-config', setting: '--root-namespace' },
        },
      }),
    ).toStrictEqual([]);
  });
});

describe('ISM0004 (istiomesh.CustomProviderAnalyzer)', () => {
  const istio = `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "extensionProviders: [{name: opa, envoyExtAuthzGrpc: {service: opa.opa.svc.cluster.local, port: 9191}}]"
`;
  const custom = (provider: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ext-authz, namespace: shop}
spec:
  action: CUSTOM
  provider: {name: ${provider}}
  rules: [{to: [{operation: {paths: ["/api/*"]}}]}]
`;

  it('reports a CUSTOM policy whose provider the mesh configuration does not define', () => {
    expect(analyze(`${istio}---${custom('opa-v2')}`)).toStrictEqual([
      {
        code: 'ISM0004',
        level: 'Error',
        kind: 'AuthorizationPolicy',
        namespace: 'shop',
        name: 'ext-authz',
        message:
          'The CUSTOM action names provider "opa-v2", which is not among the extensionProviders of ConfigMap istio-system/istio (opa): istiod denies every request this policy matches.',
        path: 'spec.provider.name',
        analyzer: 'istiomesh.CustomProviderAnalyzer',
        documentationUrl: 'docs/findings.md#ism0004',
      },
    ]);
  });

  it('says nothing of a defined provider, or when the providers are not known', () => {
    expect(analyze(`${istio}---${custom('opa')}`)).toStrictEqual([]);
    expect(analyze(custom('opa-v2'))).toStrictEqual([]);
  });

  it('uses providers given explicitly', () => {
    expect(
      analyze(custom('opa-v2'), {
        meshSettings: {
          extensionProviders: { value: [], setting: '--mesh-config' },
        },
      }).map(m => m.message),
    ).toStrictEqual([
      'The CUSTOM action names provider "opa-v2", which is not among the extensionProviders of --mesh-config (none): istiod denies every request this policy matches.',
    ]);
  });
});

describe('ISM0005 (istiomesh.SubsetServicePodsAnalyzer)', () => {
  const service = (app: string) => `
apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: shop}
spec:
  selector: {app: ${app}}
  ports: [{name: grpc, port: 7000}]
`;
  const pod = (app: string, version: string, phase = 'Running') => `
apiVersion: v1
kind: Pod
metadata:
  name: ${app}-${version}-5d8f7-x1
  namespace: shop
  labels: {app: ${app}, version: ${version}}
spec:
  containers: [{name: server, image: ${app}:${version}}]
status: {phase: ${phase}}
`;
  const rule = (subsets: string[]) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: currency, namespace: shop}
spec:
  host: currency
  subsets:
${subsets.map(s => `  - {name: ${s}, labels: {version: ${s}}}`).join('\n')}
`;
  const mesh = (...documents: string[]) => documents.join('---');

  it("reports a subset whose labels select only another app's pods", () => {
    expect(
      analyze(
        mesh(
          service('currency'),
          service('checkout'),
          pod('currency', 'v1'),
          pod('checkout', 'v2'),
          rule(['v1', 'v2']),
        ),
      ),
    ).toStrictEqual([
      {
        code: 'ISM0005',
        level: 'Warning',
        kind: 'DestinationRule',
        namespace: 'shop',
        name: 'currency',
        message:
          'Subset v2 (version=v2) selects no running pod of Service shop/currency (selector app=currency); its labels select only pods of other workloads (shop/checkout-v2-5d8f7-x1): requests routed to it fail with 503 (no healthy upstream).',
        path: 'spec.subsets[1].name',
        analyzer: 'istiomesh.SubsetServicePodsAnalyzer',
        documentationUrl: 'docs/findings.md#ism0005',
      },
    ]);
  });

  it("says nothing of subsets that select the service's own running pods", () => {
    expect(
      analyze(
        mesh(
          service('currency'),
          pod('currency', 'v1'),
          pod('currency', 'v2'),
          rule(['v1', 'v2']),
        ),
      ),
    ).toStrictEqual([]);
  });

  it('does not count pods that are not running', () => {
    expect(
      analyze(
        mesh(
          service('currency'),
          pod('currency', 'v1'),
          pod('currency', 'v2', 'Pending'),
          rule(['v1', 'v2']),
        ),
      ).map(m => m.message),
    ).toStrictEqual([
      'Subset v2 (version=v2) selects no running pod of Service shop/currency (selector app=currency): requests routed to it fail with 503 (no healthy upstream).',
    ]);
  });

  it('says nothing when the inputs hold no pods, as manifests from Git do', () => {
    expect(
      analyze(mesh(service('currency'), rule(['v1', 'v2']))),
    ).toStrictEqual([]);
  });
});
