import { keepUsedFields, toPlainJson } from './keepUsedFields';

describe('keepUsedFields', () => {
  it('turns typed models back into the JSON the server sent', () => {
    class Meta {
      name = 'checkout';
      namespace: string | undefined = undefined;
      creationTimestamp = new Date('2026-11-02T10:00:00Z');
    }
    expect(toPlainJson({ metadata: new Meta(), items: [1, 'a'] })).toEqual({
      metadata: { name: 'checkout', creationTimestamp: '2026-11-02T10:00:00Z' },
      items: [1, 'a'],
    });
  });

  it('keeps a ServiceAccount without its secrets', () => {
    expect(
      keepUsedFields(
        {
          metadata: { name: 'checkout', namespace: 'shop' },
          secrets: [{ name: 'checkout-token' }],
          imagePullSecrets: [{ name: 'registry' }],
        },
        'ServiceAccount',
        'v1',
      ),
    ).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'checkout', namespace: 'shop' },
    });
  });

  it('keeps a Deployment with its pod template and ready replicas only', () => {
    expect(
      keepUsedFields(
        {
          metadata: {
            name: 'checkout',
            namespace: 'shop',
            generation: 4,
            managedFields: [{ manager: 'kubectl' }],
          },
          spec: {
            replicas: 2,
            strategy: { type: 'RollingUpdate' },
            selector: { matchLabels: { app: 'checkout' } },
            template: {
              metadata: { labels: { app: 'checkout' } },
              spec: {
                containers: [
                  { name: 'checkout', env: [{ name: 'A', value: 'b' }] },
                ],
                volumes: [{ name: 'data' }],
              },
            },
          },
          status: {
            observedGeneration: 4,
            replicas: 2,
            readyReplicas: 2,
            conditions: [{ type: 'Available', status: 'True' }],
          },
        },
        'Deployment',
        'apps/v1',
      ),
    ).toStrictEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'checkout' } },
        template: {
          metadata: { labels: { app: 'checkout' } },
          spec: { containers: [{ name: 'checkout' }] },
        },
      },
      status: { readyReplicas: 2 },
    });
  });

  it('keeps the image of the istiod discovery container', () => {
    expect(
      keepUsedFields(
        {
          metadata: {
            name: 'istiod-default-v1-26-4',
            namespace: 'istio-system',
            labels: { app: 'istiod', 'istio.io/rev': 'default-v1-26-4' },
          },
          spec: {
            replicas: 1,
            template: {
              spec: {
                containers: [
                  {
                    name: 'discovery',
                    image: 'docker.io/istio/pilot:1.26.4',
                    args: ['discovery', '--monitoringAddr=:15014'],
                    env: [{ name: 'REVISION', value: 'default-v1-26-4' }],
                  },
                ],
              },
            },
          },
          status: { replicas: 1, readyReplicas: 1, updatedReplicas: 1 },
        },
        'Deployment',
        'apps/v1',
      ),
    ).toStrictEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'istiod-default-v1-26-4',
        namespace: 'istio-system',
        labels: { app: 'istiod', 'istio.io/rev': 'default-v1-26-4' },
      },
      spec: {
        replicas: 1,
        template: {
          spec: {
            containers: [
              { name: 'discovery', image: 'docker.io/istio/pilot:1.26.4' },
            ],
          },
        },
      },
      status: { readyReplicas: 1 },
    });
  });

  it('keeps a Sail Operator Istio with only the mesh configuration of its Helm values', () => {
    expect(
      keepUsedFields(
        {
          metadata: { name: 'default', generation: 3 },
          spec: {
            version: 'v1.26.4',
            namespace: 'istio-system',
            profile: 'default',
            updateStrategy: {
              type: 'RevisionBased',
              inactiveRevisionDeletionGracePeriodSeconds: 30,
            },
            values: {
              meshConfig: {
                accessLogFile: '/dev/stdout',
                trustDomain: 'prod.example',
                extensionProviders: [
                  {
                    name: 'opa',
                    envoyExtAuthzGrpc: { service: 'opa', port: 9191 },
                  },
                ],
              },
              global: {
                istioNamespace: 'istio-system',
                hub: 'docker.io/istio',
              },
              pilot: { env: { PILOT_TOKEN: 'not-read' } },
            },
          },
          status: {
            activeRevisionName: 'default-v1-26-4',
            conditions: [
              {
                lastTransitionTime: '2026-01-12T08:14:41Z',
                status: 'False',
                type: 'Ready',
                reason: 'IstiodNotReady',
                message: 'istiod Deployment is not ready',
              },
            ],
            observedGeneration: 3,
            revisions: { inUse: 1, ready: 0, total: 1 },
            state: 'IstiodNotReady',
          },
        },
        'Istio',
        'sailoperator.io/v1',
      ),
    ).toStrictEqual({
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      metadata: { name: 'default' },
      spec: {
        version: 'v1.26.4',
        namespace: 'istio-system',
        updateStrategy: { type: 'RevisionBased' },
        values: {
          meshConfig: {
            trustDomain: 'prod.example',
            extensionProviders: [{ name: 'opa' }],
          },
          global: { istioNamespace: 'istio-system' },
        },
      },
      status: {
        state: 'IstiodNotReady',
        activeRevisionName: 'default-v1-26-4',
        revisions: { total: 1, ready: 0, inUse: 1 },
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'IstiodNotReady',
            message: 'istiod Deployment is not ready',
          },
        ],
      },
    });
  });

  it('keeps only the labels and name of a revision-tag webhook', () => {
    expect(
      keepUsedFields(
        {
          metadata: {
            name: 'istio-revision-tag-prod',
            labels: { 'istio.io/tag': 'prod', 'istio.io/rev': '1-26-4' },
            resourceVersion: '5120',
          },
          webhooks: [
            {
              name: 'rev.namespace.sidecar-injector.istio.io',
              clientConfig: { caBundle: 'LS0tLS1CRUdJTi...' },
            },
          ],
        },
        'MutatingWebhookConfiguration',
        'admissionregistration.k8s.io/v1',
      ),
    ).toStrictEqual({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: {
        name: 'istio-revision-tag-prod',
        labels: { 'istio.io/tag': 'prod', 'istio.io/rev': '1-26-4' },
      },
    });
  });

  it('keeps an Argo CD Application with its sync, health and resources', () => {
    expect(
      keepUsedFields(
        {
          metadata: { name: 'shop', namespace: 'argocd' },
          spec: { project: 'default', source: { path: 'shop' } },
          status: {
            sync: { status: 'Synced', revision: 'abc123', comparedTo: {} },
            health: { status: 'Healthy' },
            resources: [
              {
                group: 'apps',
                version: 'v1',
                kind: 'Deployment',
                namespace: 'shop',
                name: 'checkout',
                status: 'Synced',
                health: { status: 'Healthy' },
              },
            ],
            history: [{ id: 1 }],
            operationState: { phase: 'Succeeded' },
          },
        },
        'Application',
        'argoproj.io/v1alpha1',
      ),
    ).toStrictEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'shop', namespace: 'argocd' },
      spec: { project: 'default', source: { path: 'shop' } },
      status: {
        sync: { status: 'Synced', revision: 'abc123' },
        health: { status: 'Healthy' },
        resources: [
          {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'checkout',
            status: 'Synced',
            health: { status: 'Healthy' },
          },
        ],
      },
    });
  });
});
