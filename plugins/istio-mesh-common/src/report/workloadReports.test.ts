import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { evaluateWorkloads } from './workloadReports';

const snapshot = parseManifests(
  readFileSync(
    resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
    'utf8',
  ),
  'homelab.yaml',
);
const evaluated = evaluateWorkloads(
  snapshot.objects.map(o => o.object),
  { cluster: 'homelab' },
);
const report = (name: string) =>
  evaluated.find(w => w.report.name === name)!.report;
const status = (name: string, id: string) =>
  report(name).criteria.find(c => c.id === id)!.status;

describe('evaluateWorkloads on the example cluster', () => {
  it('reads the snapshot without problems', () => {
    expect(snapshot.problems).toStrictEqual([]);
  });

  it('groups pods under their Deployment through the ReplicaSet', () => {
    const frontend = report('frontend');
    expect(frontend).toMatchObject({
      cluster: 'homelab',
      namespace: 'boutique-dev',
      kind: 'Deployment',
      serviceAccount: 'frontend',
      dataplane: 'sidecar',
    });
    expect(frontend.pods).toHaveLength(2);
    expect(evaluated.filter(w => w.report.kind === 'ReplicaSet')).toStrictEqual(
      [],
    );
  });

  it('stops at the Deployment when an operator resource owns it', () => {
    expect(report('istiod-default-v1-26-4')).toMatchObject({
      namespace: 'istio-system',
      kind: 'Deployment',
    });
  });

  it('finds the pod without istio-proxy and the proxy that is not ready', () => {
    expect(report('redis-cart').dataplane).toBe('none');
    expect(status('redis-cart', 'sidecar-injected')).toBe('fail');
    expect(report('recommendationservice').dataplane).toBe('sidecar-not-ready');
    expect(status('recommendationservice', 'sidecar-injected')).toBe('warn');
    expect(status('cartservice', 'sidecar-injected')).toBe('pass');
  });

  it('finds the workloads that accept plaintext', () => {
    expect(report('paymentservice').mtls).toStrictEqual({
      mode: 'PERMISSIVE',
      ports: { '50051': 'PERMISSIVE' },
      policies: [
        'istio-system/default',
        'boutique-dev/default',
        'boutique-dev/paymentservice-permissive',
      ],
      uncaptured: {},
    });
    expect(status('paymentservice', 'mtls-strict')).toBe('fail');
    expect(report('frontend').mtls.ports).toStrictEqual({
      '8080': 'STRICT',
      '9090': 'PERMISSIVE',
    });
    expect(
      report('frontend').criteria.find(c => c.id === 'mtls-strict'),
    ).toMatchObject({
      status: 'fail',
      summary:
        'Deployment boutique-dev/frontend accepts plaintext: port 9090 is PERMISSIVE',
      fixTemplate: 'istio-strict-mtls',
    });
    expect(status('redis-cart', 'mtls-strict')).toBe('fail');
  });

  it('keeps productcatalogservice STRICT despite the root-namespace selector policy', () => {
    const criterion = report('productcatalogservice').criteria.find(
      c => c.id === 'mtls-strict',
    )!;
    expect(criterion.status).toBe('pass');
    expect(criterion.evidence).toContainEqual({
      kind: 'PeerAuthentication',
      namespace: 'istio-system',
      name: 'ingress-disable',
      message:
        'ignored: has a selector in the root namespace istio-system, which Istio ignores',
    });
  });
});

describe('policies and routes per workload', () => {
  it('lists the AuthorizationPolicies, VirtualServices and DestinationRules that apply', () => {
    const catalog = report('productcatalogservice');
    expect(catalog.authorization).toStrictEqual({
      policies: ['boutique-dev/productcatalogservice-allow'],
      enforcedBy: 'sidecar',
    });
    expect(catalog.virtualServices).toStrictEqual([
      'boutique-dev/productcatalogservice',
    ]);
    expect(catalog.destinationRules).toStrictEqual([
      'boutique-dev/productcatalogservice',
    ]);
    expect(report('emailservice')).toMatchObject({
      authorization: { policies: [] },
      virtualServices: [],
      destinationRules: [],
    });
  });
});

describe('workloads from plain manifests, without pods', () => {
  const manifests = (namespaceLabels: string) =>
    parseManifests(
      `${namespaceLabels}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1.0}]
`,
      'shop.yaml',
    ).objects.map(o => o.object);
  const sidecar = (namespaceLabels: string) =>
    evaluateWorkloads(manifests(namespaceLabels))[0].report.criteria.find(
      c => c.id === 'sidecar-injected',
    )!;

  it('predicts injection from the namespace label and the pod template', () => {
    expect(
      sidecar(`apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
`),
    ).toStrictEqual({
      id: 'sidecar-injected',
      status: 'pass',
      summary:
        'Deployment shop/web has no running pods; its pod template would get an istio-proxy',
      evidence: [
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
          message:
            'predicted from the pod template and namespace shop: its pod template would get an istio-proxy',
        },
      ],
    });
  });

  it('predicts a workload outside the mesh', () => {
    expect(
      sidecar(`apiVersion: v1
kind: Namespace
metadata: {name: shop}
`).status,
    ).toBe('fail');
  });

  it('does not guess without the Namespace object', () => {
    expect(sidecar('').status).toBe('warn');
  });
});
