import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import request from 'supertest';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import {
  analyzeInContext,
  FIX_TEMPLATES,
  KubernetesObject,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  parseManifests,
  TEMPLATE_LABEL,
  validateManifestSchema,
} from '@istio-mesh/plugin-istio-mesh-common';
import istioMeshPlugin from '@istio-mesh/plugin-istio-mesh-backend';
import scaffolderModuleIstioMesh from '@istio-mesh/plugin-scaffolder-backend-module-istio-mesh';
import { parse } from 'yaml';
import {
  deployedObjects,
  DryRunFile,
  EXAMPLES,
  exampleGitopsContents,
  snapshotWithVersion,
} from './__testUtils__/exampleFixtures';

jest.setTimeout(180_000);

const TEMPLATES = join(__dirname, '../../../templates');
const ISTIO_FOLDER = 'apps/base/online-boutique/base/istio';

// Where the live mesh has rolled out a v2 of these services, so that a
// canary or A/B split to v2 has pods to go to.
const SERVICES_WITH_V2 = ['checkoutservice', 'frontend'];

interface TemplateStep {
  id: string;
  name?: string;
  action: string;
  input?: Record<string, any>;
}

interface TemplateEntity {
  metadata: { name: string };
  spec: {
    parameters: Array<{ properties?: Record<string, any> }>;
    steps: TemplateStep[];
  };
}

/** How a dry run logs the inputs of the step that would open the pull request. */
const PUBLISH_INPUTS =
  'info: Running publish:github:pull-request in dry-run mode with inputs (secrets redacted): ';

function readTemplate(name: string): TemplateEntity {
  return parse(readFileSync(join(TEMPLATES, name, 'template.yaml'), 'utf8'));
}

/** The form's values as the scaffolder page submits them: defaults filled in. */
function formValues(template: TemplateEntity, values: Record<string, unknown>) {
  const defaults = Object.fromEntries(
    template.spec.parameters.flatMap(page =>
      Object.entries(page.properties ?? {})
        .filter(([, property]) => property.default !== undefined)
        .map(([key, property]) => [key, property.default]),
    ),
  );
  return {
    ...defaults,
    repoUrl: 'github.com?owner=acme&repo=gitops',
    // fetch:plain reads a relative URL from the dry-run's template folder,
    // where the directoryContents are.
    sourceUrl: './gitops',
    ...values,
  };
}

interface PullRequest {
  branchName: string;
  title: string;
  description: string;
}

interface DryRunResult {
  files: Map<string, string>;
  log: string[];
  pullRequest: PullRequest;
  output: {
    links: Array<{ title: string; url?: string; entityRef?: string }>;
    text: Array<{ title: string; content: string }>;
  };
}

const user = { Authorization: mockCredentials.user.header() };

/** A written object; the tests compare its spec with what they expect. */
type WrittenObject = KubernetesObject & { spec: any };

function objectsIn(files: Map<string, string>, path: string): WrittenObject[] {
  const content = files.get(path);
  if (content === undefined) {
    throw new Error(
      `${path} was not written; the workspace holds ${[...files.keys()]
        .filter(f => !f.startsWith('infrastructure/monitoring/grafana'))
        .join(', ')}`,
    );
  }
  const { objects, problems } = parseManifests(content, path);
  expect(problems).toEqual([]);
  return objects.map(entry => entry.object as WrittenObject);
}

