import { readFile } from 'node:fs/promises';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createHttpRouteCreateAction } from './httpRouteCreate';

const FILE = 'infrastructure/monitoring/kiali/httproute.yaml';

const KIALI = {
  name: 'kiali',
  namespace: 'istio-system',
  gateway: {
    name: 'homelab-gateway',
    namespace: 'gateway',
    sectionName: 'https',
  },
  hostnames: ['kiali.homelab.local'],
  backend: { name: 'kiali', port: 20001 },
  path: FILE,
};

const KIALI_YAML = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: kiali
  namespace: istio-system
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-expose-httproute
spec:
  parentRefs:
    - name: homelab-gateway
      namespace: gateway
      sectionName: https
  hostnames:
    - kiali.homelab.local
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /
      backendRefs:
        - name: kiali
          port: 20001
`;

describe('istio:httproute:create', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();
  const action = createHttpRouteCreateAction();

  beforeEach(() => {
    outside.setContent({ 'keep.yaml': 'kind: ConfigMap\n' });
    workspace.setContent({
      'infrastructure/monitoring/kiali/kustomization.yaml':
        'kind: Kustomization\n',
      escape: ({ symlink }) => symlink(outside.path),
    });
  });

  async function run(input: Record<string, unknown>, isDryRun = false) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      logger,
      templateInfo: { entityRef: 'template:default/istio-expose-httproute' },
    });
    await action.handler({ ...ctx, isDryRun });
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return { outputs, logger };
  }

  const read = (path: string) => readFile(workspace.resolve(path), 'utf8');

  it("exposes Kiali at the seed's URL", async () => {
    const { outputs } = await run(KIALI);
    expect(await read(FILE)).toBe(KIALI_YAML);
    expect(outputs).toStrictEqual({
      path: FILE,
      status: 'created',
      manifest: KIALI_YAML,
      url: 'https://kiali.homelab.local/',
    });
  });

  it('links the first host name that is not a wildcard, under the path prefix', async () => {
    const { outputs } = await run({
      name: 'jaeger',
      gateway: { name: 'homelab-gateway' },
      hostnames: ['*.tracing.homelab.local', 'jaeger.homelab.local'],
      backend: { name: 'tracing', port: 80 },
      pathPrefix: '/jaeger',
    });
    expect(outputs.path).toBe('httproute-jaeger.yaml');
    expect(outputs.url).toBe('https://jaeger.homelab.local/jaeger');
  });

  it('is idempotent and byte-identical, also in a dry run', async () => {
    await run(KIALI);
    const { outputs } = await run(KIALI, true);
    expect(outputs.status).toBe('unchanged');
    expect(await read(FILE)).toBe(KIALI_YAML);
  });

  it('does not replace a different file unless overwrite is set', async () => {
    workspace.setContent({ [FILE]: KIALI_YAML.replace('20001', '80') });
    await expect(run(KIALI)).rejects.toThrow(
      `${FILE} already exists with different content; set overwrite: true to replace it`,
    );
    expect((await run({ ...KIALI, overwrite: true })).outputs.status).toBe(
      'overwritten',
    );
    expect(await read(FILE)).toBe(KIALI_YAML);
  });

  it.each([
    [
      'a URL instead of a host name',
      { ...KIALI, hostnames: ['https://kiali.homelab.local'] },
      'Invalid input "hostnames[0]" for HTTPRoute istio-system/kiali: "https://kiali.homelab.local" is not a host name',
    ],
    [
      'no host name',
      { ...KIALI, hostnames: [] },
      'Invalid input "hostnames" for HTTPRoute istio-system/kiali: name at least one host name',
    ],
    [
      'a backend in another namespace, written as a host name',
      { ...KIALI, backend: { name: 'kiali.istio-system', port: 20001 } },
      'Invalid input "backend.name" for HTTPRoute istio-system/kiali',
    ],
    [
      'a name that is not a DNS-1123 subdomain',
      { ...KIALI, name: 'Kiali' },
      'Invalid input "name" for HTTPRoute istio-system/Kiali',
    ],
    [
      'a path that climbs out of the workspace',
      { ...KIALI, path: '../httproute.yaml' },
      `Invalid path "../httproute.yaml": '..' leads outside the workspace`,
    ],
    [
      'an absolute path',
      { ...KIALI, path: '/httproute.yaml' },
      'Invalid path "/httproute.yaml": an absolute path is not allowed',
    ],
    [
      'a path through a symbolic link that leaves the workspace',
      { ...KIALI, path: 'escape/httproute.yaml' },
      'Invalid path "escape/httproute.yaml": a symbolic link on the path leads outside the workspace',
    ],
  ])('refuses %s and writes nothing', async (_, input, message) => {
    await expect(run(input)).rejects.toThrow(message);
    expect(
      workspace.content({ path: 'infrastructure/monitoring/kiali' }),
    ).toStrictEqual({ 'kustomization.yaml': 'kind: Kustomization\n' });
    expect(outside.content()).toStrictEqual({
      'keep.yaml': 'kind: ConfigMap\n',
    });
  });
});
