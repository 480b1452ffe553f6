import { mockServices } from '@backstage/backend-test-utils';
import { KubernetesObject } from '@istio-mesh/plugin-istio-mesh-common';
import {
  KubernetesApiTestServer,
  KubernetesApiTestServerOptions,
  startKubernetesApiTestServer,
} from '../../__testUtils__/kubernetesApiTestServer';
import {
  KubernetesReadOptions,
  readKubernetesCluster,
} from './kubernetesClusterSource';

jest.setTimeout(20_000);

const namespace: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: 'shop',
    uid: 'ns-shop',
    labels: { 'istio-injection': 'enabled' },
  },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
};

const serviceAccount: KubernetesObject & { secrets: unknown[] } = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'checkout', namespace: 'shop', uid: 'sa-checkout' },
  secrets: [{ name: 'checkout-token-abcde' }],
};

const podTemplate = {
  metadata: {
    labels: { app: 'checkout', version: 'v1' },
    annotations: { 'sidecar.istio.io/inject': 'true' },
  },
  spec: {
    serviceAccountName: 'checkout',
    containers: [
      {
        name: 'checkout',
        image: 'registry.example.com/checkout:1.4.2',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'DATABASE_PASSWORD', value: 'hunter2' }],
      },
    ],
  },
};

const deployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    uid: 'deploy-checkout',
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"big":"blob"}',
      'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:shop/checkout',
    },
    managedFields: [{ manager: 'argocd-controller', operation: 'Apply' }],
  } as KubernetesObject['metadata'],
  spec: {
    replicas: 5,
    selector: { matchLabels: { app: 'checkout' } },
    template: podTemplate,
  },
  status: { replicas: 5, readyReplicas: 5 },
};

const replicaSet: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'checkout-7d9f8c6b5',
    namespace: 'shop',
    uid: 'rs-checkout',
    labels: { app: 'checkout', 'pod-template-hash': '7d9f8c6b5' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
        uid: 'deploy-checkout',
        controller: true,
      },
    ],
  },
  spec: {
    replicas: 5,
    selector: {
      matchLabels: { app: 'checkout', 'pod-template-hash': '7d9f8c6b5' },
    },
    template: podTemplate,
  },
};

function pod(suffix: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `checkout-7d9f8c6b5-${suffix}`,
      namespace: 'shop',
      uid: `pod-${suffix}`,
      creationTimestamp: '2026-11-02T10:00:00Z',
      labels: {
        app: 'checkout',
        version: 'v1',
        'pod-template-hash': '7d9f8c6b5',
        'security.istio.io/tlsMode': 'istio',
      },
      annotations: {
        'sidecar.istio.io/status': '{"containers":["istio-proxy"]}',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'checkout-7d9f8c6b5',
          uid: 'rs-checkout',
          controller: true,
        },
      ],
    },
    spec: {
      serviceAccountName: 'checkout',
      containers: [
        ...podTemplate.spec.containers,
        {
          name: 'istio-proxy',
          image: 'docker.io/istio/proxyv2:1.27.0',
          ports: [{ name: 'http-envoy-prom', containerPort: 15090 }],
        },
      ],
      initContainers: [
        { name: 'istio-init', image: 'docker.io/istio/proxyv2:1.27.0' },
      ],
      volumes: [{ name: 'istio-token', projected: { sources: [] } }],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: '2026-11-02T10:00:05Z',
        },
      ],
      containerStatuses: [
        { name: 'checkout', ready: true, restartCount: 0, image: 'x' },
        { name: 'istio-proxy', ready: true, restartCount: 0, image: 'y' },
      ],
      initContainerStatuses: [
        { name: 'istio-init', ready: true, restartCount: 0, image: 'y' },
      ],
    },
  };
}

const pods = ['a1', 'b2', 'c3', 'd4', 'e5'].map(pod);

const service: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'checkout', namespace: 'shop', uid: 'svc-checkout' },
  spec: {
    selector: { app: 'checkout' },
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    type: 'ClusterIP',
  },
};

const strictMesh: KubernetesObject = {
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: 'istio-system', uid: 'pa-default' },
  spec: { mtls: { mode: 'STRICT' } },
};

