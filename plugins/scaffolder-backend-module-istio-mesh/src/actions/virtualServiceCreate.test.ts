import { readFile } from 'node:fs/promises';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createdDiff,
  manifestActionHarness,
  pathSafetyCases,
} from '../__testUtils__/manifestActionHarness';
import { createVirtualServiceCreateAction } from './virtualServiceCreate';

const FILE = 'apps/base/online-boutique/base/istio/virtualservice-canary.yaml';

const CANARY = {
  name: 'productcatalogservice',
  host: 'productcatalogservice',
  split: [
    { subset: 'v1', weight: 90 },
    { subset: 'v2', weight: 10 },
  ],
  path: FILE,
};

const CANARY_YAML = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: productcatalogservice
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-canary-rollout
spec:
  hosts:
    - productcatalogservice
  http:
    - name: canary
      route:
        - destination:
            host: productcatalogservice
            subset: v1
          weight: 90
        - destination:
            host: productcatalogservice
            subset: v2
          weight: 10
`;

describe('istio:virtualservice:create', () => {
  const action = createVirtualServiceCreateAction();
  const { workspace, run, read, expectNothingWritten } = manifestActionHarness({
    action,
    template: 'istio-canary-rollout',
    workspaceContent: {
      'apps/base/online-boutique/base/istio/kustomization.yaml':
        'kind: Kustomization\n',
    },
  });

  it("writes the seed's canary, labelled with the running template", async () => {
    const { outputs, logger } = await run(CANARY);
    expect(await read(FILE)).toBe(CANARY_YAML);
    expect(outputs).toStrictEqual({
      path: FILE,
      status: 'created',
      manifest: CANARY_YAML,
      diff: createdDiff(FILE, CANARY_YAML),
      name: 'productcatalogservice',
      changes: [],
      hosts: ['productcatalogservice'],
      subsets: ['v1', 'v2'],
    });
    expect(logger.info).toHaveBeenCalledWith(
      `Wrote ${FILE}: VirtualService productcatalogservice`,
    );
  });

  it('writes the same file in a dry run, and says so', async () => {
    const { outputs, logger } = await run(CANARY, true);
    expect(outputs.status).toBe('created');
    expect(await read(FILE)).toBe(CANARY_YAML);
    expect(logger.info).toHaveBeenCalledWith(
      `Wrote ${FILE}: VirtualService productcatalogservice (dry run)`,
    );
  });

  it('names the file after the kind and name when no path is given', async () => {
    const { outputs } = await run({
      name: 'cartservice',
      namespace: 'boutique-dev',
      host: 'cartservice',
      template: 'istio-retries-timeouts',
    });
    expect(outputs.path).toBe('virtualservice-cartservice.yaml');
    expect(await read('virtualservice-cartservice.yaml')).toContain(
      'istio-mesh.backstage.io/template: istio-retries-timeouts',
    );
  });

  it('is idempotent: a second run leaves the file byte for byte as it was', async () => {
    await run(CANARY);
    const { outputs, logger } = await run(CANARY);
    expect(outputs.status).toBe('unchanged');
    expect(await read(FILE)).toBe(CANARY_YAML);
    expect(logger.info).toHaveBeenCalledWith(
      `${FILE} already holds VirtualService productcatalogservice; left unchanged`,
    );
  });

  it('gives byte-identical files for the same input in another workspace', async () => {
    const { outputs } = await run(CANARY);
    const other = createMockDirectory();
    const ctx = createMockActionContext({
      input: CANARY as any,
      workspacePath: other.path,
      templateInfo: { entityRef: 'template:default/istio-canary-rollout' },
    });
    await action.handler(ctx);
    expect(await readFile(other.resolve(FILE), 'utf8')).toBe(outputs.manifest);
  });

  it('does not replace a different file unless overwrite is set', async () => {
    workspace.setContent({ [FILE]: '# hand-written\n' });
    await expect(run(CANARY)).rejects.toThrow(
      `${FILE} already exists with different content; set overwrite: true to replace it`,
    );
    expect(await read(FILE)).toBe('# hand-written\n');

    const { outputs } = await run({ ...CANARY, overwrite: true });
    expect(outputs.status).toBe('overwritten');
    expect(await read(FILE)).toBe(CANARY_YAML);
  });

  it('writes A/B routing with the other requests following the split', async () => {
    const { outputs } = await run({
      name: 'frontend',
      host: 'frontend',
      split: [{ subset: 'v1' }],
      headerMatch: { header: 'x-user-group', exact: 'beta', subset: 'v2' },
    });
    expect(outputs.subsets).toStrictEqual(['v2', 'v1']);
    expect(outputs.manifest).toContain(`  http:
    - name: v2-by-header
      match:
        - headers:
            x-user-group:
              exact: beta
      route:
        - destination:
            host: frontend
            subset: v2
    - name: default
      route:
        - destination:
            host: frontend
            subset: v1
