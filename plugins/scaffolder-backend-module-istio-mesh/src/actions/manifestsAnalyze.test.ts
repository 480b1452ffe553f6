import { readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError, ResponseError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { AnalyzeResponse } from '@istio-mesh/plugin-istio-mesh-common';
import { AnalyzeBackend } from '../workspace/backendAnalyzer';
import { createManifestsAnalyzeAction } from './manifestsAnalyze';

// The GitOps repository of the examples: Online Boutique's base, a dev
// overlay that puts it in namespace boutique-dev, and the infrastructure.
// It has deliberate gaps (a canary to an undefined subset v2).
const GITOPS = resolve(__dirname, '../../../../examples/gitops');
const ISTIO_DIR = 'apps/base/online-boutique/base/istio';

const CHECKOUT_VS = `# Retries and a timeout for checkoutservice.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: checkoutservice
  namespace: boutique-dev
spec:
  hosts:
    - checkoutservice
  http:
    - route:
        - destination:
            host: checkoutservice
      retries:
        attempts: 3
        perTryTimeout: 2s
      timeout: 10s
`;

const BROKEN_FRONTEND_VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: frontend
  namespace: boutique-dev
spec:
  hosts:
    - frontend
  http:
    - route:
        - destination:
            host: frontend-v3
`;

const CHECKOUT_DR_SUBSETS = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: checkoutservice
  namespace: boutique-dev
spec:
  host: checkoutservice
  subsets:
    - name: v2
      labels:
        version: v2
`;

// TLS origination to an external API without caCertificates: IST0128.
const PAYMENTS_DR_TLS = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: payments-api
  namespace: boutique-dev
spec:
  hosts: [api.payments.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: https, protocol: HTTPS}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: payments-api-tls
  namespace: boutique-dev
spec:
  host: api.payments.example.com
  trafficPolicy:
    tls:
      mode: SIMPLE
`;

// SIMPLE TLS to checkoutservice, whose port is STRICT: ISM0002.
const CHECKOUT_DR_TLS = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: checkoutservice-tls
  namespace: boutique-dev
spec:
  host: checkoutservice
  trafficPolicy:
    tls:
      mode: SIMPLE
`;

// The example repository's DestinationRules and VirtualServices in
// boutique-dev, as the live check gets them for context.
const REPOSITORY_TRAFFIC = [
  `${ISTIO_DIR}/destinationrule-circuit.yaml`,
  `${ISTIO_DIR}/virtualservice-retry.yaml`,
  `${ISTIO_DIR}/destinationrule-loadbalancer.yaml`,
  `${ISTIO_DIR}/virtualservice-canary.yaml`,
];

describe('istio:manifests:analyze', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();

  beforeEach(async () => {
    workspace.clear();
    outside.setContent({ 'vs.yaml': BROKEN_FRONTEND_VS });
    await cp(GITOPS, workspace.path, { recursive: true });
  });

  async function run(input: Record<string, unknown>, backend?: AnalyzeBackend) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      logger,
    });
    // Refusals start with the step's name; one test below checks that, the
    // others compare the rest of the message.
    await createManifestsAnalyzeAction({ backend }).handler({
      ...ctx,
      step: undefined,
    });
    return {
      outputs: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
      logger,
    };
  }

  const noBackend = {
    checked: false,
    reason: 'no istio-mesh backend is configured for the scaffolder',
  };

  it('passes a new VirtualService checked against the rest of the repository', async () => {
    workspace.addContent({
      [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
    });
    // Its host is a Service only in boutique-dev, the overlay's namespace.
    const { outputs } = await run({
      paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`],
    });
    expect(outputs).toStrictEqual({
      messages: [],
      errors: 0,
      warnings: 0,
      live: noBackend,
    });
  });

  it('fails on a VirtualService routing to an unknown host, with a readable list', async () => {
    workspace.addContent({
      [`${ISTIO_DIR}/virtualservice-frontend.yaml`]: BROKEN_FRONTEND_VS,
    });
    await expect(
      run({ paths: [`${ISTIO_DIR}/virtualservice-frontend.yaml`] }),
    ).rejects.toThrow(
      new Error(
        `1 finding(s) at or above error in ${ISTIO_DIR}/virtualservice-frontend.yaml:
IST0101 error VirtualService boutique-dev/frontend (${ISTIO_DIR}/virtualservice-frontend.yaml:12): Referenced host not found: "frontend-v3"`,
      ),
    );
  });

  it('reports only on the given paths; the whole workspace by default', async () => {
    // The repository's own canary routes to subset v2, which no
    // DestinationRule defines.
    await expect(run({})).rejects.toThrow(
      new Error(
        `1 finding(s) at or above error in .:
IST0101 error VirtualService boutique-dev/productcatalogservice (${ISTIO_DIR}/virtualservice-canary.yaml:17): Referenced host+subset in destinationrule not found: "productcatalogservice+v2"`,
      ),
    );
  });

  it('leaves out pod checks when Git holds no pods', async () => {
    workspace.addContent({
      [`${ISTIO_DIR}/destinationrule-checkoutservice.yaml`]:
        CHECKOUT_DR_SUBSETS,
    });
    const { outputs, logger } = await run({
      paths: [`${ISTIO_DIR}/destinationrule-checkoutservice.yaml`],
    });
    expect(outputs).toStrictEqual({
      messages: [],
      errors: 0,
      warnings: 0,
      live: noBackend,
    });
    expect(logger.info).toHaveBeenCalledWith(
      `Not reported without the live mesh, since Git holds no pods: IST0173 error DestinationRule boutique-dev/checkoutservice (${ISTIO_DIR}/destinationrule-checkoutservice.yaml:9): The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`,
    );
  });

  it('fails on warnings only when failOn is warning', async () => {
    workspace.addContent({ [`${ISTIO_DIR}/tls.yaml`]: PAYMENTS_DR_TLS });
    const { outputs } = await run({ paths: [`${ISTIO_DIR}/tls.yaml`] });
    expect(outputs.errors).toBe(0);
    expect(outputs.warnings).toBe(1);
    expect(outputs.messages).toStrictEqual([
      expect.objectContaining({
        code: 'IST0128',
        level: 'Warning',
        kind: 'DestinationRule',
        namespace: 'boutique-dev',
        name: 'payments-api-tls',
        location: { file: `${ISTIO_DIR}/tls.yaml`, line: 21 },
      }),
    ]);
    const error = await run({
      paths: [`${ISTIO_DIR}/tls.yaml`],
      failOn: 'warning',
    }).catch(e => e);
    expect(error.message).toMatch(
      /^1 finding\(s\) at or above warning in .*\nIST0128 warning DestinationRule boutique-dev\/payments-api-tls \(apps\/base\/online-boutique\/base\/istio\/tls\.yaml:21\): /,
    );
  });

  it('fails on a DestinationRule that sends TLS that is not Istio mTLS to a STRICT service', async () => {
    workspace.addContent({ [`${ISTIO_DIR}/tls.yaml`]: CHECKOUT_DR_TLS });
    const error = await run({ paths: [`${ISTIO_DIR}/tls.yaml`] }).catch(e => e);
    expect(error.message).toMatch(
      /^4 finding\(s\) at or above error in .*\nISM0002 error DestinationRule boutique-dev\/checkoutservice-tls \(apps\/base\/online-boutique\/base\/istio\/tls\.yaml:10\): Clients in boutique-dev send TLS that is not Istio mTLS \(SIMPLE\) to boutique-dev\/checkoutservice port 5050/,
    );
  });

  it('counts unparseable YAML in the analyzed paths as an error', async () => {
    workspace.addContent({
      'apps/new/broken.yaml': 'kind: VirtualService\nmetadata: [name\n',
    });
    const error = await run({ paths: ['apps/new'] }).catch(e => e);
    expect(error.message).toMatch(
      /^1 finding\(s\) at or above error in apps\/new:\nIST0106 error apps\/new\/broken\.yaml \(apps\/new\/broken\.yaml:3\): Schema validation error: invalid YAML: Flow sequence/,
    );
  });

  it('fails on a new file that declares an object another file of the repository declares', async () => {
    // cartservice's VirtualService is in virtualservice-retry.yaml; a
    // template writes and lists a second one, which kustomize would refuse.
    const kustomization = readFileSync(
      resolve(GITOPS, ISTIO_DIR, 'kustomization.yaml'),
      'utf8',
    );
    workspace.addContent({
      [`${ISTIO_DIR}/virtualservice-cartservice.yaml`]: CHECKOUT_VS.replace(
        /checkoutservice/g,
        'cartservice',
      ).replace('  namespace: boutique-dev\n', ''),
      [`${ISTIO_DIR}/kustomization.yaml`]: `${kustomization}  - virtualservice-cartservice.yaml\n`,
    });
    await expect(
      run({ paths: [`${ISTIO_DIR}/virtualservice-cartservice.yaml`] }),
    ).rejects.toThrow(
      new Error(
        `1 finding(s) at or above error in ${ISTIO_DIR}/virtualservice-cartservice.yaml:
IST0106 error VirtualService boutique-dev/cartservice (${ISTIO_DIR}/virtualservice-cartservice.yaml:2): Schema validation error: VirtualService boutique-dev/cartservice is also declared in ${ISTIO_DIR}/virtualservice-retry.yaml:2; kustomize does not build two declarations of one object: change that file instead, or give this object another name`,
      ),
    );
  });

  it('reports two new files that declare one object on the second, naming the first', async () => {
    const kustomization = readFileSync(
      resolve(GITOPS, ISTIO_DIR, 'kustomization.yaml'),
      'utf8',
    );
    workspace.addContent({
      [`${ISTIO_DIR}/a.yaml`]: CHECKOUT_VS,
      [`${ISTIO_DIR}/b.yaml`]: CHECKOUT_VS,
      [`${ISTIO_DIR}/kustomization.yaml`]: `${kustomization}  - a.yaml\n  - b.yaml\n`,
    });
    const error = await run({
      paths: [`${ISTIO_DIR}/a.yaml`, `${ISTIO_DIR}/b.yaml`],
    }).catch(e => e);
    expect(error.message.split('\n').slice(1)).toStrictEqual([
      `IST0106 error VirtualService boutique-dev/checkoutservice (${ISTIO_DIR}/b.yaml:2): Schema validation error: VirtualService boutique-dev/checkoutservice is also declared in ${ISTIO_DIR}/a.yaml:2; kustomize does not build two declarations of one object: change that file instead, or give this object another name`,
    ]);
  });

  it('gives the same result on every run', async () => {
    workspace.addContent({ [`${ISTIO_DIR}/tls.yaml`]: CHECKOUT_DR_TLS });
    const first = await run({ paths: [ISTIO_DIR] }).catch(e => e);
    const second = await run({ paths: [ISTIO_DIR] }).catch(e => e);
    expect(second).toStrictEqual(first);
  });

  describe('bad input', () => {
    beforeEach(() => {
      workspace.addContent({
        apps: { escape: ({ symlink }) => symlink(outside.path) },
      });
    });

    it.each([
      [
        { paths: ['../../etc'] },
        `Invalid paths[0] "../../etc": '..' leads outside the workspace`,
      ],
      [
        { paths: ['apps', '/etc/passwd'] },
        'Invalid paths[1] "/etc/passwd": an absolute path is not allowed; give a path relative to the workspace',
      ],
      [
        { paths: ['apps/escape/vs.yaml'] },
        'Invalid paths[0] "apps/escape/vs.yaml": a symbolic link on the path leads outside the workspace',
      ],
      [
        { paths: ['apps/nowhere'] },
        'Invalid paths[0] "apps/nowhere": no such file or folder in the workspace',
      ],
      [{ failOn: 'info' }, 'Invalid failOn "info": use error or warning'],
    ])('refuses %j', async (input, message) => {
      await expect(run(input)).rejects.toThrow(new InputError(message));
    });

    it('does not read manifests through a link that leaves the workspace', async () => {
      // The link's target holds a VirtualService to an unknown host;
      // analyzing the folder that holds the link must not see it.
      await expect(run({ paths: ['apps'] })).rejects.toThrow(
        new Error(
          `1 finding(s) at or above error in apps:
IST0101 error VirtualService boutique-dev/productcatalogservice (${ISTIO_DIR}/virtualservice-canary.yaml:17): Referenced host+subset in destinationrule not found: "productcatalogservice+v2"`,
        ),
      );
    });
  });

  describe('with the live mesh', () => {
    const liveResponse = (
      overrides: Partial<AnalyzeResponse> = {},
    ): AnalyzeResponse => ({
      cluster: 'homelab',
      messages: [],
      problems: [],
      authorizationImpact: [],
      sources: [{ id: 'kubernetes:homelab', status: 'ok' } as any],
      ...overrides,
    });

    it('sends the analyzed objects with their namespaces and merges the live messages', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/destinationrule-checkoutservice.yaml`]:
          CHECKOUT_DR_SUBSETS,
      });
      const analyze = jest.fn().mockResolvedValue(
        liveResponse({
          messages: [
            {
              code: 'IST0173',
              level: 'Error',
              kind: 'DestinationRule',
              namespace: 'boutique-dev',
              name: 'checkoutservice',
              message:
                'The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
              path: 'spec.subsets[0].name',
              analyzer: 'destinationrule.SubsetSelectPodAnalyzer',
              location: { file: 'rendered.yaml', line: 3 },
              documentationUrl:
                'https://istio.io/latest/docs/reference/config/analysis/ist0173/',
            },
          ],
        }),
      );
      const error = await run(
        {
          paths: [`${ISTIO_DIR}/destinationrule-checkoutservice.yaml`],
          cluster: 'homelab',
        },
        { analyze },
      ).catch(e => e);
      expect(analyze).toHaveBeenCalledTimes(1);
      const [request, credentials] = analyze.mock.calls[0];
      expect(credentials).toStrictEqual(mockCredentials.user());
      expect(request.cluster).toBe('homelab');
      // The analyzed file, then the repository's traffic configuration of
      // its namespace to check it with, which may not be live yet.
      expect(request.files[0]).toStrictEqual({
        path: `${ISTIO_DIR}/destinationrule-checkoutservice.yaml`,
        content: CHECKOUT_DR_SUBSETS,
      });
      expect(
        request.files.slice(1).map((f: { path: string }) => f.path),
      ).toStrictEqual(REPOSITORY_TRAFFIC);
      expect(error.message).toBe(
        `1 finding(s) at or above error in ${ISTIO_DIR}/destinationrule-checkoutservice.yaml:
IST0173 error DestinationRule boutique-dev/checkoutservice (${ISTIO_DIR}/destinationrule-checkoutservice.yaml:9): The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`,
      );
    });

    it('stops the step on ISM0005 though it is a warning, naming the step', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/destinationrule-checkoutservice.yaml`]:
          CHECKOUT_DR_SUBSETS,
      });
      const message =
        'Subset v2 (version=v2) selects no running pod of Service boutique-dev/checkoutservice (selector app=checkoutservice); its labels select only pods of other workloads (boutique-dev/frontend-v2-7c9d-x1): requests routed to it fail with 503 (no healthy upstream).';
      const analyze = jest.fn().mockResolvedValue(
        liveResponse({
          messages: [
            {
              code: 'ISM0005',
              level: 'Warning',
              kind: 'DestinationRule',
              namespace: 'boutique-dev',
              name: 'checkoutservice',
              message,
              path: 'spec.subsets[0].name',
              analyzer: 'istiomesh.SubsetServicePodsAnalyzer',
              documentationUrl: 'docs/findings.md#ism0005',
            },
          ],
        }),
      );
      const ctx = createMockActionContext({
        input: {
          paths: [`${ISTIO_DIR}/destinationrule-checkoutservice.yaml`],
        } as any,
        workspacePath: workspace.path,
        logger: mockServices.logger.mock(),
      });
      const error = await createManifestsAnalyzeAction({
        backend: { analyze },
      })
        .handler({
          ...ctx,
          step: { id: 'analyze', name: 'Analyze the manifests' },
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        `Analyze the manifests: 1 finding(s) at or above error or that always stop a template (ISM0005) in ${ISTIO_DIR}/destinationrule-checkoutservice.yaml:
ISM0005 warning DestinationRule boutique-dev/checkoutservice (${ISTIO_DIR}/destinationrule-checkoutservice.yaml:9): ${message}`,
      );
    });

    it("checks against the repository's traffic configuration, and reports only on the analyzed files", async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
      });
      // The live check finds the repository's own planted gap too: a
      // message about a context object, which is not this run's to report.
      const analyze = jest.fn().mockResolvedValue(
        liveResponse({
          messages: [
            {
              code: 'IST0101',
              level: 'Error',
              kind: 'VirtualService',
              namespace: 'boutique-dev',
              name: 'productcatalogservice',
              message:
                'Referenced host+subset in destinationrule not found: "productcatalogservice+v2"',
              path: 'spec.http[0].route[1].destination.host',
              analyzer: 'virtualservice.DestinationRuleAnalyzer',
              documentationUrl:
                'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
            },
          ],
        }),
      );
      const { outputs } = await run(
        { paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`] },
        { analyze },
      );
      expect(outputs.messages).toStrictEqual([]);
      expect(outputs.live).toStrictEqual({ checked: true, cluster: 'homelab' });
    });

    it('reports that the live mesh was checked, and logs callers a policy would deny', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
      });
      const analyze = jest.fn().mockResolvedValue(
        liveResponse({
          authorizationImpact: [
            {
              policy: 'boutique-dev/checkoutservice-allow',
              targets: ['boutique-dev/checkoutservice'],
              deniedCallers: [
                {
                  namespace: 'boutique-dev',
                  serviceAccount: 'loadgenerator',
                  workloads: ['loadgenerator'],
                },
              ],
            },
          ],
        }),
      );
      const { outputs, logger } = await run(
        { paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`] },
        { analyze },
      );
      expect(outputs.live).toStrictEqual({ checked: true, cluster: 'homelab' });
      expect(analyze.mock.calls[0][0]).toStrictEqual({
        files: [
          expect.objectContaining({
            path: `${ISTIO_DIR}/virtualservice-checkoutservice.yaml`,
          }),
          ...REPOSITORY_TRAFFIC.map(path => expect.objectContaining({ path })),
        ],
      });
      expect(logger.warn).toHaveBeenCalledWith(
        'AuthorizationPolicy boutique-dev/checkoutservice-allow would deny boutique-dev/loadgenerator (loadgenerator), which may call boutique-dev/checkoutservice today',
      );
    });

    it('continues with the local result when the backend fails', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
      });
      const analyze = jest
        .fn()
        .mockRejectedValue(new Error('connect ECONNREFUSED'));
      const { outputs, logger } = await run(
        { paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`] },
        { analyze },
      );
      const live = {
        checked: false,
        reason:
          'the istio-mesh backend could not be reached: connect ECONNREFUSED',
      };
      expect(outputs).toStrictEqual({
        messages: [],
        errors: 0,
        warnings: 0,
        live,
      });
      expect(logger.warn).toHaveBeenCalledWith(
        `Live mesh not checked: ${live.reason}`,
      );
    });

    it('still analyzes offline and says the live check is not permitted when the backend answers 403', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-frontend.yaml`]: BROKEN_FRONTEND_VS,
      });
      const analyze = jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message:
                  'Not allowed to analyze manifests against the live mesh (istio-mesh.analyze)',
              },
              request: { method: 'POST', url: '/api/istio-mesh/v1/analyze' },
              response: { statusCode: 403 },
            }),
            {
              status: 403,
              statusText: 'Forbidden',
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        ),
      );
      const logger = mockServices.logger.mock();
      const ctx = createMockActionContext({
        input: {
          paths: [`${ISTIO_DIR}/virtualservice-frontend.yaml`],
        } as any,
        workspacePath: workspace.path,
        logger,
      });
      // The offline analysis still finds the broken host and fails the task.
      await expect(
        createManifestsAnalyzeAction({ backend: { analyze } }).handler(ctx),
      ).rejects.toThrow(/IST0101 error VirtualService boutique-dev\/frontend/);
      expect(analyze).toHaveBeenCalledTimes(1);
      const reason =
        "live check not permitted: the istio-mesh backend refused POST /v1/analyze to the task's initiator (istio-mesh.analyze)";
      expect(logger.warn).toHaveBeenCalledWith(
        `Live mesh not checked: ${reason}`,
      );

      // Without findings the output says it too.
      workspace.clear();
      await cp(GITOPS, workspace.path, { recursive: true });
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
      });
      const { outputs } = await run(
        { paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`] },
        { analyze },
      );
      expect(outputs).toStrictEqual({
        messages: [],
        errors: 0,
        warnings: 0,
        live: { checked: false, reason },
      });
    });

    it('logs the references the backend did not check', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
      });
      const analyze = jest.fn().mockResolvedValue(
        liveResponse({
          notChecked: [
            {
              kind: 'VirtualService',
              namespace: 'boutique-dev',
              name: 'checkoutservice',
              path: 'spec.gateways[0]',
              reason: 'refers to namespace ingress, which you may not read',
            },
          ],
        }),
      );
      const { outputs, logger } = await run(
        { paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`] },
        { analyze },
      );
      expect(outputs.live).toStrictEqual({ checked: true, cluster: 'homelab' });
      expect(logger.info).toHaveBeenCalledWith(
        "Not checked against the live mesh, since they lead into namespaces the task's initiator may not read: VirtualService boutique-dev/checkoutservice spec.gateways[0]",
      );
    });

    it('says what the backend answered when it refuses the request otherwise', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
      });
      const analyze = jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'TooManyRequestsError',
                message:
                  'Too many requests; retry in 42 s (istioMesh.analyze.rateLimit)',
              },
              response: { statusCode: 429 },
            }),
            {
              status: 429,
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        ),
      );
      const { outputs } = await run(
        { paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`] },
        { analyze },
      );
      expect(outputs.live).toStrictEqual({
        checked: false,
        reason:
          'the istio-mesh backend answered 429: Too many requests; retry in 42 s (istioMesh.analyze.rateLimit)',
      });
    });

    it('says why when the backend has no live mesh', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
      });
      const analyze = jest.fn().mockResolvedValue(
        liveResponse({
          cluster: undefined,
          sources: [{ id: 'kubernetes:homelab', status: 'error' } as any],
        }),
      );
      const { outputs } = await run(
        { paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`] },
        { analyze },
      );
      expect(outputs.live).toStrictEqual({
        checked: false,
        reason:
          'the istio-mesh backend has no live mesh (kubernetes:homelab: error)',
      });
    });

    it('names the cluster input when the backend does not know it', async () => {
      const analyze = jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'InputError',
                message: 'cluster: no cluster named "prod" is configured',
              },
              request: { method: 'POST', url: '/api/istio-mesh/v1/analyze' },
              response: { statusCode: 400 },
            }),
            {
              status: 400,
              statusText: 'Bad Request',
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        ),
      );
      await expect(
        run({ paths: [ISTIO_DIR], cluster: 'prod' }, { analyze }),
      ).rejects.toThrow(
        new InputError(
          'Invalid cluster "prod": cluster: no cluster named "prod" is configured',
        ),
      );
    });

    it('does not call the backend when live is false', async () => {
      workspace.addContent({
        [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`]: CHECKOUT_VS,
      });
      const analyze = jest.fn();
      const { outputs } = await run(
        {
          paths: [`${ISTIO_DIR}/virtualservice-checkoutservice.yaml`],
          live: false,
        },
        { analyze },
      );
      expect(analyze).not.toHaveBeenCalled();
      expect(outputs.live).toStrictEqual({
        checked: false,
        reason: 'live is false in the input',
      });
    });
  });
});
