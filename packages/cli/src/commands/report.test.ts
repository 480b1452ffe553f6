import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { main } from '../index';
import { captureIo } from '../testing/captureIo';

const repoRoot = path.resolve(__dirname, '../../../..');
const homelab = path.resolve(
  __dirname,
  '../../../../examples/cluster/homelab.yaml',
);
const gitops = path.resolve(__dirname, '../../../../examples/gitops');

async function run(argv: string[], options: { isTTY?: boolean } = {}) {
  const { io, stdout, stderr } = captureIo(options);
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

function tempDir(files: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mesh-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          ports: [{ containerPort: 8080 }]
`;

describe('istio-mesh report', () => {
  const tempDirs: string[] = [];
  const makeTempDir = (files?: Record<string, string>) => {
    const dir = tempDir(files);
    tempDirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of tempDirs)
      fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('--format json', () => {
    it('reports every workload of a cluster snapshot without pods or cluster', async () => {
      const { code, stdout, stderr } = await run([
        'report',
        '--format',
        'json',
        homelab,
      ]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^{\n {2}"meshConfig": {\n {4}"rootNamespace"/);

      const { meshConfig, workloads } = JSON.parse(stdout);
      expect(meshConfig).toStrictEqual({
        rootNamespace: 'istio-system',
        trustDomain: 'cluster.local',
        trustDomainAliases: [],
        enableAutoMtls: true,
        extensionProviders: ['jaeger'],
        source: 'ConfigMap istio-system/istio-default-v1-26-4',
        explicit: {},
        revisions: {
          'default-v1-26-4': 'ConfigMap istio-system/istio-default-v1-26-4',
        },
        conflicts: [],
        problems: [],
      });
      expect(workloads).toHaveLength(13);
      for (const workload of workloads) {
        expect(Object.keys(workload)).toStrictEqual([
          'namespace',
          'name',
          'kind',
          'serviceAccount',
          'dataplane',
          'mtls',
          'authorization',
          'virtualServices',
          'destinationRules',
          'clientTls',
          'criteria',
        ]);
      }
      const byName = (name: string) =>
        workloads.find((w: { name: string }) => w.name === name);

      expect(byName('paymentservice')).toStrictEqual({
        namespace: 'boutique-dev',
        name: 'paymentservice',
        kind: 'Deployment',
        serviceAccount: 'paymentservice',
        dataplane: 'sidecar',
        mtls: {
          mode: 'PERMISSIVE',
          ports: { '50051': 'PERMISSIVE' },
          policies: [
            'istio-system/default',
            'boutique-dev/default',
            'boutique-dev/paymentservice-permissive',
          ],
          uncaptured: {},
        },
        authorization: { policies: ['boutique-dev/paymentservice-allow'] },
        virtualServices: [],
        destinationRules: [],
        clientTls: [
          {
            service: 'paymentservice',
            port: 50051,
            targetPort: 50051,
            clientNamespace: '*',
            mode: 'AUTO',
            reason:
              'no DestinationRule applies; auto mTLS sends Istio mTLS to endpoints with a sidecar',
          },
        ],
        criteria: [
          expect.objectContaining({ id: 'sidecar-injected', status: 'pass' }),
          expect.objectContaining({
            id: 'mtls-strict',
            status: 'fail',
            fixTemplate: 'istio-strict-mtls',
          }),
          expect.objectContaining({
            id: 'traffic-policy',
            status: 'fail',
            fixTemplate: 'istio-retries-timeouts',
          }),
          expect.objectContaining({ id: 'authz-enforced', status: 'pass' }),
        ],
      });
      expect(byName('redis-cart').dataplane).toBe('none');
      expect(byName('frontend').mtls.ports).toStrictEqual({
        '8080': 'STRICT',
        '9090': 'PERMISSIVE',
      });
    });

    it('takes the root namespace from --root-namespace and says it disagrees with the inputs', async () => {
      const { code, stdout } = await run([
        'report',
        '--format=json',
        '--root-namespace',
        'boutique-dev',
        homelab,
      ]);
      expect(code).toBe(0);
      const payment = JSON.parse(stdout).workloads.find(
        (w: { name: string }) => w.name === 'paymentservice',
      );
      // In the root namespace, Istio ignores policies with a selector.
      expect(payment.mtls).toStrictEqual({
        mode: 'STRICT',
        ports: { '50051': 'STRICT' },
        policies: ['boutique-dev/default'],
        uncaptured: {},
      });
      expect(JSON.parse(stdout).meshConfig).toMatchObject({
        rootNamespace: 'boutique-dev',
        explicit: { rootNamespace: '--root-namespace' },
        conflicts: [
          '--root-namespace boutique-dev disagrees with ConfigMap istio-system/istio-default-v1-26-4 (rootNamespace: istio-system); boutique-dev is used',
          '--root-namespace boutique-dev disagrees with Istio default (rootNamespace: istio-system); boutique-dev is used',
        ],
      });
    });
  });

  describe('--format text', () => {
    it('prints a block per workload and a summary, without colour off a terminal', async () => {
      const { code, stdout, stderr } = await run(['report', homelab]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).not.toContain('\u001b[');
      expect(stdout).toMatch(
        /^Mesh configuration: root namespace istio-system, trust domain cluster.local \(ConfigMap istio-system\/istio-default-v1-26-4\)\n\n/,
      );
      expect(stdout).toContain(
        [
          'Deployment boutique-dev/frontend  (sa frontend, sidecar)',
          '  mTLS STRICT; port 9090 PERMISSIVE  (policies: istio-system/default, boutique-dev/default, boutique-dev/frontend-health)',
          '  AuthorizationPolicies boutique-dev/frontend-allow-all',
          '  ✓ pass     sidecar-injected  All 2 pods of Deployment boutique-dev/frontend have a ready istio-proxy',
          '  ✗ fail     mtls-strict       ',
        ].join('\n'),
      );
      expect(stdout).toMatch(
        /^ {2}! warn {5}sidecar-injected {2}istio-proxy is not ready/m,
      );
      expect(stdout).toContain(
        '  AuthorizationPolicies boutique-dev/productcatalogservice-allow; VirtualServices boutique-dev/productcatalogservice; DestinationRules boutique-dev/productcatalogservice\n',
      );
      expect(stdout).toContain(
        '  no AuthorizationPolicy, VirtualService or DestinationRule applies\n',
      );
      expect(
        stdout.endsWith(
          '\n\n13 workloads: sidecar-injected 10 pass, 1 warn, 2 fail; mtls-strict 9 pass, 4 fail; traffic-policy 1 warn, 12 fail; authz-enforced 9 pass, 4 fail\n',
        ),
      ).toBe(true);
    });

    it('is the default and colours the same text on a terminal', async () => {
      const plain = await run(['report', homelab]);
      const coloured = await run(['report', '--format', 'text', homelab], {
        isTTY: true,
      });
      expect(coloured.code).toBe(0);
      expect(coloured.stdout).toContain('\u001b[32m✓ pass   \u001b[39m');
      expect(coloured.stdout).toContain('\u001b[31m✗ fail   \u001b[39m');
      expect(stripVTControlCharacters(coloured.stdout)).toBe(plain.stdout);
    });
  });

  describe('reading manifests', () => {
    it('reads a directory with its kustomizations, the Grafana dashboards not as objects', async () => {
      const { code, stdout, stderr } = await run([
        'report',
        '-f',
        'json',
        gitops,
      ]);
      expect(code).toBe(0);
      // The dashboards are a configMapGenerator's input, not manifests.
      expect(stderr).toBe('');
      const workloads = JSON.parse(stdout).workloads.map(
        (w: { namespace?: string; name: string }) => `${w.namespace}/${w.name}`,
      );
      expect(workloads).toHaveLength(13);
      // The dev overlay's namespace reaches the base it includes.
      expect(workloads).toEqual(
        expect.arrayContaining([
          'boutique-dev/frontend',
          'boutique-dev/redis-cart',
          'observability/jaeger',
        ]),
      );
    });

    it('reports unparseable and malformed documents as file:line and keeps going', async () => {
      const dir = makeTempDir({
        'web.yaml': deployment,
        'broken.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: name: x\n',
        'bad.json': JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'bad', namespace: 'shop' },
          spec: { template: { spec: { containers: 'bad' } } },
        }),
        'notes.txt': 'not: [a manifest',
        '.git/config.yaml': 'not: [read',
        'node_modules/chart/values.yaml': 'not: [read',
      });
      const { code, stdout, stderr } = await run(['report', dir]);
      expect(code).toBe(0);
      expect(stderr.split('\n')).toStrictEqual([
        `${dir}/bad.json:1: Deployment shop/bad: spec.template.spec.containers: Invalid input: expected array, received string`,
        expect.stringMatching(
          /^.*\/broken\.yml:3: invalid YAML: Nested mappings are not allowed/,
        ),
        '',
      ]);
      expect(stdout).toContain('Deployment shop/web  (sa default, none)');
      expect(stdout).toMatch(
        /\n1 workload: sidecar-injected 1 warn; mtls-strict 1 warn; traffic-policy 1 unknown; authz-enforced 1 fail\n$/,
      );
    });

    it('shows the ports that bypass the proxy and the clients that do not send Istio mTLS', async () => {
      const dir = makeTempDir({
        'api.yaml': `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels: {app: api, security.istio.io/tlsMode: istio}
  annotations: {traffic.sidecar.istio.io/excludeInboundPorts: "9090"}
spec:
  containers:
  - {name: api, ports: [{containerPort: 8080}, {containerPort: 9090}]}
  - {name: istio-proxy, image: proxyv2}
status:
  phase: Running
  containerStatuses: [{name: api, ready: true}, {name: istio-proxy, ready: true}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api-plain, namespace: web}
spec:
  host: api.shop.svc.cluster.local
  trafficPolicy: {tls: {mode: DISABLE}}
`,
      });
      const { code, stdout } = await run(['report', dir]);
      expect(code).toBe(0);
      expect(stdout).toContain(
        [
          'Pod shop/api  (sa default, sidecar)',
          '  mTLS PERMISSIVE; port 9090 not captured (traffic.sidecar.istio.io/excludeInboundPorts: "9090")  (no PeerAuthentication applies)',
          '  clients in web -> api:80 DISABLE (web/api-plain)',
        ].join('\n'),
      );
    });

    it('reads a file named explicitly whatever its extension, once', async () => {
      const dir = makeTempDir({ 'web.manifest': deployment });
      const file = path.join(dir, 'web.manifest');
      const { code, stdout } = await run(['report', '-f', 'json', file, file]);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).workloads).toHaveLength(1);
    });

    it('exits 2 when an empty directory holds no manifests', async () => {
      const dir = makeTempDir();
      const { code, stdout, stderr } = await run(['report', dir]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `istio-mesh report: no Kubernetes manifests found in ${dir}\n`,
      );
    });

    it('exits 2 naming a missing path, and prints no report', async () => {
      const missing = path.join(os.tmpdir(), 'istio-mesh-no-such-dir');
      const { code, stdout, stderr } = await run(['report', homelab, missing]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `istio-mesh report: cannot read ${missing}: no such file or directory\n`,
      );
    });
  });

  describe('usage errors', () => {
    it.each([
      [
        ['report', '--format', 'yaml', homelab],
        "--format must be text or json, not 'yaml'",
      ],
      [['report', '--verbose', homelab], "Unknown option '--verbose'"],
      [
        ['report', '--format'],
        "Option '-f, --format <value>' argument missing",
      ],
      [
        ['report', '--root-namespace=', homelab],
        '--root-namespace must not be empty',
      ],
      [['report'], 'no files or directories given'],
    ])('exits 2 for %j', async (argv, message) => {
      const { code, stdout, stderr } = await run(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `istio-mesh report: ${message}\nRun 'istio-mesh report --help' for usage.\n`,
      );
    });
  });

  it('runs as bin/istio-mesh.js from the repository root', () => {
    const result = spawnSync(
      process.execPath,
      [
        'packages/cli/bin/istio-mesh.js',
        'report',
        '--format',
        'json',
        'examples/cluster/homelab.yaml',
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).workloads).toHaveLength(13);
  }, 60_000);
});