const identify = (object: KubernetesObject) =>
  `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;

describe('the istio-mesh templates on the real scaffolder backend', () => {
  const mockDir = createMockDirectory();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let livePods: KubernetesObject[];

  beforeAll(async () => {
    const snapshot = snapshotWithVersion(SERVICES_WITH_V2, 'v2');
    livePods = (JSON.parse(snapshot).items as KubernetesObject[]).filter(
      item => item.kind === 'Pod',
    );
    mockDir.setContent({ 'homelab.json': snapshot });
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleGithub,
        scaffolderModuleIstioMesh,
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        istioMeshPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Group',
                    'Location',
                    'Template',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: join(EXAMPLES, 'catalog/all.yaml') },
              ],
            },
            // The pull request action wants a token even in a dry run,
            // which never calls GitHub.
            integrations: {
              github: [{ host: 'github.com', token: 'unused-in-dry-runs' }],
            },
            istioMesh: {
              clusterSnapshots: [
                { cluster: 'homelab', path: mockDir.resolve('homelab.json') },
              ],
              // Every template here runs as the same user within a minute or
              // two, each analyzing once or twice; the default of ten
              // analyses a minute is meant for people.
              analyze: { rateLimit: { requests: 100 } },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.user(),
        }),
      ],
    });

    // The catalog ingests the example location in the background.
    for (let attempt = 0; attempt < 120; attempt++) {
      const response = await request(backend.server)
        .get('/api/catalog/entities/by-query')
        .query({ filter: 'kind=template,metadata.tags=istio' })
        .set(user);
      const components = await request(backend.server)
        .get('/api/catalog/entities/by-query')
        .query({ filter: 'kind=component' })
        .set(user);
      if (response.body.items?.length === 8 && components.body.items?.length) {
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    throw new Error('The example catalog was not ingested');
  });

  afterAll(() => backend?.stop());

  async function dryRun(
    name: string,
    values: Record<string, unknown>,
  ): Promise<DryRunResult> {
    const template = readTemplate(name);
    const directoryContents: DryRunFile[] = exampleGitopsContents('gitops');
    const response = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set(user)
      .send({
        template,
        values: formValues(template, values),
        secrets: {},
        directoryContents,
      });
    if (response.status !== 200) {
      throw new Error(
        `Dry run of ${name} failed with ${response.status}: ${
          response.body.error?.message ?? JSON.stringify(response.body)
        }`,
      );
    }
    const entries = (
      response.body.log as Array<{ body: { message: string; stepId?: string } }>
    ).map(entry => ({
      ...entry.body,
      // Step loggers colour the level.
      message: stripVTControlCharacters(entry.body.message),
    }));
    // The publish step does not run in a dry run; its inputs are logged.
    const publish = entries.find(
      entry =>
        entry.stepId === 'publish' && entry.message.startsWith(PUBLISH_INPUTS),
    )!;
    const { branchName, title, description } = JSON.parse(
      publish.message.slice(PUBLISH_INPUTS.length),
    );
    return {
      files: new Map(
        (response.body.directoryContents as DryRunFile[]).map(file => [
          file.path,
          Buffer.from(file.base64Content, 'base64').toString('utf8'),
        ]),
      ),
      log: entries.map(entry => entry.message),
      pullRequest: { branchName, title, description },
      output: response.body.output,
    };
  }

  /** The checks every template's result passes. */
  function expectReviewablePullRequest(
    name: string,
    result: DryRunResult,
    written: string[],
    branch: string,
  ) {
    expect(result.log.filter(line => /^error:/.test(line))).toEqual([]);
    expect(result.log).toContain('Finished step Open the pull request');
    expect(result.pullRequest.branchName).toBe(`istio-mesh/${name}-${branch}`);

    const objects = deployedObjects(result.files);
    for (const path of written) {
      const folder = posix.dirname(path);
      const kustomization = parse(
        result.files.get(`${folder}/kustomization.yaml`)!,
      );
      expect(kustomization.resources).toContain(posix.basename(path));

      const analyzed = objects.filter(entry => entry.location.file === path);
      expect(analyzed.length).toBeGreaterThan(0);
      for (const { object } of analyzed) {
        expect(validateManifestSchema(object)).toEqual([]);
        expect(object.metadata.labels).toMatchObject({
          [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
          [TEMPLATE_LABEL]: name,
        });
      }
      // The rest of the repository, and the pods that run, as istioctl
      // analyze would see them once Argo CD synced the pull request.
      const messages = analyzeInContext({
        analyzed,
        context: [
          ...objects
            .filter(entry => entry.location.file !== path)
            .map(entry => entry.object),
          ...livePods,
        ],
      });
      expect(messages.filter(message => message.level === 'Error')).toEqual([]);

      expect(result.pullRequest.description).toContain(`\`${path}\` (created)`);
      const review = result.output.text.map(text => text.content).join('\n');
      expect(review).toContain(`\`\`\`yaml\n${result.files.get(path)}\`\`\``);
    }
    const analysis = result.output.text.find(text => text.title === 'Analysis');
    expect(analysis?.content).toContain(
      'Checked against the live mesh of cluster `homelab`.',
    );
    expect(result.output.links[0].title).toBe('Pull request');
  }

  it('lists the nine istio actions', async () => {
    const response = await request(backend.server)
      .get('/api/scaffolder/v2/actions')
      .set(user);

    expect(response.status).toBe(200);
    const ids = (response.body as Array<{ id: string }>)
      .map(action => action.id)
      .filter(id => id.startsWith('istio:'));
    expect(ids.sort()).toEqual([
      'istio:authorizationpolicy:create',
      'istio:destinationrule:create',
      'istio:httproute:create',
      'istio:kustomization:add',
      'istio:manifests:analyze',
      'istio:peerauthentication:create',
      'istio:requestauthentication:create',
      'istio:virtualservice:create',
      'istio:workload:resolve',
    ]);
  });

  it('registers the templates the Mesh tab links to in the example catalog', async () => {
    const response = await request(backend.server)
      .get('/api/catalog/entities/by-query')
      .query({ filter: 'kind=template' })
      .set(user);

    const names = (response.body.items as TemplateEntity[]).map(
      entity => entity.metadata.name,
    );
    expect(names.sort()).toEqual(Object.values(FIX_TEMPLATES).sort());
  });

  it('accepts what the Mesh tab pre-fills in every template', () => {
    for (const name of Object.values(FIX_TEMPLATES)) {
      const properties = Object.assign(
        {},
        ...readTemplate(name).spec.parameters.map(page => page.properties),
      );
      expect(Object.keys(properties)).toEqual(
        expect.arrayContaining(['entityRef', 'namespace', 'workload', 'host']),
      );
    }
  });

  it('writes a canary split with its subsets', async () => {
    const result = await dryRun(FIX_TEMPLATES.canaryRollout, {
      entityRef: 'component:default/checkoutservice',
      namespace: 'boutique-dev',
      workload: 'checkoutservice',
      host: 'checkoutservice',
    });

    const destinationRule = `${ISTIO_FOLDER}/destinationrule-checkoutservice-canary.yaml`;
    const virtualService = `${ISTIO_FOLDER}/virtualservice-checkoutservice-canary.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.canaryRollout,
      result,
      [destinationRule, virtualService],
      'checkoutservice',
    );
    expect(result.pullRequest.title).toBe(
      'Canary for checkoutservice: 10 % to v2',
    );
    const [rule] = objectsIn(result.files, destinationRule);
    expect(identify(rule)).toBe(
      'DestinationRule boutique-dev/checkoutservice-canary',
    );
    expect(rule.spec.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ]);
    const [routes] = objectsIn(result.files, virtualService);
    expect(routes.spec.http[0].route).toEqual([
      { destination: { host: 'checkoutservice', subset: 'v1' }, weight: 90 },
      { destination: { host: 'checkoutservice', subset: 'v2' }, weight: 10 },
    ]);
  });

  it('writes header-based A/B routing', async () => {
    const result = await dryRun(FIX_TEMPLATES.headerRouting, {
      entityRef: 'component:default/frontend',
      namespace: 'boutique-dev',
      workload: 'frontend',
      host: 'frontend',
    });

    const destinationRule = `${ISTIO_FOLDER}/destinationrule-frontend-ab.yaml`;
    const virtualService = `${ISTIO_FOLDER}/virtualservice-frontend-ab.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.headerRouting,
      result,
      [destinationRule, virtualService],
      'frontend',
    );
    expect(result.pullRequest.title).toBe(
      'A/B routing for frontend: x-user-group to v2',
    );
    const [routes] = objectsIn(result.files, virtualService);
    expect(
      routes.spec.http.map((http: any) => [http.match, http.route]),
    ).toEqual([
      [
        [{ headers: { 'x-user-group': { exact: 'beta' } } }],
        [{ destination: { host: 'frontend', subset: 'v2' } }],
      ],
      [undefined, [{ destination: { host: 'frontend', subset: 'v1' } }]],
    ]);
  });

  it('writes retries and a timeout', async () => {
    const result = await dryRun(FIX_TEMPLATES.retriesTimeouts, {
      entityRef: 'component:default/currencyservice',
      namespace: 'boutique-dev',
      workload: 'currencyservice',
      host: 'currencyservice',
      retryOn: '5xx,connect-failure,unavailable',
      port: 7000,
    });

    const virtualService = `${ISTIO_FOLDER}/virtualservice-currencyservice-retries.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.retriesTimeouts,
      result,
      [virtualService],
      'currencyservice',
    );
    const [routes] = objectsIn(result.files, virtualService);
    expect(routes.spec.http[0]).toMatchObject({
      route: [
        { destination: { host: 'currencyservice', port: { number: 7000 } } },
      ],
      retries: {
        attempts: 3,
        perTryTimeout: '2s',
        retryOn: '5xx,connect-failure,unavailable',
      },
      timeout: '10s',
    });
  });

  it('writes a circuit breaker', async () => {
    const result = await dryRun(FIX_TEMPLATES.circuitBreaker, {
      entityRef: 'component:default/shippingservice',
      namespace: 'boutique-dev',
      workload: 'shippingservice',
      host: 'shippingservice',
      http1MaxPendingRequests: 50,
    });

    const destinationRule = `${ISTIO_FOLDER}/destinationrule-shippingservice-circuit-breaker.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.circuitBreaker,
      result,
      [destinationRule],
      'shippingservice',
    );
    const [rule] = objectsIn(result.files, destinationRule);
    expect(rule.spec.trafficPolicy).toEqual({
      connectionPool: {
        tcp: { maxConnections: 100 },
        http: {
          http1MaxPendingRequests: 50,
          http2MaxRequests: 1000,
          maxRequestsPerConnection: 10,
        },
      },
      outlierDetection: {
        consecutive5xxErrors: 5,
        interval: '30s',
        baseEjectionTime: '30s',
        maxEjectionPercent: 50,
      },
    });
  });

  it('writes STRICT mTLS for a workload', async () => {
    const result = await dryRun(FIX_TEMPLATES.strictMtls, {
      entityRef: 'component:default/paymentservice',
      namespace: 'boutique-dev',
      workload: 'paymentservice',
      host: 'paymentservice',
    });

    const peerAuthentication = `${ISTIO_FOLDER}/peerauthentication-paymentservice-strict.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.strictMtls,
      result,
      [peerAuthentication],
      'paymentservice',
    );
    expect(result.pullRequest.title).toBe('STRICT mTLS for paymentservice');
    const [policy] = objectsIn(result.files, peerAuthentication);
    expect(identify(policy)).toBe(
      'PeerAuthentication boutique-dev/paymentservice-strict',
    );
    expect(policy.spec).toEqual({
      selector: { matchLabels: { app: 'paymentservice' } },
      mtls: { mode: 'STRICT' },
    });
  });

  it('writes service-to-service RBAC and names the callers it denies', async () => {
    const result = await dryRun(FIX_TEMPLATES.serviceRbac, {
      entityRef: 'component:default/emailservice',
      namespace: 'boutique-dev',
      workload: 'emailservice',
      host: 'emailservice',
      callers: ['checkoutservice'],
      ports: [8080],
      methods: ['POST'],
    });

    const authorizationPolicy = `${ISTIO_FOLDER}/authorizationpolicy-emailservice.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.serviceRbac,
      result,
      [authorizationPolicy],
      'emailservice',
    );
    expect(result.pullRequest.title).toBe(
      'Only checkoutservice may call emailservice',
    );
    const [policy] = objectsIn(result.files, authorizationPolicy);
    expect(identify(policy)).toBe(
      'AuthorizationPolicy boutique-dev/emailservice-allow',
    );
    expect(policy.spec).toEqual({
      selector: { matchLabels: { app: 'emailservice' } },
      action: 'ALLOW',
      rules: [
        {
          from: [
            {
              source: {
                principals: [
                  'cluster.local/ns/boutique-dev/sa/checkoutservice',
                ],
              },
            },
          ],
          to: [{ operation: { ports: ['8080'], methods: ['POST'] } }],
        },
      ],
    });
    // emailservice admits everyone today: every other meshed caller loses
    // access, which both the review and the pull request say.
    const denied = result.output.text.find(t => t.title === 'Denied callers')!;
    const deniedInDescription = result.pullRequest.description
      .split('**Callers the policies allow today that this denies:**')[1]
      .split('Files:')[0];
    expect(deniedInDescription.match(/`boutique-dev\/[a-z-]+`/g)).toEqual(
      denied.content.match(/`boutique-dev\/[a-z-]+`/g),
    );
    expect(denied.content.match(/`boutique-dev\/[a-z-]+`/g)).toEqual([
      '`boutique-dev/adservice`',
      '`boutique-dev/cartservice`',
      '`boutique-dev/currencyservice`',
      '`boutique-dev/frontend`',
      '`boutique-dev/paymentservice`',
      '`boutique-dev/productcatalogservice`',
      '`boutique-dev/recommendationservice`',
      '`boutique-dev/shippingservice`',
    ]);
  });

  it('writes JWT authentication that requires the token', async () => {
    const result = await dryRun(FIX_TEMPLATES.jwtAuth, {
      entityRef: 'component:default/frontend',
      namespace: 'boutique-dev',
      workload: 'frontend',
      host: 'frontend',
      audiences: ['online-boutique'],
      requireTokenPaths: ['/api/*'],
    });

    const requestAuthentication = `${ISTIO_FOLDER}/requestauthentication-frontend.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.jwtAuth,
      result,
      [requestAuthentication],
      'frontend',
    );
    const objects = objectsIn(result.files, requestAuthentication);
    expect(objects.map(identify)).toEqual([
      'RequestAuthentication boutique-dev/frontend',
      'AuthorizationPolicy boutique-dev/frontend-require-jwt',
    ]);
    expect(objects[0].spec.jwtRules).toEqual([
      { issuer: 'https://auth.homelab.local', audiences: ['online-boutique'] },
    ]);
  });

  it.each([
    ['kiali', 'istio-system', { name: 'kiali', port: 20001 }],
    ['jaeger', 'observability', { name: 'tracing', port: 80 }],
  ])('exposes %s by an HTTPRoute', async (tool, namespace, backendRef) => {
    const result = await dryRun(FIX_TEMPLATES.exposeHttpRoute, {
      tool,
      // A fix link's values, which the route does not depend on.
      entityRef: 'component:default/frontend',
      namespace: 'boutique-dev',
      workload: 'frontend',
      host: 'frontend',
    });

    const httpRoute = `infrastructure/monitoring/${tool}/httproute.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.exposeHttpRoute,
      result,
      [httpRoute],
      tool,
    );
    const [route] = objectsIn(result.files, httpRoute);
    expect(identify(route)).toBe(`HTTPRoute ${namespace}/${tool}`);
    expect(route.spec).toMatchObject({
      parentRefs: [
        { name: 'homelab-gateway', namespace: 'gateway', sectionName: 'https' },
      ],
      hostnames: [`${tool}.homelab.local`],
      rules: [{ backendRefs: [backendRef] }],
    });
    expect(result.output.links[1]).toEqual({
      title: `${tool} once merged`,
      url: `https://${tool}.homelab.local/`,
    });
  });

  it.each([
    // backstage.io/kubernetes-label-selector: app=cartservice
    [
      FIX_TEMPLATES.strictMtls,
      'cartservice',
      'peerauthentication-cartservice-strict.yaml',
    ],
    // backstage.io/kubernetes-id: checkoutservice
    [
      FIX_TEMPLATES.circuitBreaker,
      'checkoutservice',
      'destinationrule-checkoutservice-circuit-breaker.yaml',
    ],
  ])(
    '%s takes namespace and workload of %s from its annotations',
    async (name, service, file) => {
      const result = await dryRun(name, {
        entityRef: `component:default/${service}`,
      });

      const path = `${ISTIO_FOLDER}/${file}`;
      expectReviewablePullRequest(name, result, [path], service);
      // Resolved once, before the steps that write: their logged inputs
      // carry the values, not templates still to be filled in.
      expect(result.log).toContain('Finished step Resolve the workload');
      expect(
        result.log.find(line => line.includes(`"path": "${path}"`)),
      ).toContain('"namespace": "boutique-dev"');
      const [object] = objectsIn(result.files, path);
      expect(object.metadata.namespace).toBe('boutique-dev');
      expect(
        object.spec.selector?.matchLabels ?? { host: object.spec.host },
      ).toEqual(
        object.kind === 'DestinationRule'
          ? { host: service }
          : { app: service },
      );
    },
  );

  it('stops a canary to a version no pod runs, before any pull request', async () => {
    await expect(
      dryRun(FIX_TEMPLATES.canaryRollout, {
        entityRef: 'component:default/currencyservice',
        canarySubset: 'v3',
      }),
    ).rejects.toThrow(
      /IST0173.*DestinationRule boutique-dev\/currencyservice-canary.*Subset v3/s,
    );
  });
});
