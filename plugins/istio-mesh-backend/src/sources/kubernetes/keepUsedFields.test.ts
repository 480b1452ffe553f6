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

  it('keeps a Deployment with its pod template and without status', () => {
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
          status: { readyReplicas: 2 },
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
