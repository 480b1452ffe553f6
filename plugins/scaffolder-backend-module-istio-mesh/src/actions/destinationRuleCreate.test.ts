import {
  createdDiff,
  manifestActionHarness,
  pathSafetyCases,
} from '../__testUtils__/manifestActionHarness';
import { createDestinationRuleCreateAction } from './destinationRuleCreate';

const FILE =
  'apps/base/online-boutique/base/istio/destinationrule-circuit.yaml';

const CIRCUIT = {
  name: 'cartservice',
  host: 'cartservice',
  outlierDetection: {
    consecutive5xxErrors: 5,
    interval: '30s',
    baseEjectionTime: '30s',
    maxEjectionPercent: 50,
  },
  connectionPool: {
    tcp: { maxConnections: 100 },
    http: {
      http1MaxPendingRequests: 100,
      http2MaxRequests: 1000,
      maxRequestsPerConnection: 10,
    },
  },
  path: FILE,
  template: 'istio-circuit-breaker',
};

const CIRCUIT_YAML = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: cartservice
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-circuit-breaker
spec:
  host: cartservice
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
`;

describe('istio:destinationrule:create', () => {
  const { workspace, run, read, expectNothingWritten } = manifestActionHarness({
    action: createDestinationRuleCreateAction(),
    workspaceContent: {
      'apps/base/online-boutique/base/istio/kustomization.yaml':
        'kind: Kustomization\n',
    },
  });

  it("writes the seed's circuit breaker and connection pool", async () => {
    const { outputs, logger } = await run(CIRCUIT);
    expect(await read(FILE)).toBe(CIRCUIT_YAML);
    expect(outputs).toStrictEqual({
      path: FILE,
      status: 'created',
      manifest: CIRCUIT_YAML,
      diff: createdDiff(FILE, CIRCUIT_YAML),
      name: 'cartservice',
      changes: [],
      subsets: [],
    });
    expect(logger.info).toHaveBeenCalledWith(
      `Wrote ${FILE}: DestinationRule cartservice`,
    );
  });

  it('defines subsets from version labels with a consistent-hash load balancer', async () => {
    const { outputs } = await run({
      name: 'productcatalogservice',
      namespace: 'boutique-dev',
      host: 'productcatalogservice',
      subsets: ['v1', 'v2'],
      loadBalancer: 'CONSISTENT_HASH',
      consistentHash: { httpHeaderName: 'x-user-id' },
      outlierDetection: null,
      connectionPool: null,
      tls: { mode: 'ISTIO_MUTUAL' },
    });
    expect(outputs.path).toBe('destinationrule-productcatalogservice.yaml');
    expect(outputs.subsets).toStrictEqual(['v1', 'v2']);
    expect(outputs.manifest).toContain(`spec:
  host: productcatalogservice
  trafficPolicy:
    loadBalancer:
      consistentHash:
        httpHeaderName: x-user-id
    tls:
      mode: ISTIO_MUTUAL
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`);
  });

  it('is idempotent, also in a dry run', async () => {
    await run(CIRCUIT);
    const { outputs, logger } = await run(CIRCUIT, true);
    expect(outputs.status).toBe('unchanged');
    expect(await read(FILE)).toBe(CIRCUIT_YAML);
    expect(logger.info).toHaveBeenCalledWith(
      `${FILE} already holds DestinationRule cartservice; left unchanged (dry run)`,
    );
  });

  it('does not replace a different file unless overwrite is set', async () => {
    // A rule for another host: nothing to merge into, and not to lose.
    workspace.setContent({
      [FILE]: CIRCUIT_YAML.replace('host: cartservice', 'host: redis-cart'),
    });
    await expect(run(CIRCUIT)).rejects.toThrow(
      `${FILE} already exists with different content; set overwrite: true to replace it`,
    );
    const { outputs } = await run({ ...CIRCUIT, overwrite: true });
    expect(outputs.status).toBe('overwritten');
    expect(await read(FILE)).toBe(CIRCUIT_YAML);
  });

  it.each([
    [
      'a name that is not a DNS-1123 subdomain',
      { ...CIRCUIT, name: 'cart_service' },
      'Invalid input "name" for DestinationRule cart_service',
    ],
    [
      'a subset listed twice',
      { ...CIRCUIT, subsets: ['v1', 'v1'] },
      'Invalid input "subsets" for DestinationRule cartservice: lists "v1" more than once',
    ],
    [
      'CONSISTENT_HASH without a hash key',
      { ...CIRCUIT, loadBalancer: 'CONSISTENT_HASH' },
      'Invalid input "consistentHash" for DestinationRule cartservice: loadBalancer CONSISTENT_HASH needs a hash key',
    ],
    [
      'a hash key with another algorithm',
      {
        ...CIRCUIT,
        loadBalancer: 'RANDOM',
        consistentHash: { useSourceIp: true },
      },
      'Invalid input "consistentHash" for DestinationRule cartservice: is only used with loadBalancer CONSISTENT_HASH, but loadBalancer is RANDOM',
    ],
    [
      'an outlier detection that never ejects',
      { ...CIRCUIT, outlierDetection: { maxEjectionPercent: 0 } },
      'Invalid input "outlierDetection.maxEjectionPercent" for DestinationRule cartservice: is 0, so no host would ever be ejected',
    ],
    ...pathSafetyCases(CIRCUIT, 'destinationrule.yaml'),
  ])('refuses %s and writes nothing', async (_, input, message) => {
    await expect(run(input)).rejects.toThrow(message);
    expectNothingWritten();
  });
});

describe('istio:destinationrule:create into a repository that has a rule for the host', () => {
  const ISTIO = 'apps/base/online-boutique/base/istio';
  const EXISTING = `${ISTIO}/destinationrule-circuit.yaml`;
  // The example repository's rule for cartservice, in its base.
  const EXISTING_YAML = `# Circuit breaking for cartservice: connection pool limits and outlier detection.
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: cartservice
spec:
  host: cartservice
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
      http:
        http1MaxPendingRequests: 50
        maxRequestsPerConnection: 10
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
      baseEjectionTime: 30s
      maxEjectionPercent: 50
