import {
  createdDiff,
  manifestActionHarness,
  pathSafetyCases,
} from '../__testUtils__/manifestActionHarness';
import { createPeerAuthenticationCreateAction } from './peerAuthenticationCreate';

const FILE =
  'apps/base/online-boutique/base/istio/peerauthentication-strict.yaml';

const STRICT = { scope: 'namespace', path: FILE };

const STRICT_YAML = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-strict-mtls
spec:
  mtls:
    mode: STRICT
`;

describe('istio:peerauthentication:create', () => {
  const { workspace, run, read, expectNothingWritten } = manifestActionHarness({
    action: createPeerAuthenticationCreateAction(),
    template: 'istio-strict-mtls',
    workspaceContent: {
      'apps/base/online-boutique/base/istio/kustomization.yaml':
        'kind: Kustomization\n',
    },
  });

  it("writes the seed's namespace-wide STRICT mTLS", async () => {
    const { outputs } = await run(STRICT);
    expect(await read(FILE)).toBe(STRICT_YAML);
    expect(outputs).toStrictEqual({
      path: FILE,
      status: 'created',
      manifest: STRICT_YAML,
      diff: createdDiff(FILE, STRICT_YAML),
      mode: 'STRICT',
      namespace: '',
    });
  });

  it('puts a mesh-wide policy in the root namespace', async () => {
    const { outputs } = await run({
      scope: 'mesh',
      rootNamespace: 'istio-root',
    });
    expect(outputs.path).toBe('peerauthentication-default.yaml');
    expect(outputs.namespace).toBe('istio-root');
    expect(outputs.manifest).toContain('  namespace: istio-root\n');
  });

  it('writes port-level modes at workload scope', async () => {
    const { outputs } = await run({
      scope: 'workload',
      name: 'paymentservice',
      namespace: 'boutique-dev',
      selector: { app: 'paymentservice' },
      portLevelMtls: [{ port: 9090, mode: 'PERMISSIVE' }],
    });
    expect(outputs.manifest).toContain(`spec:
  selector:
    matchLabels:
      app: paymentservice
  mtls:
    mode: STRICT
  portLevelMtls:
    '9090':
      mode: PERMISSIVE
`);
  });

  it('is idempotent and byte-identical, also in a dry run', async () => {
    await run(STRICT);
    const { outputs } = await run(STRICT, true);
    expect(outputs.status).toBe('unchanged');
    expect(outputs.manifest).toBe(STRICT_YAML);
    expect(await read(FILE)).toBe(STRICT_YAML);
  });

  it('does not replace a PERMISSIVE policy unless overwrite is set', async () => {
    const permissive = STRICT_YAML.replace('STRICT', 'PERMISSIVE');
    workspace.setContent({ [FILE]: permissive });
    await expect(run(STRICT)).rejects.toThrow(
      `${FILE} already exists with different content; set overwrite: true to replace it`,
    );
    expect(await read(FILE)).toBe(permissive);
    expect((await run({ ...STRICT, overwrite: true })).outputs.status).toBe(
      'overwritten',
    );
  });

  it.each([
    [
      'port-level overrides at mesh scope',
      { scope: 'mesh', portLevelMtls: [{ port: 8080, mode: 'DISABLE' }] },
      'Invalid input "portLevelMtls" for PeerAuthentication istio-system/default: port-level modes need a selector, so they are only allowed at workload scope, not mesh scope',
    ],
    [
      'STRICT at mesh scope with a selector',
      { scope: 'mesh', selector: { app: 'frontend' } },
      'Invalid input "selector" for PeerAuthentication istio-system/default: a mesh-wide STRICT policy has no selector',
    ],
    [
      'a workload scope without selector',
      { scope: 'workload', name: 'frontend' },
      'Invalid input "selector" for PeerAuthentication frontend: is required at workload scope',
    ],
    [
      'a name that is not a DNS-1123 subdomain',
      { ...STRICT, name: 'Strict mTLS' },
      'Invalid input "name" for PeerAuthentication Strict mTLS',
    ],
    ...pathSafetyCases(STRICT, 'peerauthentication.yaml'),
  ])('refuses %s and writes nothing', async (_, input, message) => {
    await expect(run(input)).rejects.toThrow(message);
    expectNothingWritten();
  });
});
