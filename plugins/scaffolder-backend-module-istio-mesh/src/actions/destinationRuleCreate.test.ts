import {
  manifestActionHarness,
  pathSafetyCases,
} from '../__testUtils__/manifestActionHarness';
import { createDestinationRuleCreateAction } from './destinationRuleCreate';

const FILE =
  'apps/base/online-boutique/base/istio/destinationrule-circuit.yaml';

const CIRCUIT = {
  name: 'cartservice',
  host: 'cartservice',
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
    workspace.setContent({ [FILE]: CIRCUIT_YAML.replace('50', '10') });
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
