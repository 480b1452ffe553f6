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
  buildDestinationRuleIndex,
  FIX_TEMPLATES,
  KubernetesObject,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  parseManifests,
  TEMPLATE_LABEL,
} from '@istio-mesh/plugin-istio-mesh-common';
import { validateManifestSchema } from '@istio-mesh/plugin-istio-mesh-common/validation';
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

// Where the live mesh has rolled out a v2 of these services besides the
// example's checkoutservice-v2, so that an A/B split to v2, or a canary of
// cartservice, has pods to go to.
const SERVICES_WITH_V2 = ['frontend', 'cartservice'];

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

/** What a repository holds: file path to text. */
type Repository = Map<string, string>;

interface DryRunResult {
  files: Repository;
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

/** The objects a file holds, as written. */
function objectsIn(files: Repository, path: string): WrittenObject[] {
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

/** The objects of a file as Argo CD applies them: in their overlays' namespaces. */
function deployedFrom(files: Repository, path: string): WrittenObject[] {
  return deployedObjects(files)
    .filter(entry => entry.location.file === path)
    .map(entry => entry.object as WrittenObject);
}

/** Every object of a kind the repository deploys, as `namespace/name`. */
function deployedOfKind(files: Repository, kind: string): string[] {
  return deployedObjects(files)
    .filter(entry => entry.object.kind === kind)
    .map(
      entry =>
        `${entry.object.metadata.namespace}/${entry.object.metadata.name}`,
    )
    .sort();
}

/** The example GitOps repository, as the dry runs fetch it. */
function exampleRepository(): Repository {
  return new Map(
    exampleGitopsContents('').map(file => [
      file.path,
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

// The homelab's Gateway API gateway, which the example repository does not
// have (its istio-gateway folder is disabled): the HTTPRoute template's
// parent, for the runs that expose a tool.
const GATEWAY_FILES: Record<string, string> = {
  'infrastructure/network/gateway/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - gateway.yaml
`,
  'infrastructure/network/gateway/gateway.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: homelab-gateway
  namespace: gateway
spec:
  gatewayClassName: istio
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      hostname: '*.homelab.local'
      tls:
        certificateRefs:
          - name: homelab-tls
      allowedRoutes:
        namespaces:
          from: All
`,
};

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

  /** Posts a dry run of a template over `repository` (default the example's). */
  async function postDryRun(
    name: string,
    values: Record<string, unknown>,
    repository: Repository = exampleRepository(),
  ) {
    const template = readTemplate(name);
    const directoryContents: DryRunFile[] = [...repository].map(
      ([path, content]) => ({
        path: posix.join('gitops', path),
        base64Content: Buffer.from(content, 'utf8').toString('base64'),
      }),
    );
    return request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set(user)
      .send({
        template,
        values: formValues(template, values),
        secrets: {},
        directoryContents,
      });
  }

  async function dryRun(
    name: string,
    values: Record<string, unknown>,
    repository?: Repository,
  ): Promise<DryRunResult> {
    const response = await postDryRun(name, values, repository);
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

  /**
   * The checks every template's result passes: the files are listed,
   * schema-valid, labelled, analyzed clean with the pods that run, in the
   * description with `status` and in the review; files of a base carry no
   * namespace (their overlay sets it).
   */
  function expectReviewablePullRequest(
    name: string,
    result: DryRunResult,
    written: string[],
    branch: string,
    status: 'created' | 'updated' = 'created',
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
        if (status === 'created') {
          expect(object.metadata.labels).toMatchObject({
            [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
            [TEMPLATE_LABEL]: name,
          });
        }
      }
      if (path.startsWith('apps/base/')) {
        for (const object of objectsIn(result.files, path)) {
          expect(object.metadata.namespace).toBeUndefined();
        }
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

      expect(result.pullRequest.description).toContain(
        `\`${path}\` (${status})`,
      );
      const review = result.output.text.map(text => text.content).join('\n');
      if (status === 'created') {
        expect(review).toContain(`\`\`\`yaml\n${result.files.get(path)}\`\`\``);
      } else {
        expect(review).toContain(`\`${path}\` (updated): merged into`);
        expect(review).toContain(`\`\`\`diff\n--- a/${path}\n+++ b/${path}\n`);
      }
    }
    const analysis = result.output.text.find(text => text.title === 'Analysis');
    expect(analysis?.content).toContain(
      'Checked against the live mesh of cluster `homelab`.',
    );
    expect(result.output.links[0].title).toBe('Pull request');
  }

  it('lists the ten istio actions', async () => {
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
      'istio:overlay:resolve',
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
    const [rule] = deployedFrom(result.files, destinationRule);
    expect(identify(rule)).toBe(
      'DestinationRule boutique-dev/checkoutservice-canary',
    );
    // Subsets and routing only: no circuit breaker, retries or timeout.
    expect(rule.spec.trafficPolicy).toBeUndefined();
    expect(rule.spec.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ]);
    const [routes] = objectsIn(result.files, virtualService);
    expect(routes.spec.http).toEqual([
      {
        name: 'canary',
        route: [
          {
            destination: { host: 'checkoutservice', subset: 'v1' },
            weight: 90,
          },
          {
            destination: { host: 'checkoutservice', subset: 'v2' },
            weight: 10,
          },
        ],
      },
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
    const [policy] = deployedFrom(result.files, peerAuthentication);
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

    // Its principals name boutique-dev: it goes to that namespace's overlay.
    const authorizationPolicy =
      'apps/dev/online-boutique/authorizationpolicy-emailservice.yaml';
    expectReviewablePullRequest(
      FIX_TEMPLATES.serviceRbac,
      result,
      [authorizationPolicy],
      'emailservice',
    );
    expect(result.pullRequest.title).toBe(
      'Only checkoutservice may call emailservice',
    );
    const [policy] = deployedFrom(result.files, authorizationPolicy);
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
    const objects = deployedFrom(result.files, requestAuthentication);
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
    const result = await dryRun(
      FIX_TEMPLATES.exposeHttpRoute,
      {
        tool,
        // A fix link's values, which the route does not depend on.
        entityRef: 'component:default/frontend',
        namespace: 'boutique-dev',
        workload: 'frontend',
        host: 'frontend',
      },
      new Map([...exampleRepository(), ...Object.entries(GATEWAY_FILES)]),
    );

    const httpRoute = `infrastructure/monitoring/${tool}/httproute.yaml`;
    expectReviewablePullRequest(
      FIX_TEMPLATES.exposeHttpRoute,
      result,
      [httpRoute],
      tool,
    );
    const [route] = deployedFrom(result.files, httpRoute);
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
      // Written without namespace, deployed by the overlay into it.
      expect(objectsIn(result.files, path)[0].metadata.namespace).toBe(
        undefined,
      );
      const [object] = deployedFrom(result.files, path);
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

  describe('run one after another, as a team uses them', () => {
    const checkout = { entityRef: 'component:default/checkoutservice' };
    const rule = `${ISTIO_FOLDER}/destinationrule-checkoutservice-canary.yaml`;
    const routes = `${ISTIO_FOLDER}/virtualservice-checkoutservice-canary.yaml`;
    const CANARY_ROUTE = [
      { destination: { host: 'checkoutservice', subset: 'v1' }, weight: 90 },
      { destination: { host: 'checkoutservice', subset: 'v2' }, weight: 10 },
    ];

    it('gives one DestinationRule and one VirtualService for canary, circuit breaker and retries', async () => {
      const canary = await dryRun(FIX_TEMPLATES.canaryRollout, checkout);
      expectReviewablePullRequest(
        FIX_TEMPLATES.canaryRollout,
        canary,
        [rule, routes],
        'checkoutservice',
      );

      const breaker = await dryRun(
        FIX_TEMPLATES.circuitBreaker,
        checkout,
        canary.files,
      );
      expectReviewablePullRequest(
        FIX_TEMPLATES.circuitBreaker,
        breaker,
        [rule],
        'checkoutservice',
        'updated',
      );
      expect(breaker.log).toContain(
        `info: Merged into DestinationRule boutique-dev/checkoutservice-canary in ${rule}, the DestinationRule for host checkoutservice in namespace boutique-dev (dry run): added spec.trafficPolicy: {connectionPool: {tcp: {maxConnections: 100}, http: {http1MaxPendingRequests: 100, http2MaxRequests: 1000, maxRequestsPerConnection: 10}}, outlierDetection: {consecutive5xxErrors: 5, interval: 30s, baseEjectionTime: 30s, maxEjectionPercent: 50}}`,
      );

      const retries = await dryRun(
        FIX_TEMPLATES.retriesTimeouts,
        checkout,
        breaker.files,
      );
      expectReviewablePullRequest(
        FIX_TEMPLATES.retriesTimeouts,
        retries,
        [routes],
        'checkoutservice',
        'updated',
      );

      // Neither later run added a file of its own, nor listed one.
      expect(
        [...retries.files.keys()].filter(f => !canary.files.has(f)),
      ).toEqual([]);
      expect(
        parse(retries.files.get(`${ISTIO_FOLDER}/kustomization.yaml`)!)
          .resources,
      ).toEqual([
        ...parse(exampleRepository().get(`${ISTIO_FOLDER}/kustomization.yaml`)!)
          .resources,
        'destinationrule-checkoutservice-canary.yaml',
        'virtualservice-checkoutservice-canary.yaml',
      ]);
      expect(deployedOfKind(retries.files, 'DestinationRule')).toEqual([
        'boutique-dev/cartservice',
        'boutique-dev/checkoutservice-canary',
        'boutique-dev/productcatalogservice',
      ]);
      expect(deployedOfKind(retries.files, 'VirtualService')).toEqual([
        'boutique-dev/cartservice',
        'boutique-dev/checkoutservice-canary',
        'boutique-dev/productcatalogservice',
      ]);
      const [destinationRule] = deployedFrom(retries.files, rule);
      expect(destinationRule.spec).toEqual({
        host: 'checkoutservice',
        trafficPolicy: {
          connectionPool: {
            tcp: { maxConnections: 100 },
            http: {
              http1MaxPendingRequests: 100,
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
        },
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      });
      const [virtualService] = deployedFrom(retries.files, routes);
      expect(virtualService.spec.http).toEqual([
        {
          name: 'canary',
          route: CANARY_ROUTE,
          retries: {
            attempts: 3,
            perTryTimeout: '2s',
            retryOn: '5xx,reset,connect-failure',
          },
          timeout: '10s',
        },
      ]);
      // As istiod indexes the rules: one entry for the host, from one rule,
      // whose traffic policy and subsets are what the clients get.
      const entry = buildDestinationRuleIndex(
        deployedObjects(retries.files)
          .map(e => e.object)
          .filter(o => o.kind === 'DestinationRule'),
      ).lookup(
        'boutique-dev',
        'checkoutservice.boutique-dev.svc.cluster.local',
        'boutique-dev',
      )!.entries;
      expect(entry.map(e => e.from.map(r => r.metadata.name))).toEqual([
        ['checkoutservice-canary'],
      ]);
      expect(entry[0].rule.spec).toEqual(destinationRule.spec);
    });

    it('asks before an A/B route replaces a canary split, and shows the diff', async () => {
      const canary = await dryRun(FIX_TEMPLATES.canaryRollout, checkout);
      const refused = await postDryRun(
        FIX_TEMPLATES.headerRouting,
        checkout,
        canary.files,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.name).toBe('InputError');
      expect(refused.body.error.message).toBe(
        `Write the VirtualService with the header match: VirtualService boutique-dev/checkoutservice-canary in ${routes}:1 is the VirtualService for host checkoutservice on the mesh gateway in namespace boutique-dev and already sets what the form would change: spec.http[1].route is [{destination: {host: checkoutservice, subset: v1}, weight: 90}, {destination: {host: checkoutservice, subset: v2}, weight: 10}]; the form sets [{destination: {host: checkoutservice, subset: v1}}]. Confirm with replaceExisting ("Replace existing settings") to change them; nothing else in it changes.`,
      );

      const confirmed = await dryRun(
        FIX_TEMPLATES.headerRouting,
        { ...checkout, replaceExisting: true },
        canary.files,
      );
      expectReviewablePullRequest(
        FIX_TEMPLATES.headerRouting,
        confirmed,
        [routes],
        'checkoutservice',
        'updated',
      );
      // The rule has both subsets already.
      expect(confirmed.pullRequest.description).toContain(
        `\`${rule}\` (unchanged)`,
      );
      expect(confirmed.files.get(rule)).toBe(canary.files.get(rule));
      const review = confirmed.output.text.find(
        t => t.title === 'VirtualService',
      )!.content;
      expect(review).toContain(
        '- replaced: spec.http[1].route is [{destination: {host: checkoutservice, subset: v1}, weight: 90}',
      );
      expect(review).toContain('-          weight: 90\n');
      const [virtualService] = deployedFrom(confirmed.files, routes);
      expect(virtualService.spec.http).toEqual([
        {
          name: 'v2-by-header',
          match: [{ headers: { 'x-user-group': { exact: 'beta' } } }],
          route: [{ destination: { host: 'checkoutservice', subset: 'v2' } }],
        },
        {
          name: 'canary',
          route: [{ destination: { host: 'checkoutservice', subset: 'v1' } }],
        },
      ]);
    });

    it("merges a canary into the repository's hand-written rules, keeping what they set", async () => {
      const result = await dryRun(FIX_TEMPLATES.canaryRollout, {
        entityRef: 'component:default/cartservice',
      });
      const circuit = `${ISTIO_FOLDER}/destinationrule-circuit.yaml`;
      const retry = `${ISTIO_FOLDER}/virtualservice-retry.yaml`;
      expectReviewablePullRequest(
        FIX_TEMPLATES.canaryRollout,
        result,
        [circuit, retry],
        'cartservice',
        'updated',
      );
      const before = exampleRepository();
      expect(result.files.get(circuit)).toBe(
        `${before.get(circuit)}  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`,
      );
      const [virtualService] = deployedFrom(result.files, retry);
      expect(virtualService.spec.http).toEqual([
        {
          route: [
            {
              destination: {
                host: 'cartservice',
                subset: 'v1',
                port: { number: 7070 },
              },
              weight: 90,
            },
            {
              destination: {
                host: 'cartservice',
                subset: 'v2',
                port: { number: 7070 },
              },
              weight: 10,
            },
          ],
          retries: {
            attempts: 3,
            perTryTimeout: '2s',
            retryOn: '5xx,connect-failure,unavailable',
          },
          timeout: '10s',
        },
      ]);
      expect(result.files.get(retry)).toMatch(
        /^# Retries and a request timeout for cartservice\.\n/,
      );
    });

    it('writes RBAC into the overlay of its namespace, so that a second overlay does not inherit it', async () => {
      const repository = exampleRepository();
      repository.set(
        'apps/prod/online-boutique/kustomization.yaml',
        `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: boutique-prod
resources:
  - ../../base/online-boutique/base
`,
      );
      const result = await dryRun(
        FIX_TEMPLATES.serviceRbac,
        {
          entityRef: 'component:default/emailservice',
          callers: ['checkoutservice'],
          ports: [8080],
          methods: ['POST'],
        },
        repository,
      );
      const policy =
        'apps/dev/online-boutique/authorizationpolicy-emailservice.yaml';
      expectReviewablePullRequest(
        FIX_TEMPLATES.serviceRbac,
        result,
        [policy],
        'emailservice',
      );
      // Nothing new in the base the two overlays share.
      expect(
        [...result.files.keys()].filter(
          f =>
            f.startsWith('apps/base/') &&
            result.files.get(f) !== repository.get(f),
        ),
      ).toEqual([]);
      // The overlay's kustomization lists the file; the file leaves the
      // namespace to it, and the principals name it.
      expect(
        parse(result.files.get('apps/dev/online-boutique/kustomization.yaml')!)
          .resources,
      ).toEqual([
        '../../base/online-boutique/base',
        'authorizationpolicy-emailservice.yaml',
      ]);
      expect(objectsIn(result.files, policy)[0].metadata.namespace).toBe(
        undefined,
      );
      const emailPolicies = deployedObjects(result.files)
        .map(e => e.object as WrittenObject)
        .filter(o => o.metadata.name === 'emailservice-allow');
      expect(emailPolicies.map(identify)).toEqual([
        'AuthorizationPolicy boutique-dev/emailservice-allow',
      ]);
      expect(emailPolicies[0].spec.rules[0].from).toEqual([
        {
          source: {
            principals: ['cluster.local/ns/boutique-dev/sa/checkoutservice'],
          },
        },
      ]);
    });
  });

  describe('refusals are failed steps with their message, answered 400', () => {
    it('refuses a canary to a version only another app runs (ISM0005), though IST0173 is satisfied', async () => {
      const response = await postDryRun(FIX_TEMPLATES.canaryRollout, {
        entityRef: 'component:default/currencyservice',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      const message: string = response.body.error.message;
      expect(message).toBe(
        `Analyze the manifests: 1 finding(s) at or above error or that always stop a template (ISM0005) in ${ISTIO_FOLDER}/destinationrule-currencyservice-canary.yaml, ${ISTIO_FOLDER}/virtualservice-currencyservice-canary.yaml:
ISM0005 warning DestinationRule boutique-dev/currencyservice-canary (${ISTIO_FOLDER}/destinationrule-currencyservice-canary.yaml:14): Subset v2 (version=v2) selects no running pod of Service boutique-dev/currencyservice (selector app=currencyservice); its labels select only pods of other workloads (boutique-dev/checkoutservice-v2-7f9c6d8b5c-w2xqj, boutique-dev/frontend-v2-wcj4s7fwp5-k7gpn, boutique-dev/frontend-v2-wcj4s7fwp5-xbncn and 1 more): requests routed to it fail with 503 (no healthy upstream).`,
      );
    });

    it('refuses an HTTPRoute whose parent Gateway the repository does not have', async () => {
      const response = await postDryRun(FIX_TEMPLATES.exposeHttpRoute, {
        tool: 'kiali',
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'InputError',
        message:
          'Write the HTTPRoute: HTTPRoute istio-system/kiali would never be served: its parent, Gateway gateway/homelab-gateway (gateway.networking.k8s.io), is declared nowhere in the repository. Add the Gateway to the repository first (with a listener https that admits routes from istio-system), or, if it is managed outside this repository, confirm with parentManagedElsewhere ("The Gateway is managed elsewhere")',
      });
    });
  });
});
