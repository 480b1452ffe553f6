import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject, Pod, PodController } from '../resources/objects';
import {
  ambientEnrollment,
  DEFAULT_INJECTOR_CONFIG,
  enrollmentNamespace,
  EnrollmentNamespace,
  EnrollmentPod,
  injectorConfigMapName,
  namespaceInAmbientMode,
  parseInjectorConfigMap,
  podInAmbientMode,
  podInMesh,
  podTemplateInMesh,
  predictDataplane,
  sidecarInjection,
} from './enrollment';

function objects(yaml: string): KubernetesObject[] {
  const parsed = parseManifests(yaml, 'test.yaml');
  expect(parsed.problems).toStrictEqual([]);
  return parsed.objects.map(o => o.object);
}

/** A Namespace and a Pod from YAML documents, in that order. */
function fixture(yaml: string): [Pod, EnrollmentNamespace] {
  const [namespace, pod] = objects(yaml);
  return [pod as Pod, enrollmentNamespace(namespace)];
}

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
---
`;

const pod = (meta: string, spec = '') => `apiVersion: v1
kind: Pod
metadata:
  name: cart-7d4b9c8f6d-x2k9p
  namespace: shop
${meta}
spec:
  containers:
    - name: cart
      image: example.com/cart:1.4.2
${spec}`;

describe('sidecarInjection', () => {
  it.each([
    [
      'istio-injection=enabled selects the default injector',
      namespace('istio-injection: enabled'),
      pod(''),
      { inject: true, revision: 'default', reason: 'policy' },
    ],
    [
      'istio-injection=enabled wins over istio.io/rev on the namespace',
      namespace('istio-injection: enabled, istio.io/rev: canary'),
      pod(''),
      { inject: true, revision: 'default', reason: 'policy' },
    ],
    [
      'pod istio.io/rev is ignored in an istio-injection=enabled namespace',
      namespace('istio-injection: enabled'),
      pod('  labels: {istio.io/rev: canary}'),
      { inject: true, revision: 'default', reason: 'policy' },
    ],
    [
      'pod label sidecar.istio.io/inject=false keeps the webhook away',
      namespace('istio-injection: enabled'),
      pod('  labels: {sidecar.istio.io/inject: "false"}'),
      { inject: false, reason: 'no-webhook' },
    ],
    [
      'istio-injection=disabled never injects, even with istio.io/rev',
      namespace('istio-injection: disabled, istio.io/rev: canary'),
      pod('  labels: {sidecar.istio.io/inject: "true"}'),
      { inject: false, reason: 'no-webhook' },
    ],
    [
      'namespace istio.io/rev selects that revision',
      namespace('istio.io/rev: canary'),
      pod(''),
      { inject: true, revision: 'canary', reason: 'policy' },
    ],
    [
      'namespace istio.io/rev with a pod opt-out label',
      namespace('istio.io/rev: canary'),
      pod('  labels: {sidecar.istio.io/inject: "false"}'),
      { inject: false, reason: 'no-webhook' },
    ],
    [
      'unlabelled namespace: pod label inject=true selects the default injector',
      namespace(''),
      pod('  labels: {sidecar.istio.io/inject: "true"}'),
      { inject: true, revision: 'default', reason: 'pod-label' },
    ],
    [
      'unlabelled namespace: the annotation alone reaches no webhook',
      namespace(''),
      pod('  annotations: {sidecar.istio.io/inject: "true"}'),
      { inject: false, reason: 'no-webhook' },
    ],
    [
      'unlabelled namespace: pod istio.io/rev selects that revision',
      namespace(''),
      pod('  labels: {istio.io/rev: canary}'),
      { inject: true, revision: 'canary', reason: 'policy' },
    ],
    [
      'unlabelled namespace: pod istio.io/rev wins over inject=true',
      namespace(''),
      pod('  labels: {istio.io/rev: canary, sidecar.istio.io/inject: "true"}'),
      { inject: true, revision: 'canary', reason: 'pod-label' },
    ],
    [
      'unlabelled namespace and pod: no webhook by default',
      namespace(''),
      pod(''),
      { inject: false, reason: 'no-webhook' },
    ],
    [
      'hostNetwork pods are skipped by the injector',
      namespace('istio-injection: enabled'),
      pod('', '  hostNetwork: true'),
      { inject: false, revision: 'default', reason: 'host-network' },
    ],
    [
      'the pod label wins over the annotation',
      namespace('istio-injection: enabled'),
      pod(
        '  labels: {sidecar.istio.io/inject: "true"}\n  annotations: {sidecar.istio.io/inject: "false"}',
      ),
      { inject: true, revision: 'default', reason: 'pod-label' },
    ],
    [
      'the deprecated annotation decides without a label',
      namespace('istio-injection: enabled'),
      pod('  annotations: {sidecar.istio.io/inject: "false"}'),
      { inject: false, revision: 'default', reason: 'pod-annotation' },
    ],
    [
      'values other than true/false fall back to the policy',
      namespace('istio-injection: enabled'),
      pod('  labels: {sidecar.istio.io/inject: "yes"}'),
      { inject: true, revision: 'default', reason: 'policy' },
    ],
  ])('%s', (_title, ns, podYaml, expected) => {
    const [p, n] = fixture(ns + podYaml);
    expect(sidecarInjection(p, n)).toStrictEqual(expected);
  });

  it('skips the ignored namespaces', () => {
    const [p] = fixture(namespace('') + pod(''));
    expect(
      sidecarInjection(p, {
        name: 'kube-system',
        labels: { 'istio-injection': 'enabled' },
      }),
    ).toStrictEqual({
      inject: false,
      revision: 'default',
      reason: 'ignored-namespace',
    });
  });

  it('injects unlabelled namespaces with enableNamespacesByDefault, except system ones', () => {
    const options = {
      injectors: {
        default: {
          ...DEFAULT_INJECTOR_CONFIG,
          enableNamespacesByDefault: true,
        },
      },
    };
    const [p, n] = fixture(namespace('') + pod(''));
    expect(sidecarInjection(p, n, options)).toStrictEqual({
      inject: true,
      revision: 'default',
      reason: 'policy',
    });
    expect(sidecarInjection(p, { name: 'kube-public' }, options)).toStrictEqual(
      { inject: false, reason: 'no-webhook' },
    );
    const [optedOut] = fixture(
      namespace('') + pod('  labels: {sidecar.istio.io/inject: "false"}'),
    );
    expect(sidecarInjection(optedOut, n, options)).toStrictEqual({
      inject: false,
      reason: 'no-webhook',
    });
  });

  it('applies the policy and selectors of the revision that handles the pod', () => {
    const options = {
      injectors: {
        canary: {
          ...DEFAULT_INJECTOR_CONFIG,
          policy: 'disabled',
          neverInjectSelector: [{ matchLabels: { batch: 'true' } }],
          alwaysInjectSelector: [
            {
              matchExpressions: [
                { key: 'tier', operator: 'In', values: ['web'] },
              ],
            },
          ],
        },
      },
    };
    const run = (meta: string) => {
      const [p, n] = fixture(namespace('istio.io/rev: canary') + pod(meta));
      return sidecarInjection(p, n, options);
    };
    expect(run('')).toStrictEqual({
      inject: false,
      revision: 'canary',
      reason: 'policy',
    });
    expect(run('  labels: {tier: web}')).toStrictEqual({
      inject: true,
      revision: 'canary',
      reason: 'always-inject-selector',
    });
    expect(run('  labels: {tier: web, batch: "true"}')).toStrictEqual({
      inject: false,
      revision: 'canary',
      reason: 'never-inject-selector',
    });
    expect(
      run(
        '  labels: {batch: "true"}\n  annotations: {sidecar.istio.io/inject: "true"}',
      ),
    ).toStrictEqual({
      inject: true,
      revision: 'canary',
      reason: 'pod-annotation',
    });
  });

  it('ignores empty and invalid injector selectors', () => {
    const [p, n] = fixture(namespace('istio-injection: enabled') + pod(''));
    expect(
      sidecarInjection(p, n, {
        injectors: {
          default: {
            ...DEFAULT_INJECTOR_CONFIG,
            neverInjectSelector: [
              {},
              { matchExpressions: [{ key: 'a', operator: 'Bogus' }] },
            ],
          },
        },
      }),
    ).toStrictEqual({ inject: true, revision: 'default', reason: 'policy' });
  });

  it('does not inject for a revision that is not installed', () => {
    const [p, n] = fixture(namespace('istio.io/rev: pidgeon') + pod(''));
    expect(
      sidecarInjection(p, n, { installedRevisions: ['default', 'canary'] }),
    ).toStrictEqual({
      inject: false,
      revision: 'pidgeon',
      reason: 'revision-not-installed',
    });
  });
});

describe('injector ConfigMaps', () => {
  it('names the ConfigMap of a revision', () => {
    expect(injectorConfigMapName('')).toBe('istio-sidecar-injector');
    expect(injectorConfigMapName('default')).toBe('istio-sidecar-injector');
    expect(injectorConfigMapName('canary')).toBe(
      'istio-sidecar-injector-canary',
    );
  });

  it('reads policy, selectors and enableNamespacesByDefault', () => {
    const file = resolve(
      __dirname,
      '../../../../../shared/istio/analyzer-corpus/testdata/common/sidecar-injector-enabled-nsbydefault.yaml',
    );
    const [configMap] = objects(readFileSync(file, 'utf8'));
    expect(parseInjectorConfigMap(configMap)).toStrictEqual({
      policy: 'enabled',
      neverInjectSelector: [],
      alwaysInjectSelector: [],
      enableNamespacesByDefault: true,
    });
  });

  it('keeps the defaults for unreadable data', () => {
    const [configMap] = objects(`apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
