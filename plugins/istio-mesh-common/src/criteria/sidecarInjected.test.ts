import { parseManifests } from '../resources/parseManifests';
import { evaluateMesh } from '../report/workloadReports';

function namespace(name: string, labels: Record<string, string> = {}) {
  return `
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${JSON.stringify(labels)}}`;
}

// A pod of `cart` in namespace `shop`, with or without istio-proxy.
function pod(
  name: string,
  proxy: 'ready' | 'not-ready' | 'absent',
  metadata: { labels?: object; annotations?: object } = {},
) {
  const containers =
    proxy === 'absent'
      ? '[{name: cart, image: cart}]'
      : '[{name: cart, image: cart}, {name: istio-proxy, image: proxyv2}]';
  const statuses =
    proxy === 'absent'
      ? '[{name: cart, ready: true}]'
      : `[{name: cart, ready: true}, {name: istio-proxy, ready: ${
          proxy === 'ready'
        }}]`;
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  labels: ${JSON.stringify({ app: 'cart', ...metadata.labels })}
  annotations: ${JSON.stringify(metadata.annotations ?? {})}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: cart-7d9f, controller: true}]
spec: {containers: ${containers}}
status: {phase: Running, containerStatuses: ${statuses}}`;
}

const deployment = (labels: Record<string, string> = {}) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: ${JSON.stringify({ app: 'cart', ...labels })}}
    spec: {containers: [{name: cart, image: cart}]}`;

function sidecarInjected(...documents: string[]) {
  const { objects, problems } = parseManifests(
    documents.join('\n---'),
    'cart.yaml',
  );
  expect(problems).toStrictEqual([]);
  const [evaluated] = evaluateMesh(objects.map(o => o.object)).workloads;
  return evaluated.report.criteria.find(c => c.id === 'sidecar-injected')!;
}

describe('evaluateSidecarInjected', () => {
  it('passes when every pod has a ready istio-proxy', () => {
    const criterion = sidecarInjected(
      pod('cart-7d9f-a', 'ready'),
      pod('cart-7d9f-b', 'ready'),
    );
    expect(criterion.status).toBe('pass');
    expect(criterion.summary).toMatch(
      /All 2 pods of .*cart.* ready istio-proxy/,
    );
  });

  it('fails naming the pods outside the mesh, and a label that opted out', () => {
    const criterion = sidecarInjected(
      pod('cart-7d9f-a', 'ready'),
      pod('cart-7d9f-b', 'absent', {
        labels: { 'sidecar.istio.io/inject': 'false' },
      }),
    );
    expect(criterion.status).toBe('fail');
    expect(criterion.summary).toMatch(/^1 of 2 pods of .* is outside the mesh/);
    expect(criterion.evidence).toContainEqual({
      kind: 'Pod',
      namespace: 'shop',
      name: 'cart-7d9f-b',
      message:
        'has no istio-proxy container and is not in ambient mode (opted out by label sidecar.istio.io/inject=false)',
    });
  });

  it('warns, never passes, while istio-proxy is not ready', () => {
    const criterion = sidecarInjected(pod('cart-7d9f-a', 'not-ready'));
    expect(criterion.status).toBe('warn');
    expect(criterion.summary).toMatch(/istio-proxy is not ready in the pod/);
  });

  it('passes a pod captured by ztunnel in ambient mode', () => {
    const criterion = sidecarInjected(
      namespace('shop', { 'istio.io/dataplane-mode': 'ambient' }),
      pod('cart-7d9f-a', 'absent', {
        annotations: { 'ambient.istio.io/redirection': 'enabled' },
      }),
    );
    expect(criterion.status).toBe('pass');
    expect(criterion.summary).toMatch(/in the ambient mesh/);
  });

  describe('plain manifests (no pods)', () => {
    it('predicts injection from the namespace label', () => {
      const criterion = sidecarInjected(
        namespace('shop', { 'istio-injection': 'enabled' }),
        deployment(),
      );
      expect(criterion.status).toBe('pass');
      expect(criterion.summary).toMatch(/would get an istio-proxy/);
    });

    it('fails when nothing would enrol the pods', () => {
      const criterion = sidecarInjected(namespace('shop'), deployment());
      expect(criterion.status).toBe('fail');
      expect(criterion.summary).toMatch(/would be outside the mesh/);
    });

    it('fails when the template opts out of an injecting namespace', () => {
      const criterion = sidecarInjected(
        namespace('shop', { 'istio-injection': 'enabled' }),
        deployment({ 'sidecar.istio.io/inject': 'false' }),
      );
      expect(criterion.status).toBe('fail');
    });

    it('warns without the Namespace, since nothing can be predicted', () => {
      const criterion = sidecarInjected(deployment());
      expect(criterion.status).toBe('warn');
      expect(criterion.summary).toMatch(/has no running pods to check/);
    });
  });
});
