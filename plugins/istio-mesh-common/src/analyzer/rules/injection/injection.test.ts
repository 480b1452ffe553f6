import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { injectionAnalyzer } from './injection';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'injection.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [injectionAnalyzer] });
}

const base = {
  analyzer: 'injection.Analyzer',
  namespace: '',
};
const documentationUrl = (code: string) =>
  `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;

const injectorConfigMap = (
  enableNamespacesByDefault: boolean,
) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
data:
  config: |-
    policy: enabled
  values: '{"sidecarInjectorWebhook":{"enableNamespacesByDefault":${enableNamespacesByDefault}}}'
`;

describe('injection.Analyzer', () => {
  it('reports a namespace without injection labels (IST0102)', () => {
    expect(
      analyze(`apiVersion: v1
kind: Namespace
metadata:
  name: shop
`),
    ).toStrictEqual([
      {
        ...base,
        code: 'IST0102',
        level: 'Info',
        kind: 'Namespace',
        name: 'shop',
        message:
          "The namespace is not enabled for Istio injection. Run 'kubectl label namespace shop istio-injection=enabled' to enable it, or 'kubectl label namespace shop istio-injection=disabled' to explicitly mark it as not needing injection.",
        path: 'metadata.name',
        location: { file: 'injection.yaml', line: 4 },
        documentationUrl: documentationUrl('IST0102'),
      },
    ]);
  });

  it('reports IST0148 instead when the injector enables namespaces by default', () => {
    expect(
      analyze(`${injectorConfigMap(true)}---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
`),
    ).toStrictEqual([
      {
        ...base,
        code: 'IST0148',
        level: 'Info',
        kind: 'Namespace',
        name: 'shop',
        message:
          'is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.',
        path: 'metadata.labels',
        location: { file: 'injection.yaml', line: 11 },
        documentationUrl: documentationUrl('IST0148'),
      },
    ]);
  });

  it('reports several injection label types (IST0123), in istioctl order', () => {
    expect(
      analyze(`apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio.io/dataplane-mode: ambient
    istio.io/rev: canary
---
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    istio-injection: disabled
    istio.io/rev: canary
`),
    ).toStrictEqual([
      {
        ...base,
        code: 'IST0123',
        level: 'Warning',
        kind: 'Namespace',
        name: 'shop',
        message:
          'The namespace has more than one type of injection labels [istio.io/rev=canary istio.io/dataplane-mode=ambient], which may lead to undefined behavior. Make sure only one injection label exists.',
        path: 'metadata.labels',
        location: { file: 'injection.yaml', line: 6 },
        documentationUrl: documentationUrl('IST0123'),
      },
    ]);
  });

  it('reports pods without a proxy in istio-injection=enabled namespaces only (IST0103)', () => {
    expect(
      analyze(`apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: canary-shop
  labels:
    istio.io/rev: canary
---
apiVersion: v1
kind: Pod
metadata:
  name: cart-7d4b9c8f6d-x2k9p
  namespace: shop
spec:
  containers:
    - name: cart
      image: example.com/cart:1.4.2
---
apiVersion: v1
kind: Pod
metadata:
  name: cart-5f6d7c8b9-abcde
  namespace: canary-shop
spec:
  containers:
    - name: cart
      image: example.com/cart:1.4.2
`),
    ).toStrictEqual([
      {
        ...base,
        code: 'IST0103',
        level: 'Warning',
        kind: 'Pod',
        namespace: 'shop',
        name: 'cart-7d4b9c8f6d-x2k9p',
        message:
          'The pod shop/cart-7d4b9c8f6d-x2k9p is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
        path: 'spec.containers',
        location: { file: 'injection.yaml', line: 22 },
        documentationUrl: documentationUrl('IST0103'),
      },
    ]);
  });

  it('accepts injected, opted-out, host-network and ambient cases', () => {
    expect(
      analyze(`apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: mesh-ambient
  labels:
    istio.io/dataplane-mode: ambient
---
apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
---
apiVersion: v1
kind: Pod
metadata:
  name: injected
  namespace: shop
spec:
  containers:
    - name: cart
      image: example.com/cart:1.4.2
    - name: istio-proxy
      image: docker.io/istio/proxyv2:1.26.0
---
apiVersion: v1
kind: Pod
metadata:
  name: native-sidecar
  namespace: shop
spec:
  initContainers:
    - name: istio-proxy
      image: docker.io/istio/proxyv2:1.26.0
      restartPolicy: Always
  containers:
    - name: cart
      image: example.com/cart:1.4.2
---
apiVersion: v1
kind: Pod
metadata:
  name: opted-out
  namespace: shop
  labels:
    sidecar.istio.io/inject: "False"
  annotations:
    sidecar.istio.io/inject: "true"
spec:
  containers:
    - name: cart
      image: example.com/cart:1.4.2
---
apiVersion: v1
kind: Pod
metadata:
  name: node-agent
  namespace: shop
spec:
  hostNetwork: true
  containers:
    - name: agent
      image: example.com/agent:2.0.0
`),
    ).toStrictEqual([]);
  });
});