data:
  config: "policy: [unclosed"
  values: "{not json"
`);
    expect(parseInjectorConfigMap(configMap)).toStrictEqual(
      DEFAULT_INJECTOR_CONFIG,
    );
  });
});

describe('ambientEnrollment', () => {
  it.each([
    [
      'pod label ambient',
      namespace(''),
      pod('  labels: {istio.io/dataplane-mode: ambient}'),
      { enrolled: true, reason: 'pod-label' },
    ],
    [
      'namespace label ambient',
      namespace('istio.io/dataplane-mode: ambient'),
      pod(''),
      { enrolled: true, reason: 'namespace-label' },
    ],
    [
      'pod opt-out in an ambient namespace',
      namespace('istio.io/dataplane-mode: ambient'),
      pod('  labels: {istio.io/dataplane-mode: none}'),
      { enrolled: false, reason: 'pod-opt-out' },
    ],
    [
      'no label anywhere',
      namespace('istio-injection: enabled'),
      pod(''),
      { enrolled: false, reason: 'not-labelled' },
    ],
    [
      'hostNetwork pod',
      namespace('istio.io/dataplane-mode: ambient'),
      pod('', '  hostNetwork: true'),
      { enrolled: false, reason: 'host-network' },
    ],
    [
      'pod with an injected sidecar',
      namespace('istio.io/dataplane-mode: ambient'),
      pod('  annotations: {sidecar.istio.io/status: "{}"}'),
      { enrolled: false, reason: 'has-sidecar' },
    ],
  ])('%s', (_title, ns, podYaml, expected) => {
    const [p, n] = fixture(ns + podYaml);
    expect(ambientEnrollment(p, n)).toStrictEqual(expected);
  });

  it('skips namespaces istio-cni excludes', () => {
    const [p] = fixture(namespace('') + pod(''));
    const kubeSystem = {
      name: 'kube-system',
      labels: { 'istio.io/dataplane-mode': 'ambient' },
    };
    expect(ambientEnrollment(p, kubeSystem)).toStrictEqual({
      enrolled: false,
      reason: 'excluded-namespace',
    });
    expect(
      ambientEnrollment(p, kubeSystem, { cniExcludeNamespaces: [] }),
    ).toStrictEqual({ enrolled: true, reason: 'namespace-label' });
  });
});

describe('predictDataplane', () => {
  const deployment = (templateMeta: string, containers = '') =>
    objects(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
${templateMeta || '      labels: {app: cart}'}
    spec:
      containers:
        - name: cart
          image: example.com/cart:1.4.2
${containers}`)[0] as PodController;
  const template = (d: PodController): EnrollmentPod => d.spec.template!;

  it('predicts a sidecar in an injection-enabled namespace', () => {
    expect(
      predictDataplane(template(deployment('')), {
        name: 'shop',
        labels: { 'istio-injection': 'enabled' },
      }),
    ).toBe('sidecar');
  });

  it('predicts ambient in an ambient namespace', () => {
    expect(
      predictDataplane(template(deployment('')), {
        name: 'shop',
        labels: { 'istio.io/dataplane-mode': 'ambient' },
      }),
    ).toBe('ambient');
  });

  it('lets sidecar injection win over ambient', () => {
    const d = deployment(
      '      labels: {app: cart, sidecar.istio.io/inject: "true"}',
    );
    expect(
      predictDataplane(template(d), {
        name: 'shop',
        labels: { 'istio.io/dataplane-mode': 'ambient' },
      }),
    ).toBe('sidecar');
  });

  it('sees a manually injected proxy', () => {
    const d = deployment(
      '',
      '        - name: istio-proxy\n          image: docker.io/istio/proxyv2:1.26.0',
    );
    expect(predictDataplane(template(d), { name: 'shop' })).toBe('sidecar');
  });

  it('predicts none without any enrollment', () => {
    expect(predictDataplane(template(deployment('')), { name: 'shop' })).toBe(
      'none',
    );
  });
});

