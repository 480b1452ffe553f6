import {
  analyzeInContext,
  KubernetesObject,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  visibleImpact,
  visibleLiveObjects,
  withoutHiddenReferences,
} from './visibleMesh';

const object = (
  kind: string,
  name: string,
  namespace?: string,
  spec: object = {},
  apiVersion = 'v1',
): KubernetesObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec,
});

const readable = new Set(['shop']);

describe('visibleLiveObjects', () => {
  it('keeps readable namespaces, mesh-wide policies and cluster configuration', () => {
    const live = [
      object('Namespace', 'shop'),
      object('Namespace', 'payments'),
      object('Namespace', 'istio-system'),
      object('Service', 'cart', 'shop'),
      object('Service', 'ledger', 'payments'),
      object('Pod', 'ledger-1', 'payments'),
      object('Service', 'istiod', 'istio-system'),
      object('Pod', 'istiod-1', 'istio-system'),
      {
        ...object('Deployment', 'istiod', 'istio-system', {}, 'apps/v1'),
        metadata: {
          name: 'istiod',
          namespace: 'istio-system',
          labels: { app: 'istiod' },
        },
      },
      object('ConfigMap', 'istio', 'istio-system'),
      object('ConfigMap', 'istio-sidecar-injector', 'istio-system'),
      object('ConfigMap', 'kube-root-ca.crt', 'istio-system'),
      object('ConfigMap', 'istio-ledger-settings', 'payments'),
      object('Gateway', 'public', 'istio-system', {}, 'networking.istio.io/v1'),
      object('PeerAuthentication', 'default', 'istio-system'),
      object('AuthorizationPolicy', 'deny-all', 'istio-system'),
      object('AuthorizationPolicy', 'ledger', 'payments'),
      object('Application', 'payments', 'argocd'),
      object('Istio', 'default'),
      object('MutatingWebhookConfiguration', 'istio-revision-tag-default'),
    ];
    expect(
      visibleLiveObjects(live, readable, 'istio-system').map(
        o => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`,
      ),
    ).toStrictEqual([
      'Namespace /shop',
      'Namespace /istio-system',
      'Service shop/cart',
      'ConfigMap istio-system/istio',
      'ConfigMap istio-system/istio-sidecar-injector',
      'PeerAuthentication istio-system/default',
      'AuthorizationPolicy istio-system/deny-all',
      'Istio /default',
      'MutatingWebhookConfiguration /istio-revision-tag-default',
    ]);
  });
});

describe('visibleImpact', () => {
  it('leaves out targets and callers of other namespaces', () => {
    expect(
      visibleImpact(
        {
          policy: 'istio-system/deny-all',
          targets: ['payments/ledger', 'shop/cart'],
          deniedCallers: [
            { namespace: 'payments', serviceAccount: 'ledger', workloads: [] },
            { namespace: 'shop', serviceAccount: 'web', workloads: ['web'] },
          ],
        },
        readable,
      ),
    ).toStrictEqual({
      policy: 'istio-system/deny-all',
      targets: ['shop/cart'],
      deniedCallers: [
        { namespace: 'shop', serviceAccount: 'web', workloads: ['web'] },
      ],
    });
  });
});

describe('withoutHiddenReferences', () => {
  const analyze = (sent: KubernetesObject[], context: KubernetesObject[]) => {
    const messages = analyzeInContext({
      analyzed: sent.map(o => ({ object: o })),
      context,
    });
    return withoutHiddenReferences(messages, sent, readable, 'istio-system');
  };
  const cart = object('Service', 'cart', 'shop', {
    selector: { app: 'cart' },
    ports: [{ name: 'http', port: 80 }],
  });

  it('does not check hosts and gateways in namespaces the caller may not read', () => {
    const vs = object(
      'VirtualService',
      'cart',
      'shop',
      {
        hosts: ['cart'],
        gateways: ['ingress/public', 'shop/missing'],
        http: [
          {
            route: [
              { destination: { host: 'cart' } },
              { destination: { host: 'ledger.payments.svc.cluster.local' } },
              { destination: { host: 'missing' } },
            ],
          },
        ],
      },
      'networking.istio.io/v1',
    );
    const result = analyze([vs], [cart]);
    expect(
      result.messages.map(m => `${m.code} ${m.path}`).sort(),
    ).toStrictEqual([
      'IST0101 spec.gateways[1]',
      'IST0101 spec.http[0].route[2].destination.host',
      'IST0132 spec.gateways[1]',
    ]);
    expect(result.notChecked).toStrictEqual([
      {
        kind: 'VirtualService',
        namespace: 'shop',
        name: 'cart',
        path: 'spec.gateways[0]',
        reason: 'refers to namespace ingress, which you may not read',
      },
      {
        kind: 'VirtualService',
        namespace: 'shop',
        name: 'cart',
        path: 'spec.http[0].route[1].destination.host',
        reason: 'refers to namespace payments, which you may not read',
      },
    ]);
  });

  it('does not check source namespaces the caller may not read, nor mesh-wide selectors', () => {
    const policy = object(
      'AuthorizationPolicy',
      'cart',
      'shop',
      {
        selector: { matchLabels: { app: 'cart' } },
        rules: [
          {
            from: [{ source: { namespaces: ['shop', 'payments', 'team-*'] } }],
          },
        ],
      },
      'security.istio.io/v1',
    );
    const meshWide = object(
      'AuthorizationPolicy',
      'ledger-only',
      'istio-system',
      { selector: { matchLabels: { app: 'ledger' } } },
      'security.istio.io/v1',
    );
    const result = analyze(
      [policy, meshWide],
      [object('Namespace', 'shop'), cart],
    );
    // No pod runs in shop: that holds whatever the caller may not read.
    expect(result.messages.map(m => `${m.code} ${m.name}`)).toStrictEqual([
      'IST0127 cart',
    ]);
    expect(
      result.notChecked.map(
        n => `${n.namespace}/${n.name} ${n.path}: ${n.reason}`,
      ),
    ).toStrictEqual([
      'istio-system/ledger-only spec.selector: depends on namespaces you may not read',
      'shop/cart spec.rules[0].from[0].source.namespaces[1]: refers to namespace payments, which you may not read',
      'shop/cart spec.rules[0].from[0].source.namespaces[2]: depends on namespaces you may not read',
    ]);
  });
});