const secret: KubernetesObject & { data: Record<string, string> } = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'checkout-db', namespace: 'shop' },
  data: { password: 'aHVudGVyMg==' },
};

const cluster: KubernetesObject[] = [
  namespace,
  serviceAccount,
  deployment,
  replicaSet,
  ...pods,
  service,
  strictMesh,
  secret,
];

describe('readKubernetesCluster', () => {
  let server: KubernetesApiTestServer | undefined;
  const logger = mockServices.logger.mock();

  const options = (
    overrides: Partial<KubernetesReadOptions> = {},
  ): KubernetesReadOptions => ({
    pageSize: 2,
    requestTimeoutMs: 2000,
    concurrency: 4,
    logger,
    ...overrides,
  });

  async function start(serverOptions: Partial<KubernetesApiTestServerOptions>) {
    server = await startKubernetesApiTestServer({
      objects: cluster,
      ...serverOptions,
    });
    return server;
  }

  /** Reads the test cluster, and checks that no Secret was ever requested. */
  async function read(
    api: KubernetesApiTestServer,
    overrides: Partial<KubernetesReadOptions> = {},
    token: string = api.token,
  ) {
    const result = await readKubernetesCluster(
      // The test server speaks plain HTTP, which the client only allows so.
      {
        name: 'prod',
        url: api.url,
        serviceAccountToken: token,
        skipTLSVerify: true,
      },
      options(overrides),
    );
    expect(api.requests.filter(r => r.path.includes('secrets'))).toEqual([]);
    return result;
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lists every kind once, following continue tokens, and evaluates the workloads', async () => {
    const api = await start({ notInstalled: ['argoproj.io'] });

    const result = await read(api);

    expect(result.source).toEqual({
      id: 'kubernetes:prod',
      type: 'kubernetes',
      status: 'ok',
      message: 'cluster prod: not installed: applications.argoproj.io',
    });
    // 5 pods, 2 per page: 3 LIST calls, the later ones with the server's token.
    const podCalls = api.listCalls('v1/pods');
    expect(podCalls.map(c => c.query.limit)).toEqual(['2', '2', '2']);
    expect(podCalls[0].query.continue).toBeUndefined();
    expect(podCalls[1].query.continue).toEqual(expect.any(String));
    expect(podCalls.every(c => c.namespace === undefined)).toBe(true);
    expect(api.listCalls('v1/services')).toHaveLength(1);
    expect(api.listCalls('apps/v1/deployments')).toHaveLength(1);
    expect(
      api.listCalls('security.istio.io/v1/peerauthentications'),
    ).toHaveLength(1);
    expect(
      api.listCalls().filter(c => c.resource?.startsWith('argoproj.io')),
    ).toHaveLength(1);
    // 4 core + 4 apps + 9 Istio + Argo CD + Gateway API Gateways + Sail
    // Istio + webhooks, plus the two extra pod pages.
    expect(api.listCalls()).toHaveLength(23);

    const { evaluation } = result;
    expect(evaluation.cluster).toBe('prod');
    expect(evaluation.unavailable).toBeUndefined();
    expect(evaluation.workloads).toHaveLength(1);
    const [{ workload, report }] = evaluation.workloads;
    expect(report).toMatchObject({
      cluster: 'prod',
      namespace: 'shop',
      name: 'checkout',
      kind: 'Deployment',
      serviceAccount: 'checkout',
      dataplane: 'sidecar',
    });
    expect(report.pods.map(p => [p.name, p.phase])).toEqual(
      pods.map(p => [p.metadata.name, 'Running']),
    );
    expect(report.mtls.policies).toEqual(['istio-system/default']);
    const criteria = Object.fromEntries(
      report.criteria.map(c => [c.id, c.status]),
    );
    expect(criteria['sidecar-injected']).toBe('pass');
    expect(criteria['mtls-strict']).toBe('pass');

    // Items come back with kind and apiVersion and only the fields used.
    const [firstPod] = workload.pods;
    expect(firstPod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'checkout-7d9f8c6b5-a1',
        namespace: 'shop',
        uid: 'pod-a1',
        creationTimestamp: '2026-11-02T10:00:00Z',
        labels: pods[0].metadata.labels,
        annotations: pods[0].metadata.annotations,
        ownerReferences: pods[0].metadata.ownerReferences,
      },
      spec: {
        serviceAccountName: 'checkout',
        containers: [
          {
            name: 'checkout',
            image: 'registry.example.com/checkout:1.4.2',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          },
          {
            name: 'istio-proxy',
            image: 'docker.io/istio/proxyv2:1.27.0',
            ports: [{ name: 'http-envoy-prom', containerPort: 15090 }],
          },
        ],
        initContainers: [
          { name: 'istio-init', image: 'docker.io/istio/proxyv2:1.27.0' },
        ],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'checkout', ready: true, restartCount: 0, image: 'x' },
          { name: 'istio-proxy', ready: true, restartCount: 0, image: 'y' },
        ],
        initContainerStatuses: [
          { name: 'istio-init', ready: true, restartCount: 0, image: 'y' },
        ],
      },
    });
    expect(JSON.stringify(evaluation)).not.toContain('hunter2');
    expect(JSON.stringify(evaluation)).not.toContain('last-applied');
    expect(JSON.stringify(evaluation)).not.toContain('managedFields');
  });

  it('falls back to v1beta1 where Istio does not serve v1 yet', async () => {
    const api = await start({
      notInstalled: ['security.istio.io/v1', 'networking.istio.io/v1'],
    });

    const result = await read(api, { pageSize: 100 });

    expect(result.source.status).toBe('ok');
    expect(
      api
        .listCalls()
        .filter(c => c.resource?.endsWith('/peerauthentications'))
        .map(c => c.resource),
    ).toEqual([
      'security.istio.io/v1/peerauthentications',
      'security.istio.io/v1beta1/peerauthentications',
    ]);
    expect(result.evaluation.workloads[0].report.mtls.policies).toEqual([
      'istio-system/default',
    ]);
  });

  it('reports unauthorized when the token is rejected', async () => {
    const api = await start({});

    const result = await read(api, {}, 'not-the-token');

    expect(result.source.status).toBe('unauthorized');
    expect(result.source.message).toMatch(
      /^cluster prod: cannot list .*401 Unauthorized/,
    );
    expect(result.evaluation).toEqual({
      cluster: 'prod',
      unavailable: result.source.message,
      workloads: [],
    });
  });

  it('reports unauthorized naming the resource a core kind is forbidden for', async () => {
    const api = await start({ forbidden: ['v1/pods'] });

    const result = await read(api);

    expect(result.source.status).toBe('unauthorized');
    expect(result.source.message).toContain('cannot list pods: 403 Forbidden');
    expect(result.source.message).toContain('cannot list resource "pods"');
    expect(result.evaluation.workloads).toEqual([]);
  });

  it('waits out 429 Too Many Requests and then reads everything', async () => {
    const api = await start({ throttleFirstRequests: 2 });

    const started = Date.now();
    const result = await read(api, { concurrency: 1 });

    expect(result.source.status).toBe('ok');
    expect(result.evaluation.workloads).toHaveLength(1);
    expect(
      api.requests.filter(r => r.status === 429).map(r => r.resource),
    ).toEqual(['v1/namespaces', 'v1/namespaces']);
    // Retry-After: 1, twice.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('gives up on a throttled kind after the bounded attempts', async () => {
    const api = await start({ throttleFirstRequests: 1000 });

    const result = await read(api, { maxAttempts: 1, concurrency: 16 });

    expect(result.source.status).toBe('error');
    expect(result.source.message).toContain('HTTP 429');
    expect(api.listCalls()).toHaveLength(21);
  });

  it('reports a timeout when a core kind never answers', async () => {
    const api = await start({ hang: ['v1/pods'] });

    const started = Date.now();
    const result = await read(api, { requestTimeoutMs: 500 });
    const elapsed = Date.now() - started;

    expect(result.source.status).toBe('timeout');
    expect(result.source.message).toBe(
      'cluster prod: cannot list pods: no answer within 500 ms',
    );
    expect(result.evaluation.workloads).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(3000);
  });

  it('serves the rest as partial when an Istio kind fails or times out', async () => {
    const api = await start({
      hang: ['networking.istio.io/v1/virtualservices'],
      failWith: { 'networking.istio.io/v1/sidecars': 500 },
    });

    const result = await read(api, { requestTimeoutMs: 500 });

    expect(result.source.status).toBe('partial');
    expect(result.source.message).toContain(
      'virtualservices.networking.istio.io: no answer within 500 ms',
    );
    expect(result.source.message).toContain(
      'sidecars.networking.istio.io: HTTP 500',
    );
    expect(result.evaluation.workloads).toHaveLength(1);
  });

  it('skips a malformed Istio object, names it and serves the rest', async () => {
    const api = await start({
      objects: [
        ...cluster,
        {
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          metadata: { name: 'too-strict', namespace: 'shop' },
          spec: { mtls: { mode: 'STRICTEST' } },
        },
      ],
    });

    const result = await read(api);

    expect(result.source.status).toBe('partial');
    expect(result.source.message).toMatch(
      /^cluster prod: 1 object\(s\) skipped: PeerAuthentication shop\/too-strict: spec\.mtls\.mode: /,
    );
    const [{ report }] = result.evaluation.workloads;
    expect(report.mtls.policies).toEqual(['istio-system/default']);
    expect(report.criteria.find(c => c.id === 'mtls-strict')?.status).toBe(
      'pass',
    );
  });

  it('starts a list over when its continue token expires', async () => {
    const api = await start({ expireFirstContinue: ['v1/pods'] });

    const result = await read(api);

    expect(result.source.status).toBe('ok');
    expect(result.evaluation.workloads[0].report.pods).toHaveLength(5);
    expect(api.listCalls('v1/pods').map(c => c.status)).toEqual([
      200, 410, 200, 200, 200,
    ]);
  });

  it('keeps Argo CD Applications with their sync and health', async () => {
    const api = await start({
      objects: [
        ...cluster,
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'shop', namespace: 'argocd' },
          spec: {
            project: 'default',
            source: { repoURL: 'https://git.example.com/gitops', path: 'shop' },
            destination: { server: 'https://kubernetes.default.svc' },
          },
          status: {
            sync: { status: 'Synced', revision: 'abc123' },
            health: { status: 'Healthy' },
            history: [{ id: 1, revision: 'abc123' }],
            operationState: { phase: 'Succeeded' },
          },
        },
      ],
    });

    const result = await read(api);

    expect(result.source).toEqual({
      id: 'kubernetes:prod',
      type: 'kubernetes',
      status: 'ok',
    });
    expect(api.listCalls('argoproj.io/v1alpha1/applications')).toHaveLength(1);
  });

  describe('control plane', () => {
    const istiod: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'istiod-default-v1-26-4',
        namespace: 'istio-system',
        uid: 'deploy-istiod',
        labels: {
          app: 'istiod',
          istio: 'pilot',
          'istio.io/rev': 'default-v1-26-4',
        },
        ownerReferences: [
          {
            apiVersion: 'sailoperator.io/v1',
            kind: 'IstioRevision',
            name: 'default-v1-26-4',
            uid: 'rev-default-v1-26-4',
            controller: true,
          },
        ],
      },
      spec: {
        replicas: 2,
        selector: {
          matchLabels: { istio: 'pilot', 'istio.io/rev': 'default-v1-26-4' },
        },
        template: {
          metadata: {
            labels: { app: 'istiod', 'istio.io/rev': 'default-v1-26-4' },
          },
          spec: {
            serviceAccountName: 'istiod-default-v1-26-4',
            containers: [
              {
                name: 'discovery',
                image: 'docker.io/istio/pilot:1.26.4-distroless',
                args: ['discovery', '--monitoringAddr=:15014'],
                env: [{ name: 'REVISION', value: 'default-v1-26-4' }],
              },
            ],
          },
        },
      },
      status: { replicas: 2, readyReplicas: 1, updatedReplicas: 2 },
    };

    // Sends pods of istio-injection=enabled namespaces (shop) to the revision.
    const defaultTag: KubernetesObject & { webhooks: unknown[] } = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: {
        name: 'istio-revision-tag-default',
        labels: {
          app: 'sidecar-injector',
          'istio.io/rev': 'default-v1-26-4',
          'istio.io/tag': 'default',
        },
      },
      webhooks: [
        {
          name: 'rev.namespace.sidecar-injector.istio.io',
          clientConfig: {
            service: {
              name: 'istiod-default-v1-26-4',
              namespace: 'istio-system',
              path: '/inject',
            },
            caBundle: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
          },
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
        },
      ],
    };

    const sailIstio: KubernetesObject = {
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      metadata: { name: 'default', uid: 'istio-default' },
      spec: {
        version: 'v1.26.4',
        namespace: 'istio-system',
        profile: 'default',
        updateStrategy: {
          type: 'RevisionBased',
          inactiveRevisionDeletionGracePeriodSeconds: 30,
        },
        values: { pilot: { traceSampling: 1 } },
      },
      status: {
        activeRevisionName: 'default-v1-26-4',
        conditions: [
          { type: 'Reconciled', status: 'True' },
          {
            type: 'Ready',
            status: 'False',
            reason: 'IstiodNotReady',
            message: 'istiod Deployment is not ready',
          },
        ],
        observedGeneration: 3,
        revisions: { total: 1, ready: 0, inUse: 1 },
        state: 'IstiodNotReady',
      },
    };

    const meshTelemetry: KubernetesObject = {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: {
        name: 'mesh-default',
        namespace: 'istio-system',
        creationTimestamp: '2026-01-12T08:14:02Z',
      },
      spec: {
        tracing: [
          { providers: [{ name: 'jaeger' }], randomSamplingPercentage: 100 },
        ],
      },
    };

    const defaultMeshConfig = {
      rootNamespace: 'istio-system',
      trustDomain: 'cluster.local',
      trustDomainAliases: [],
      enableAutoMtls: true,
      extensionProviders: [],
      source: "Istio's defaults",
      explicit: {},
      revisions: {},
      conflicts: [],
      problems: [],
    };

    const emptyControlPlane = {
      rootNamespace: 'istio-system',
      revisions: [],
      tags: [],
      sail: [],
      telemetry: [],
      meshConfig: defaultMeshConfig,
      problems: [],
    };

    it('reads istiod, its revision tags, the Sail Operator Istio and Telemetry', async () => {
      const api = await start({
        objects: [...cluster, istiod, defaultTag, sailIstio, meshTelemetry],
      });

      const result = await read(api);

      expect(result.source).toEqual({
        id: 'kubernetes:prod',
        type: 'kubernetes',
        status: 'ok',
      });
      expect(result.evaluation.controlPlane).toStrictEqual({
        rootNamespace: 'istio-system',
        revisions: [
          {
            revision: 'default-v1-26-4',
            version: '1.26.4',
            image: 'docker.io/istio/pilot:1.26.4-distroless',
            namespace: 'istio-system',
            name: 'istiod-default-v1-26-4',
            replicas: { ready: 1, desired: 2 },
            tags: ['default'],
            namespaces: ['shop'],
          },
        ],
        tags: [
          {
            tag: 'default',
            revision: 'default-v1-26-4',
            webhook: 'istio-revision-tag-default',
          },
        ],
        sail: [
          {
            name: 'default',
            version: 'v1.26.4',
            namespace: 'istio-system',
            updateStrategy: 'RevisionBased',
            state: 'IstiodNotReady',
            activeRevisionName: 'default-v1-26-4',
            revisions: { total: 1, ready: 0, inUse: 1 },
            conditions: [
              { type: 'Reconciled', status: 'True' },
              {
                type: 'Ready',
                status: 'False',
                reason: 'IstiodNotReady',
                message: 'istiod Deployment is not ready',
              },
            ],
            healthy: false,
            message:
              'Istio default is not ready (IstiodNotReady): istiod Deployment is not ready.',
          },
        ],
        telemetry: [
          {
            namespace: 'istio-system',
            name: 'mesh-default',
            scope: 'mesh',
            tracing: [
              {
                providers: ['jaeger'],
                randomSamplingPercentage: 100,
                mode: 'CLIENT_AND_SERVER',
              },
            ],
            metrics: [],
            accessLogging: [],
          },
        ],
        // No ConfigMap in istiod's namespace: the Sail resource's values.
        meshConfig: { ...defaultMeshConfig, source: 'Istio default' },
        problems: [],
      });
      // Cluster-scoped kinds are listed at the cluster path; of the webhooks
      // only those carrying a revision tag are asked for.
      expect(
        api.listCalls('sailoperator.io/v1/istios').map(c => c.namespace),
      ).toEqual([undefined]);
      expect(
        api
          .listCalls(
            'admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
          )
          .map(c => c.query.labelSelector),
      ).toEqual(['istio.io/tag']);
      expect(JSON.stringify(result)).not.toContain('caBundle');
    });

    const istioConfigMap = (
      name: string,
      inNamespace: string,
      data: Record<string, string>,
    ): KubernetesObject & { data: Record<string, string> } => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: inNamespace },
      data,
    });

    it("reads Istio's ConfigMaps only in istiod's namespace, keeping only what is read", async () => {
      const api = await start({
        objects: [
          ...cluster,
          istiod,
          istioConfigMap('istio-default-v1-26-4', 'istio-system', {
            mesh: [
              'accessLogFile: /dev/stdout',
              'trustDomain: prod.example',
              'defaultConfig:',
              '  discoveryAddress: istiod.istio-system.svc:15012',
              '  interceptionMode: TPROXY',
              'extensionProviders:',
              '- name: ext-authz',
              '  envoyExtAuthzHttp: {service: authz.auth.svc.cluster.local, port: 8000}',
            ].join('\n'),
            meshNetworks: 'networks: {}',
          }),
          istioConfigMap(
            'istio-sidecar-injector-default-v1-26-4',
            'istio-system',
            {
              config:
                'policy: disabled\ntemplates:\n  sidecar: |\n    spec: {}\n',
              values: JSON.stringify({
                global: {
                  proxy: { excludeInboundPorts: '9090', image: 'proxyv2' },
                  hub: 'docker.io/istio',
                },
                sidecarInjectorWebhook: { enableNamespacesByDefault: false },
              }),
            },
          ),
          istioConfigMap('team-settings', 'istio-system', {
            password: 'hunter2',
          }),
          // Not istiod's namespace: never listed.
          istioConfigMap('istio', 'shop', {
            mesh: 'trustDomain: shop.example',
          }),
        ],
      });

      const result = await read(api);

      expect(result.source.status).toBe('ok');
      // Two pages of istio-system's ConfigMaps, nothing cluster-wide.
      expect(
        api.listCalls('v1/configmaps').map(c => c.namespace),
      ).toStrictEqual(['istio-system', 'istio-system']);
      expect(
        result.objects
          .filter(o => o.kind === 'ConfigMap')
          .map(o => [o.metadata.name, (o as { data?: object }).data]),
      ).toStrictEqual([
        [
          'istio-default-v1-26-4',
          {
            mesh: 'trustDomain: prod.example\nextensionProviders:\n  - name: ext-authz\ndefaultConfig:\n  interceptionMode: TPROXY\n',
          },
        ],
        [
          'istio-sidecar-injector-default-v1-26-4',
          {
            config: 'policy: disabled\n',
            values:
              '{"global":{"proxy":{"excludeInboundPorts":"9090"}},"sidecarInjectorWebhook":{"enableNamespacesByDefault":false}}',
          },
        ],
      ]);
      expect(result.evaluation.controlPlane?.meshConfig).toMatchObject({
        trustDomain: 'prod.example',
        extensionProviders: ['ext-authz'],
        source: 'ConfigMap istio-system/istio-default-v1-26-4',
      });
      expect(JSON.stringify(result)).not.toContain('hunter2');
    });

    it("reports partial data when istiod's ConfigMaps may not be listed", async () => {
      const api = await start({
        objects: [...cluster, istiod],
        forbidden: ['v1/configmaps'],
      });

      const result = await read(api);

      expect(result.source.status).toBe('partial');
      expect(result.source.message).toContain(
        'configmaps in namespace istio-system',
      );
      expect(result.evaluation.workloads.length).toBeGreaterThan(0);
    });

    it('reads Telemetry at v1alpha1 from Istio before 1.22', async () => {
      const api = await start({
        objects: [
          ...cluster,
          { ...meshTelemetry, apiVersion: 'telemetry.istio.io/v1alpha1' },
        ],
        notInstalled: ['telemetry.istio.io/v1'],
      });

      const result = await read(api);

      expect(result.source.status).toBe('ok');
      expect(
        result.evaluation.controlPlane?.telemetry.map(t => [t.name, t.scope]),
      ).toEqual([['mesh-default', 'mesh']]);
    });

    it('gives an empty control plane, and status ok, when neither Telemetry nor the Sail Operator is installed', async () => {
      const api = await start({
        notInstalled: ['telemetry.istio.io', 'sailoperator.io'],
      });

      const result = await read(api);

      expect(result.source).toEqual({
        id: 'kubernetes:prod',
        type: 'kubernetes',
        status: 'ok',
        message:
          'cluster prod: not installed: telemetries.telemetry.istio.io, istios.sailoperator.io',
      });
      expect(result.evaluation.controlPlane).toStrictEqual(emptyControlPlane);
      expect(
        api
          .listCalls()
          .filter(c => c.resource?.endsWith('/telemetries'))
          .map(c => [c.resource, c.status]),
      ).toEqual([
        ['telemetry.istio.io/v1/telemetries', 404],
        ['telemetry.istio.io/v1alpha1/telemetries', 404],
      ]);
    });
  });

  it('lists Gateway API Gateways, so an ambient workload behind a waypoint reports the waypoint as enforcing', async () => {
    const ambientNamespace: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'store',
        labels: {
          'istio.io/dataplane-mode': 'ambient',
          'istio.io/use-waypoint': 'waypoint',
        },
      },
    };
    const storePod: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'store-0',
        namespace: 'store',
        labels: { app: 'store' },
        annotations: { 'ambient.istio.io/redirection': 'enabled' },
      },
      spec: {
        containers: [
          { name: 'store', image: 'store:1', ports: [{ containerPort: 8080 }] },
        ],
      },
      status: { phase: 'Running' },
    };
    const waypoint: KubernetesObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'store' },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      },
    };
    const api = await start({
      objects: [...cluster, ambientNamespace, storePod, waypoint],
    });

    const result = await read(api);

    expect(api.listCalls('gateway.networking.k8s.io/v1/gateways')).toHaveLength(
      1,
    );
    const store = result.evaluation.workloads.find(
      w => w.report.name === 'store-0',
    );
    expect(store?.report.authorization).toStrictEqual({
      policies: [],
      enforcedBy: 'waypoint',
      waypoint: 'store/waypoint',
    });
  });

  it('uses a test server that would serve Secrets and namespaced lists', async () => {
    const api = await start({});
    const get = (path: string) =>
      fetch(`${api.url}${path}`, {
        headers: { authorization: `Bearer ${api.token}` },
      }).then(async r => ({ status: r.status, body: await r.json() }));

    const secrets = await get('/api/v1/namespaces/shop/secrets');
    expect(secrets.status).toBe(200);
    expect(secrets.body).toMatchObject({
      kind: 'SecretList',
      apiVersion: 'v1',
      items: [{ metadata: { name: 'checkout-db' } }],
    });
    expect(secrets.body.items[0].kind).toBeUndefined();
    expect((await get('/apis/argoproj.io/v1alpha1/applications')).status).toBe(
      200,
    );
    expect((await get('/apis/example.com/v1/widgets')).status).toBe(404);
    // Cluster-scoped kinds answer only at the cluster path, as the API server does.
    expect((await get('/apis/sailoperator.io/v1/istios')).status).toBe(200);
    expect(
      (await get('/apis/sailoperator.io/v1/namespaces/shop/istios')).status,
    ).toBe(404);
  });

  it('reports an error when the API server cannot be reached', async () => {
    const api = await start({});
    const url = api.url;
    await api.close();
    server = undefined;

    const result = await readKubernetesCluster(
      { name: 'gone', url, serviceAccountToken: 't', skipTLSVerify: true },
      options(),
    );

    expect(result.source.status).toBe('error');
    expect(result.source.message).toMatch(/^cluster gone: cannot list /);
    expect(result.source.message).toContain('ECONNREFUSED');
  });
});
