import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createdDiff,
  manifestActionHarness,
  pathSafetyCases,
} from '../__testUtils__/manifestActionHarness';
import {
  AuthorizationPolicyCreateActionOptions,
  createAuthorizationPolicyCreateAction,
} from './authorizationPolicyCreate';

const FILE =
  'apps/base/online-boutique/base/istio/authorizationpolicy-frontend.yaml';

const ONLY_FRONTEND = {
  name: 'checkoutservice-allow',
  selector: { app: 'checkoutservice' },
  from: { serviceAccounts: ['boutique-dev/frontend'] },
  to: {
    ports: [5050],
    methods: ['POST'],
    paths: ['/hipstershop.CheckoutService/PlaceOrder'],
  },
  path: FILE,
};

// The live mesh can place it: its namespace is set.
const ONLY_FRONTEND_IN_DEV = { ...ONLY_FRONTEND, namespace: 'boutique-dev' };

const ONLY_FRONTEND_YAML = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: checkoutservice-allow
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-service-rbac
spec:
  selector:
    matchLabels:
      app: checkoutservice
  action: ALLOW
  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/boutique-dev/sa/frontend
      to:
        - operation:
            ports:
              - '5050'
            methods:
              - POST
            paths:
              - /hipstershop.CheckoutService/PlaceOrder
