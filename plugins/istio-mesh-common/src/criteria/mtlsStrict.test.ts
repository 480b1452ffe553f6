import { parseManifests } from '../resources/parseManifests';
import { evaluateMesh, EvaluateOptions } from '../report/workloadReports';

// One injected pod of `api` (container ports 8080 and 9090, Service port
// 80 -> 8080) in a namespace made STRICT by a namespace-level policy.
function api(
  podAnnotations: Record<string, string>,
  extra = '',
  options: EvaluateOptions = {},
) {
  const annotations = JSON.stringify(podAnnotations);
  const { objects, problems } = parseManifests(
    `
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
apiVersion: v1
kind: Pod
metadata:
  name: api-1
  namespace: shop
  labels: {app: api, security.istio.io/tlsMode: istio}
  annotations: ${annotations}
spec:
  containers:
  - {name: api, ports: [{containerPort: 8080}, {containerPort: 9090}]}
  - {name: istio-proxy, image: proxyv2}
status:
  phase: Running
  containerStatuses: [{name: api, ready: true}, {name: istio-proxy, ready: true}]
${extra}`,
    'api.yaml',
  );
  expect(problems).toStrictEqual([]);
  const { report } = evaluateMesh(
    objects.map(o => o.object),
    options,
  ).workloads.find(w => w.report.name === 'api-1')!;
  return {
    report,
    criterion: report.criteria.find(c => c.id === 'mtls-strict')!,
  };
}

describe('evaluateMtlsStrict', () => {
  it('passes when every port is STRICT and captured', () => {
    const { report, criterion } = api({});
    expect(report.mtls).toStrictEqual({
      mode: 'STRICT',
      ports: { '8080': 'STRICT', '9090': 'STRICT' },
      policies: ['shop/default'],
      uncaptured: {},
    });
    expect(criterion).toMatchObject({
      status: 'pass',
      summary: 'STRICT on every port of Pod shop/api-1 (8080, 9090)',
    });
  });

  it('fails a STRICT port that bypasses the proxy, with the annotation as evidence (stricter)', () => {
    const { report, criterion } = api({
      'traffic.sidecar.istio.io/excludeInboundPorts': '9090',
    });
    expect(report.mtls.ports['9090']).toBe('STRICT');
    expect(report.mtls.uncaptured).toStrictEqual({
      '9090': 'traffic.sidecar.istio.io/excludeInboundPorts: "9090"',
    });
    expect(criterion).toStrictEqual({
      id: 'mtls-strict',
      status: 'fail',
      summary:
        'Pod shop/api-1 accepts plaintext: port 9090 bypasses the proxy (traffic.sidecar.istio.io/excludeInboundPorts: "9090")',
      evidence: [
        {
          kind: 'PeerAuthentication',
          namespace: 'shop',
          name: 'default',
          message: 'applies to this workload',
        },
        {
          kind: 'Pod',
          namespace: 'shop',
          name: 'api-1',
          message:
            'port 9090 is not captured by the proxy, so it accepts plaintext and no policy applies: traffic.sidecar.istio.io/excludeInboundPorts: "9090"',
        },
      ],
      fixTemplate: 'istio-strict-mtls',
    });
  });

  it('fails every port when nothing is captured', () => {
    const { criterion } = api({
      'traffic.sidecar.istio.io/includeInboundPorts': '',
    });
    expect(criterion.summary).toBe(
      'Pod shop/api-1 accepts plaintext: port 8080 bypasses the proxy (traffic.sidecar.istio.io/includeInboundPorts: ""); port 9090 bypasses the proxy (traffic.sidecar.istio.io/includeInboundPorts: "")',
    );
  });

  it('passes when the include list names every port (looser than reading the exclude list)', () => {
    const { criterion } = api({
      'traffic.sidecar.istio.io/includeInboundPorts': '8080,9090',
      'traffic.sidecar.istio.io/excludeInboundPorts': '9090',
    });
    expect(criterion.status).toBe('pass');
  });

  it("does not fail Istio's own ports (looser)", () => {
    const { criterion } = api({
      'traffic.sidecar.istio.io/excludeInboundPorts': '15090,15021,15020',
    });
    expect(criterion.status).toBe('pass');
  });

  it("reads the injector's defaults from the inputs", () => {
    const { criterion } = api(
      {},
      `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data:
  config: "policy: enabled"
  values: '{"global":{"proxy":{"excludeInboundPorts":"9090"}}}'
`,
    );
    expect(criterion.summary).toBe(
      'Pod shop/api-1 accepts plaintext: port 9090 bypasses the proxy (global.proxy.excludeInboundPorts: "9090")',
    );
  });

  it("reads the mesh's default interception mode from the inputs", () => {
    const { criterion } = api(
      {},
      `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      interceptionMode: NONE
`,
    );
    expect(criterion.status).toBe('fail');
    expect(criterion.summary).toContain(
      'port 8080 bypasses the proxy (meshConfig.defaultConfig.interceptionMode: NONE)',
    );
  });

  it('uses the root namespace of the mesh configuration in the inputs', () => {
    const meshRoot = `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "rootNamespace: mesh-root"
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: mesh-root}
spec: {mtls: {mode: PERMISSIVE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: api, namespace: mesh-root}
spec:
  selector: {matchLabels: {app: api}}
  mtls: {mode: DISABLE}
`;
    // mesh-root is the root namespace: its selector-less policy is the
    // mesh-wide one and its selector policy is ignored.
    const fromInputs = api({}, meshRoot);
    expect(fromInputs.report.mtls.policies).toStrictEqual([
      'mesh-root/default',
      'shop/default',
    ]);
    expect(fromInputs.criterion.status).toBe('pass');
    expect(fromInputs.criterion.evidence).toContainEqual({
      kind: 'PeerAuthentication',
      namespace: 'mesh-root',
      name: 'api',
      message:
        'ignored: has a selector in the root namespace mesh-root, which Istio ignores',
    });
    // With istio-system set explicitly, mesh-root is a plain namespace and
    // its policies do not apply to shop at all.
    expect(
      api({}, meshRoot, { rootNamespace: 'istio-system' }).report.mtls.policies,
    ).toStrictEqual(['shop/default']);
  });
});