`;
  const repository = {
    'apps/dev/online-boutique/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: boutique-dev
resources:
  - ../../base/online-boutique/base
`,
    'apps/base/online-boutique/base/kustomization.yaml': `resources:
  - istio/
`,
    [`${ISTIO}/kustomization.yaml`]: `resources:
  - destinationrule-circuit.yaml
`,
    [EXISTING]: EXISTING_YAML,
  };
  const { workspace, run, read } = manifestActionHarness({
    action: createDestinationRuleCreateAction(),
    workspaceContent: repository,
  });
  /** The istio folder holds what it held. */
  const expectNothingWritten = () =>
    expect(workspace.content({ path: ISTIO })).toStrictEqual({
      'kustomization.yaml': repository[`${ISTIO}/kustomization.yaml`],
      'destinationrule-circuit.yaml': EXISTING_YAML,
    });
  const canary = {
    name: 'cartservice-canary',
    namespace: 'boutique-dev',
    host: 'cartservice',
    subsets: ['v1', 'v2'],
    path: `${ISTIO}/destinationrule-cartservice-canary.yaml`,
    template: 'istio-canary-rollout',
  };

  it('adds the subsets to that rule, in its file, keeping what it sets', async () => {
    const { outputs, logger } = await run(canary);
    const merged = `${EXISTING_YAML}  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`;
    expect(await read(EXISTING)).toBe(merged);
    expect(outputs).toStrictEqual({
      path: EXISTING,
      status: 'updated',
      manifest: merged,
      diff: `--- a/${EXISTING}
+++ b/${EXISTING}
@@ -17,3 +17,10 @@
       interval: 30s
       baseEjectionTime: 30s
       maxEjectionPercent: 50
+  subsets:
+    - name: v1
+      labels:
+        version: v1
+    - name: v2
+      labels:
+        version: v2
`,
      name: 'cartservice',
      changes: [
        'added spec.subsets: v1 (version=v1)',
        'added spec.subsets: v2 (version=v2)',
      ],
      subsets: ['v1', 'v2'],
    });
    expect(workspace.content({ path: ISTIO })).not.toHaveProperty(
      'destinationrule-cartservice-canary.yaml',
    );
    expect(logger.info).toHaveBeenCalledWith(
      `Merged into DestinationRule boutique-dev/cartservice in ${EXISTING}, the DestinationRule for host cartservice in namespace boutique-dev: added spec.subsets: v1 (version=v1); added spec.subsets: v2 (version=v2)`,
    );

    // Run again: the rule holds it all already.
    const again = await run(canary);
    expect(again.outputs.status).toBe('unchanged');
    expect(again.outputs.diff).toBe('');
    expect(await read(EXISTING)).toBe(merged);
  });

  it('changes a value the rule sets only when confirmed, and says which', async () => {
    await expect(
      run({ ...CIRCUIT, namespace: 'boutique-dev' }),
    ).rejects.toThrow(
      `DestinationRule boutique-dev/cartservice in ${EXISTING}:2 is the DestinationRule for host cartservice in namespace boutique-dev and already sets what the form would change: spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests is 50; the form sets 100. Confirm with replaceExisting ("Replace existing settings") to change them; nothing else in it changes.`,
    );
    expectNothingWritten();

    const { outputs } = await run({
      ...CIRCUIT,
      namespace: 'boutique-dev',
      replaceExisting: true,
    });
    expect(outputs.changes).toStrictEqual([
      'added spec.trafficPolicy.connectionPool.http.http2MaxRequests: 1000',
      'replaced: spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests is 50; the form sets 100',
    ]);
    expect(await read(EXISTING)).toBe(
      EXISTING_YAML.replace(
        '        http1MaxPendingRequests: 50\n',
        '        http1MaxPendingRequests: 100\n',
      ).replace(
        '        maxRequestsPerConnection: 10\n',
        '        maxRequestsPerConnection: 10\n        http2MaxRequests: 1000\n',
      ),
    );
  });

  it('refuses a second rule for the host, saying what istiod does with them', async () => {
    workspace.addContent({
      [`${ISTIO}/kustomization.yaml`]: `resources:
  - destinationrule-circuit.yaml
  - destinationrule-lb.yaml
`,
      [`${ISTIO}/destinationrule-lb.yaml`]: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: cartservice-lb
spec:
  host: cartservice.boutique-dev.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      simple: LEAST_REQUEST
`,
    });
    await expect(run(canary)).rejects.toThrow(
      `The repository holds 2 objects that are each a DestinationRule for host cartservice in namespace boutique-dev: DestinationRule boutique-dev/cartservice (${EXISTING}:2), DestinationRule boutique-dev/cartservice-lb (${ISTIO}/destinationrule-lb.yaml:1). istiod merges the DestinationRules of one host in one namespace into one: it concatenates their subsets, the first definition of a name winning, and applies only the oldest rule's top-level traffic policy, so a second rule's settings would be silently ignored. Today istiod merges boutique-dev/cartservice, boutique-dev/cartservice-lb in that order, applies the traffic policy of boutique-dev/cartservice and ignores that of boutique-dev/cartservice-lb. Merge them into one first.`,
    );
    expect(await read(EXISTING)).toBe(EXISTING_YAML);
  });

  it('writes a new rule without namespace where the overlay sets it', async () => {
    const path = `${ISTIO}/destinationrule-checkoutservice-canary.yaml`;
    const { outputs, logger } = await run({
      ...canary,
      name: 'checkoutservice-canary',
      host: 'checkoutservice',
      path,
    });
    expect(outputs.status).toBe('created');
    expect(await read(path)).toBe(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: checkoutservice-canary
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-canary-rollout
spec:
  host: checkoutservice
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`);
    expect(logger.info).toHaveBeenCalledWith(
      `${path} carries no namespace: the kustomizations that build its folder set it: boutique-dev (apps/dev/online-boutique/kustomization.yaml)`,
    );
  });

  it('refuses to write into a base that no overlay deploys into the namespace', async () => {
    await expect(
      run({
        ...canary,
        name: 'checkoutservice-canary',
        host: 'checkoutservice',
        namespace: 'boutique-prod',
        path: `${ISTIO}/destinationrule-checkoutservice-canary.yaml`,
      }),
    ).rejects.toThrow(
      `${ISTIO}/destinationrule-checkoutservice-canary.yaml would be deployed into namespace boutique-dev (apps/dev/online-boutique/kustomization.yaml), not boutique-prod`,
    );
    expectNothingWritten();
  });
});