`;

describe('istio:authorizationpolicy:create', () => {
  const harness = manifestActionHarness({
    action: createAuthorizationPolicyCreateAction(),
    template: 'istio-service-rbac',
    workspaceContent: {
      'apps/base/online-boutique/base/istio/kustomization.yaml':
        'kind: Kustomization\n',
    },
  });
  const { workspace, read, expectNothingWritten } = harness;

  const run = (
    input: Record<string, unknown>,
    options: AuthorizationPolicyCreateActionOptions = {},
    isDryRun = false,
  ) =>
    harness.run(
      input,
      isDryRun,
      createAuthorizationPolicyCreateAction(options),
    );

  it('writes "only frontend can call checkout" and says the live mesh was not checked', async () => {
    const { outputs, logger } = await run(ONLY_FRONTEND);
    expect(await read(FILE)).toBe(ONLY_FRONTEND_YAML);
    expect(outputs).toStrictEqual({
      path: FILE,
      status: 'created',
      manifest: ONLY_FRONTEND_YAML,
      diff: createdDiff(FILE, ONLY_FRONTEND_YAML),
      policies: ['checkoutservice-allow'],
      liveMeshChecked: false,
      deniedCallers: [],
    });
    expect(logger.info).toHaveBeenCalledWith(
      'live mesh state not available: the callers this policy would deny were not checked',
    );
  });

  it('lists the current callers the policy would deny, from the live mesh', async () => {
    const denied = [
      {
        namespace: 'boutique-dev',
        serviceAccount: 'loadgenerator',
        workloads: ['loadgenerator'],
      },
    ];
    const impact = jest.fn().mockResolvedValue(denied);
    const { outputs, logger } = await run(ONLY_FRONTEND_IN_DEV, { impact });
    expect(outputs.manifest).toContain('  namespace: boutique-dev\n');
    expect(impact).toHaveBeenCalledWith({
      files: [{ path: FILE, content: outputs.manifest }],
      initiatorCredentials: mockCredentials.user(),
    });
    expect(outputs.liveMeshChecked).toBe(true);
    expect(outputs.deniedCallers).toStrictEqual(denied);
    expect(logger.warn).toHaveBeenCalledWith(
      'The policy would deny current callers: boutique-dev/loadgenerator (loadgenerator)',
    );
  });

  it('writes into an overlay without namespace, and checks the policy in it against the live mesh', async () => {
    const overlay = 'apps/dev/online-boutique';
    workspace.addContent({
      [`${overlay}/kustomization.yaml`]:
        'namespace: boutique-dev\nresources:\n  - ../../base/online-boutique/base/istio\n',
    });
    const path = `${overlay}/authorizationpolicy-checkoutservice.yaml`;
    const impact = jest.fn().mockResolvedValue([]);
    const { outputs } = await run(
      { ...ONLY_FRONTEND_IN_DEV, path },
      { impact },
    );
    expect(await read(path)).toBe(ONLY_FRONTEND_YAML);
    expect(impact).toHaveBeenCalledWith({
      files: [
        {
          path,
          content: ONLY_FRONTEND_YAML.replace(
            '  name: checkoutservice-allow\n',
            '  name: checkoutservice-allow\n  namespace: boutique-dev\n',
          ),
        },
      ],
      initiatorCredentials: mockCredentials.user(),
    });
    expect(outputs.liveMeshChecked).toBe(true);
  });

  it('reports a live check that denies nobody', async () => {
    const { outputs, logger } = await run(ONLY_FRONTEND_IN_DEV, {
      impact: async () => [],
    });
    expect(outputs.liveMeshChecked).toBe(true);
    expect(outputs.deniedCallers).toStrictEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      'The policy denies none of the current callers',
    );
  });

  it.each([
    ['has no live mesh', async () => undefined],
    [
      'fails',
      async () => {
        throw new Error('connect ECONNREFUSED');
      },
    ],
  ])(
    'writes the policy and says the live mesh was not checked when the backend %s',
    async (_, impact) => {
      const { outputs, logger } = await run(ONLY_FRONTEND_IN_DEV, { impact });
      expect(outputs.status).toBe('created');
      expect(outputs.liveMeshChecked).toBe(false);
      expect(outputs.deniedCallers).toStrictEqual([]);
      expect(logger.info).toHaveBeenCalledWith(
        'live mesh state not available: the callers this policy would deny were not checked',
      );
    },
  );

  it('does not claim a live check of a policy without namespace, which the live mesh cannot place', async () => {
    const impact = jest.fn().mockResolvedValue([]);
    const { outputs, logger } = await run(ONLY_FRONTEND, { impact });
    expect(impact).not.toHaveBeenCalled();
    expect(outputs.status).toBe('created');
    expect(outputs.liveMeshChecked).toBe(false);
    expect(outputs.deniedCallers).toStrictEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      'The callers this policy would deny were not checked: the policy has no namespace; set namespace to check it against the live mesh',
    );
    expect(logger.info).not.toHaveBeenCalledWith(
      'The policy denies none of the current callers',
    );
  });

  it("adds the namespace's allow-nothing policy to the same file", async () => {
    const { outputs } = await run({
      name: 'emailservice-allow',
      namespace: 'boutique-dev',
      selector: { app: 'emailservice' },
      from: {
        serviceAccounts: ['checkoutservice'],
        namespaces: ['istio-ingress'],
      },
      allowNothing: true,
    });
    expect(outputs.path).toBe('authorizationpolicy-emailservice-allow.yaml');
    expect(outputs.policies).toStrictEqual([
      'emailservice-allow',
      'allow-nothing',
    ]);
    expect(outputs.manifest).toContain(`  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/boutique-dev/sa/checkoutservice
        - source:
            namespaces:
              - istio-ingress
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
  namespace: boutique-dev
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-service-rbac
spec: {}
`);
  });

  it('is idempotent and byte-identical, also in a dry run', async () => {
    await run(ONLY_FRONTEND);
    const { outputs } = await run(ONLY_FRONTEND, {}, true);
    expect(outputs.status).toBe('unchanged');
    expect(await read(FILE)).toBe(ONLY_FRONTEND_YAML);
  });

  it('does not replace a different file unless overwrite is set', async () => {
    workspace.setContent({ [FILE]: '# policies\n' });
    await expect(run(ONLY_FRONTEND)).rejects.toThrow(
      `${FILE} already exists with different content; set overwrite: true to replace it`,
    );
    expect(
      (await run({ ...ONLY_FRONTEND, overwrite: true })).outputs.status,
    ).toBe('overwritten');
  });

  it.each([
    [
      'a policy without callers',
      { ...ONLY_FRONTEND, from: {} },
      'Invalid input "from" for AuthorizationPolicy checkoutservice-allow: name at least one caller in serviceAccounts or namespaces',
    ],
    [
      'a service account without namespace',
      { ...ONLY_FRONTEND, from: { serviceAccounts: ['frontend'] } },
      `Invalid input "from.serviceAccounts[0]" for AuthorizationPolicy checkoutservice-allow: "frontend" has no namespace and the policy has none either`,
    ],
    [
      'a lower-case method',
      { ...ONLY_FRONTEND, to: { methods: ['post'] } },
      'Invalid input "to.methods[0]" for AuthorizationPolicy checkoutservice-allow: "post" is not an HTTP method',
    ],
    [
      'a name that is not a DNS-1123 subdomain',
      { ...ONLY_FRONTEND, name: 'Checkout' },
      'Invalid input "name" for AuthorizationPolicy Checkout',
    ],
    ...pathSafetyCases(ONLY_FRONTEND, 'authorizationpolicy.yaml'),
  ])('refuses %s and writes nothing', async (_, input, message) => {
    const impact = jest.fn();
    await expect(run(input, { impact })).rejects.toThrow(message);
    expect(impact).not.toHaveBeenCalled();
    expectNothingWritten();
  });
});
