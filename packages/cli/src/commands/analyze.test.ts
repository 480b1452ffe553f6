import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../index';
import { captureIo } from '../testing/captureIo';

async function run(argv: string[], options: { isTTY?: boolean } = {}) {
  const { io, stdout, stderr } = captureIo(options);
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

const gitops = path.resolve(__dirname, '../../../../examples/gitops');

const tempDirs: string[] = [];
function tempDir(files: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mesh-analyze-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const brokenPeerAuthentication = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: payment
  namespace: boutique-dev
spec:
  mtls:
    mode: STRICTEST
---
apiVersion: v1
kind: Namespace
metadata:
  name: boutique-dev
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Namespace
metadata: {name: [unclosed
`;

describe('istio-mesh analyze', () => {
  it('reports a malformed object and unparseable YAML as IST0106 errors and exits 1', async () => {
    const dir = tempDir({ 'mesh.yaml': brokenPeerAuthentication });
    const result = await run([
      'analyze',
      '--format',
      'json',
      '--analyzers',
      '',
      dir,
    ]);
    expect(result.code).toBe(1);
    const { messages } = JSON.parse(result.stdout);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toStrictEqual({
      code: 'IST0106',
      level: 'Error',
      kind: 'PeerAuthentication',
      namespace: 'boutique-dev',
      name: 'payment',
      message: expect.stringMatching(
        /^Schema validation error: spec\.mtls\.mode: /,
      ),
      path: 'spec.mtls.mode',
    });
    expect(messages[1]).toMatchObject({
      code: 'IST0106',
      level: 'Error',
      kind: '',
      name: path.join(dir, 'mesh.yaml'),
      message: expect.stringMatching(
        /^Schema validation error: invalid YAML: /,
      ),
    });
  });

  it('exits 0 with --fail-on never', async () => {
    const dir = tempDir({ 'mesh.yaml': brokenPeerAuthentication });
    const result = await run([
      'analyze',
      '--fail-on',
      'never',
      '--analyzers',
      '',
      dir,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PeerAuthentication boutique-dev/payment');
    expect(result.stdout).toMatch(
      /2 message\(s\) on 2 resource\(s\): 2 error\(s\)/,
    );
  });

  it('writes SARIF 2.1.0 with file and line locations', async () => {
    const dir = tempDir({ 'mesh.yaml': brokenPeerAuthentication });
    const result = await run([
      'analyze',
      '--format',
      'sarif',
      '--analyzers',
      '',
      dir,
    ]);
    const sarif = JSON.parse(result.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    expect(
      run0.tool.driver.rules.map((r: { id: string }) => r.id),
    ).toStrictEqual(['IST0106']);
    const [first] = run0.results;
    expect(first.ruleId).toBe('IST0106');
    expect(first.level).toBe('error');
    expect(first.locations[0].physicalLocation.region).toStrictEqual({
      startLine: 1,
    });
    expect(first.locations[0].physicalLocation.artifactLocation.uri).toMatch(
      /mesh\.yaml$/,
    );
  });

  it('says so when nothing is wrong', async () => {
    const dir = tempDir({
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: quiet\n',
    });
    const result = await run(['analyze', '--analyzers', '', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No validation issues found');
  });

  it.each([
    [
      ['analyze', '--format', 'xml', 'x.yaml'],
      /--format must be text, json or sarif/,
    ],
    [['analyze', '--fail-on', 'sometimes', 'x.yaml'], /--fail-on must be/],
    [
      ['analyze', '--analyzers', 'nope.Analyzer', 'x.yaml'],
      /unknown analyzer "nope.Analyzer"/,
    ],
    [
      ['analyze', '--suppress', 'IST0102', 'x.yaml'],
      /invalid suppression "IST0102"/,
    ],
    [['analyze'], /no files or directories given/],
  ])('rejects bad usage %p with exit 2', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 for a missing path, an empty directory and an unreadable mesh config', async () => {
    const missing = await run(['analyze', '/nonexistent/manifests']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read /nonexistent/manifests');
    const empty = await run(['analyze', tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no Kubernetes manifests found');
    const dir = tempDir({
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
    });
    const mesh = await run([
      'analyze',
      '--mesh-config',
      path.join(dir, 'none.yaml'),
      dir,
    ]);
    expect(mesh.code).toBe(2);
    expect(mesh.stderr).toContain('cannot use --mesh-config');
  });

  it('ignores unknown kinds, as istioctl does, and analyzes the rest', async () => {
    const dir = tempDir({
      'mixed.yaml': `apiVersion: example.com/v1
kind: Widget
metadata:
  name: thing
  namespace: shop
spec: {size: 3}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  http:
    - route:
        - destination: {host: reviews, subset: v2}
`,
    });
    const result = await run([
      'analyze',
      '--format',
      'json',
      '--analyzers',
      'virtualservice.DestinationRuleAnalyzer',
      dir,
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).messages).toStrictEqual([
      {
        code: 'IST0101',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'shop',
        name: 'reviews',
        message:
          'Referenced host+subset in destinationrule not found: "reviews+v2"',
        path: 'spec.http[0].route[0].destination.host',
      },
    ]);
  });

  it('gives namespace-less objects the default namespace, or none with an empty one', async () => {
    const dir = tempDir({
      'vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http: [{route: [{destination: {host: reviews, subset: v2}}]}]
`,
    });
    const analyze = async (namespace: string[]) =>
      JSON.parse(
        (
          await run([
            'analyze',
            '--format',
            'json',
            '--analyzers',
            'virtualservice.DestinationRuleAnalyzer',
            ...namespace,
            dir,
          ])
        ).stdout,
      ).messages[0].namespace;
    expect(await analyze([])).toBe('default');
    expect(await analyze(['--default-namespace', 'shop'])).toBe('shop');
    expect(await analyze(['--default-namespace', ''])).toBe('');
  });

  it('reads the mesh configuration in the manifests, and reports ISM0003 for a --root-namespace that disagrees', async () => {
    // istio-config is the root namespace the ConfigMap gives istiod, so its
    // selector PeerAuthentication is ignored by Istio (IST0101-free) and the
    // STRICT mesh-wide one applies to the pod, whose port 9090 is left out
    // of capture: ISM0001.
    const dir = tempDir({
      'mesh.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "rootNamespace: istio-config"
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-config}
spec: {mtls: {mode: STRICT}}
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels: {app: api}
  annotations: {traffic.sidecar.istio.io/excludeInboundPorts: "9090"}
spec:
  containers:
  - {name: api, image: api:1, ports: [{containerPort: 9090}]}
  - {name: istio-proxy, image: proxyv2:1.26.4}
status:
  phase: Running
  containerStatuses: [{name: api, ready: true}, {name: istio-proxy, ready: true}]
`,
    });
    const codes = async (args: string[]) => {
      const result = await run([
        'analyze',
        '--format',
        'json',
        '--analyzers',
        'istiomesh.UncapturedPortAnalyzer,istiomesh.RootNamespaceAnalyzer',
        ...args,
        dir,
      ]);
      return JSON.parse(result.stdout).messages.map(
        (m: { code: string; kind: string; name: string }) =>
          `${m.code} ${m.kind} ${m.name}`,
      );
    };
    expect(await codes([])).toStrictEqual(['ISM0001 Pod api']);
    // With istio-system as the root, istio-config's policy no longer
    // applies: the port is PERMISSIVE, so ISM0001 does not fire.
    expect(await codes(['--root-namespace', 'istio-system'])).toStrictEqual([
      'ISM0003 ConfigMap istio',
    ]);
  });

  it('suppresses by --suppress and colours levels on a terminal', async () => {
    const dir = tempDir({
      'vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http: [{route: [{destination: {host: reviews, subset: v2}}]}]
`,
    });
    const args = [
      'analyze',
      '--analyzers',
      'virtualservice.DestinationRuleAnalyzer',
      dir,
    ];
    const coloured = await run(args, { isTTY: true });
    expect(coloured.stdout).toContain('\u001b[31mError  \u001b[39m IST0101');
    const suppressed = await run([
      ...args,
      '--suppress',
      'IST0101=VirtualService shop/reviews',
    ]);
    expect(suppressed.code).toBe(0);
    expect(suppressed.stdout).toContain('No validation issues found');
  });
  describe('a GitOps directory', () => {
    it('renders its kustomizations: Online Boutique in boutique-dev, no dashboards', async () => {
      const result = await run(['analyze', '--format', 'json', gitops]);
      expect(result.stderr).toBe('');
      const { messages } = JSON.parse(result.stdout);
      // The Grafana dashboards are a configMapGenerator's input, not
      // malformed objects.
      expect(
        messages.filter((m: { code: string }) => m.code === 'IST0106'),
      ).toStrictEqual([]);
      // The base leaves the namespace to the dev overlay, not to `default`.
      expect(
        [
          ...new Set(messages.map((m: { namespace: string }) => m.namespace)),
        ].sort(),
      ).toStrictEqual(['', 'boutique-dev']);
      expect(messages).toContainEqual({
        code: 'IST0101',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'boutique-dev',
        name: 'productcatalogservice',
        message:
          'Referenced host+subset in destinationrule not found: "productcatalogservice+v2"',
        path: 'spec.http[0].route[1].destination.host',
      });
    });

    it('locates messages in the files under the directory, at the field', async () => {
      const result = await run([
        'analyze',
        '--format',
        'sarif',
        '--analyzers',
        'virtualservice.DestinationRuleAnalyzer',
        gitops,
      ]);
      const [only, ...others] = JSON.parse(result.stdout).runs[0].results;
      expect(others).toStrictEqual([]);
      expect(only.ruleId).toBe('IST0101');
      expect(only.locations[0].physicalLocation).toStrictEqual({
        artifactLocation: {
          uri: expect.stringMatching(
            /examples\/gitops\/apps\/base\/online-boutique\/base\/istio\/virtualservice-canary\.yaml$/,
          ),
        },
        region: { startLine: 17 },
      });
    });

    it('notes a remote base on stderr without failing on it', async () => {
      const dir = tempDir({
        'kustomization.yaml': [
          'namespace: shop',
          'resources:',
          '  - https://github.com/istio/istio//samples/bookinfo/platform/kube?ref=1.26.0',
          '  - namespace.yaml',
          '',
        ].join('\n'),
        'namespace.yaml':
          'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
      });
      const result = await run(['analyze', '--analyzers', '', dir]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('No validation issues found');
      expect(result.stderr).toBe(
        `istio-mesh analyze: note: ${dir}/kustomization.yaml:3: resources entry https://github.com/istio/istio//samples/bookinfo/platform/kube?ref=1.26.0: remote resources are not read\n`,
      );
    });
  });
});