`);
  });

  it.each([
    [
      'a name that is not a DNS-1123 subdomain',
      { ...CANARY, name: 'ProductCatalog' },
      'Invalid input "name" for VirtualService ProductCatalog',
    ],
    [
      'a namespace that is not a DNS-1123 label',
      { ...CANARY, namespace: 'boutique_dev' },
      'Invalid input "namespace" for VirtualService boutique_dev/productcatalogservice',
    ],
    [
      'weights that do not add up to 100',
      {
        ...CANARY,
        split: [
          { subset: 'v1', weight: 80 },
          { subset: 'v2', weight: 10 },
        ],
      },
      'Invalid input "split" for VirtualService productcatalogservice: weights must add up to 100, they add up to 90',
    ],
    [
      'a header match without subsets for the other requests',
      {
        ...CANARY,
        split: undefined,
        headerMatch: { header: 'x-user-group', exact: 'beta', subset: 'v2' },
      },
      'Invalid input "headerMatch" for VirtualService productcatalogservice: sends matching requests to subset "v2", but split is empty',
    ],
    ...pathSafetyCases(CANARY, 'virtualservice.yaml'),
    [
      'a path that is not a YAML file',
      { ...CANARY, path: 'apps/base/online-boutique/base/istio' },
      'Invalid path "apps/base/online-boutique/base/istio": a manifest file ends in .yaml',
    ],
  ])('refuses %s and writes nothing', async (_, input, message) => {
    await expect(run(input)).rejects.toThrow(message);
    await expect(run(input)).rejects.toMatchObject({ name: 'InputError' });
    expectNothingWritten();
  });
});

describe('istio:virtualservice:create into a repository that has a VirtualService for the host', () => {
  const ISTIO = 'apps/base/online-boutique/base/istio';
  const RETRY = `${ISTIO}/virtualservice-retry.yaml`;
  // The example repository's VirtualService for cartservice.
  const RETRY_YAML = `# Retries and a request timeout for cartservice.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: cartservice
spec:
  hosts:
    - cartservice
  http:
    - route:
        - destination:
            host: cartservice
            port:
              number: 7070
      retries:
        attempts: 3
        perTryTimeout: 2s
        retryOn: 5xx,connect-failure,unavailable
      timeout: 10s
`;
  const { workspace, run, read } = manifestActionHarness({
    action: createVirtualServiceCreateAction(),
    workspaceContent: {
      'apps/dev/online-boutique/kustomization.yaml': `namespace: boutique-dev
resources:
  - ../../base/online-boutique/base/istio
`,
      [`${ISTIO}/kustomization.yaml`]: `resources:
  - virtualservice-retry.yaml
`,
      [RETRY]: RETRY_YAML,
    },
  });
  const canary = {
    name: 'cartservice-canary',
    namespace: 'boutique-dev',
    host: 'cartservice',
    split: [
      { subset: 'v1', weight: 90 },
      { subset: 'v2', weight: 10 },
    ],
    path: `${ISTIO}/virtualservice-cartservice-canary.yaml`,
    template: 'istio-canary-rollout',
  };
  const WHOLE_ROUTE = `    - route:
        - destination:
            host: cartservice
            port:
              number: 7070