describe('istioctl in-mesh helpers', () => {
  const enabled = { name: 'shop', labels: { 'istio-injection': 'enabled' } };

  it('podInMesh: an istio-proxy container with an image', () => {
    const [p] = fixture(
      namespace('') +
        pod(
          '',
          '    - name: istio-proxy\n      image: docker.io/istio/proxyv2:1.26.0',
        ),
    );
    expect(podInMesh(p, undefined)).toBe(true);
  });

  it('podInMesh: an istio-proxy init container counts, one without image does not', () => {
    const [withInit] = fixture(
      namespace('') +
        pod(
          '',
          '  initContainers:\n    - name: istio-proxy\n      image: docker.io/istio/proxyv2:1.26.0',
        ),
    );
    expect(podInMesh(withInit, undefined)).toBe(true);
    const [noImage] = fixture(
      namespace('') + pod('', '    - name: istio-proxy'),
    );
    expect(podInMesh(noImage, undefined)).toBe(false);
  });

  it('podInMesh: the label, then the annotation, then the namespace decide', () => {
    const [labelFalse] = fixture(
      namespace('') +
        pod(
          '  labels: {sidecar.istio.io/inject: "false"}\n  annotations: {sidecar.istio.io/inject: "true"}',
        ),
    );
    expect(podInMesh(labelFalse, enabled)).toBe(false);
    const [annotationTrue] = fixture(
      namespace('') + pod('  annotations: {sidecar.istio.io/inject: "true"}'),
    );
    expect(podInMesh(annotationTrue, { name: 'shop' })).toBe(true);
    const [plain] = fixture(namespace('') + pod(''));
    expect(podInMesh(plain, enabled)).toBe(true);
    expect(podInMesh(plain, undefined)).toBe(false);
    // The helper ignores istio.io/rev.
    expect(
      podInMesh(plain, { name: 'shop', labels: { 'istio.io/rev': 'canary' } }),
    ).toBe(false);
  });

  it('podTemplateInMesh looks at the template containers only', () => {
    const [d] = objects(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  template:
    metadata:
      annotations: {sidecar.istio.io/inject: "false"}
    spec:
      initContainers:
        - name: istio-proxy
          image: docker.io/istio/proxyv2:1.26.0
      containers:
        - name: cart
          image: example.com/cart:1.4.2
`) as PodController[];
    expect(podTemplateInMesh(d.spec.template, enabled)).toBe(false);
    expect(podTemplateInMesh(undefined, enabled)).toBe(true);
  });

  it('podInAmbientMode reads the redirection annotation', () => {
    const [redirected] = fixture(
      namespace('') +
        pod('  annotations: {ambient.istio.io/redirection: enabled}'),
    );
    const [pending] = fixture(
      namespace('') +
        pod('  annotations: {ambient.istio.io/redirection: pending}'),
    );
    expect(podInAmbientMode(redirected)).toBe(true);
    expect(podInAmbientMode(pending)).toBe(false);
  });

  it.each([
    [{ 'istio.io/dataplane-mode': 'ambient' }, true],
    [
      { 'istio.io/dataplane-mode': 'ambient', 'istio-injection': 'enabled' },
      false,
    ],
    [
      { 'istio.io/dataplane-mode': 'ambient', 'istio-injection': 'disabled' },
      true,
    ],
    [{ 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': 'canary' }, false],
    [{ 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': '' }, true],
    [{ 'istio.io/dataplane-mode': 'none' }, false],
  ])('namespaceInAmbientMode(%j) is %s', (labels, expected) => {
    expect(namespaceInAmbientMode({ name: 'shop', labels })).toBe(expected);
  });

  it('namespaceInAmbientMode is false for an unknown namespace', () => {
    expect(namespaceInAmbientMode(undefined)).toBe(false);
  });
});