`;
  const CANARY_ROUTE = `    - route:
        - destination:
            host: cartservice
            subset: v1
            port:
              number: 7070
          weight: 90
        - destination:
            host: cartservice
            subset: v2
            port:
              number: 7070
          weight: 10
`;

  it('splits the route to the whole service, keeping its port, retries and timeout', async () => {
    const { outputs } = await run(canary);
    const merged = RETRY_YAML.replace(WHOLE_ROUTE, CANARY_ROUTE);
    expect(await read(RETRY)).toBe(merged);
    expect(outputs).toMatchObject({
      path: RETRY,
      status: 'updated',
      name: 'cartservice',
      changes: [
        'added spec.http[0].route: [{destination: {host: cartservice, subset: v1, port: {number: 7070}}, weight: 90}, {destination: {host: cartservice, subset: v2, port: {number: 7070}}, weight: 10}] instead of the whole service',
      ],
      hosts: ['cartservice'],
      subsets: ['v1', 'v2'],
    });
    expect(workspace.content({ path: ISTIO })).not.toHaveProperty(
      'virtualservice-cartservice-canary.yaml',
    );
  });

  it('changes a split or a retry policy only when confirmed', async () => {
    await run(canary);
    const split = RETRY_YAML.replace(WHOLE_ROUTE, CANARY_ROUTE);
    await expect(
      run({
        ...canary,
        split: [
          { subset: 'v1', weight: 50 },
          { subset: 'v2', weight: 50 },
        ],
        retries: { attempts: 2, perTryTimeout: '2s', retryOn: '5xx' },
      }),
    ).rejects.toThrow(
      /already sets what the form would change: spec\.http\[0\]\.route is \[.*weight: 90\}.*\]; the form sets \[.*weight: 50\}\]; spec\.http\[0\]\.retries\.attempts is 3; the form sets 2; spec\.http\[0\]\.retries\.retryOn is "5xx,connect-failure,unavailable"; the form sets 5xx\./,
    );
    expect(await read(RETRY)).toBe(split);

    await run({
      ...canary,
      split: [
        { subset: 'v1', weight: 50 },
        { subset: 'v2', weight: 50 },
      ],
      replaceExisting: true,
    });
    expect(await read(RETRY)).toBe(
      split.replace(/weight: (90|10)/g, 'weight: 50'),
    );
  });

  it('puts A/B routing ahead of the route for everyone else', async () => {
    const { outputs } = await run({
      name: 'cartservice-ab',
      namespace: 'boutique-dev',
      host: 'cartservice',
      split: [{ subset: 'v1' }],
      headerMatch: { header: 'x-user-group', exact: 'beta', subset: 'v2' },
    });
    expect(outputs.changes).toStrictEqual([
      'added spec.http[0]: route [{headers: {x-user-group: {exact: beta}}}] to [{destination: {host: cartservice, subset: v2}}]',
      'added spec.http[1].route: [{destination: {host: cartservice, subset: v1, port: {number: 7070}}}] instead of the whole service',
    ]);
    expect(await read(RETRY)).toContain(`  http:
    - name: v2-by-header
      match:
        - headers:
            x-user-group:
              exact: beta
      route:
        - destination:
            host: cartservice
            subset: v2
    - route:
        - destination:
            host: cartservice
            subset: v1
            port:
              number: 7070
      retries:
`);
  });

  it('writes a VirtualService for a gateway as a file of its own', async () => {
    const { outputs } = await run({
      name: 'cartservice-ingress',
      namespace: 'boutique-dev',
      host: 'cartservice',
      hosts: ['cart.homelab.local'],
      gateways: ['gateway/homelab'],
      path: `${ISTIO}/virtualservice-cartservice-ingress.yaml`,
    });
    expect(outputs.status).toBe('created');
    expect(await read(RETRY)).toBe(RETRY_YAML);
  });
});
