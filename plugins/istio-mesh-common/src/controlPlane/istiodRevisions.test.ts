import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import { istiodRevisions, revisionTags } from './istiodRevisions';
import { ControlPlaneProblem } from './types';

function objects(yaml: string): KubernetesObject[] {
  const parsed = parseManifests(yaml, 'cluster.yaml');
  expect(parsed.problems).toStrictEqual([]);
  return parsed.objects.map(o => o.object);
}

interface IstiodFixture {
  name: string;
  /** Value of the `istio.io/rev` label; no label when absent. */
  revision?: string;
  image: string;
  replicas: number;
  /** `status.readyReplicas`; no status when absent. */
  ready?: number;
}

const istiod = ({
  name,
  revision,
  image,
  replicas,
  ready,
}: IstiodFixture) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: istio-system
  labels:
    app: istiod
    istio: pilot
${revision ? `    istio.io/rev: ${revision}` : ''}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: istiod
  template:
    metadata:
      labels:
        app: istiod
        sidecar.istio.io/inject: "false"
    spec:
      serviceAccountName: istiod
      containers:
        - name: discovery
          image: ${image}
          args: [discovery, --monitoringAddr=:15014]
          ports:
            - containerPort: 15012
              name: tls-xds
${
  ready === undefined
    ? ''
    : `status:
  replicas: ${replicas}
  readyReplicas: ${ready}`
}
`;

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    kubernetes.io/metadata.name: ${name}
${labels}
`;

const tagWebhook = (
  tag: string,
  revision: string,
) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-revision-tag-${tag}
  labels:
    app: sidecar-injector
    istio.io/rev: ${revision}
    istio.io/tag: ${tag}
webhooks:
  - name: rev.namespace.sidecar-injector.istio.io
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig:
      service:
        name: istiod-${revision}
        namespace: istio-system
        path: /inject
`;

// Two revisions during a canary upgrade: the old one still serves the
// `default` tag (istio-injection=enabled), the new one the `prod` tag.
const cluster = objects(
  [
    istiod({
      name: 'istiod-1-25-2',
      revision: '1-25-2',
      image: 'docker.io/istio/pilot:1.25.2',
      replicas: 2,
      ready: 2,
    }),
    istiod({
      name: 'istiod-1-26-4',
      revision: '1-26-4',
      image: 'docker.io/istio/pilot:1.26.4-distroless',
      replicas: 2,
      ready: 1,
    }),
    tagWebhook('default', '1-25-2'),
    tagWebhook('prod', '1-26-4'),
    `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector-1-26-4
  labels:
    app: sidecar-injector
    istio.io/rev: 1-26-4
webhooks: []
`,
    namespace('shop', '    istio-injection: enabled'),
    namespace('payments', '    istio.io/rev: prod'),
    namespace('search', '    istio.io/rev: 1-26-4'),
    namespace('legacy', '    istio-injection: disabled'),
    namespace('kube-system', '    istio-injection: enabled'),
    namespace('tools', ''),
  ].join('---\n'),
);

describe('revisionTags', () => {
  it('reads the tag webhooks and ignores the revision webhooks', () => {
    expect(revisionTags(cluster)).toStrictEqual([
      {
        tag: 'default',
        revision: '1-25-2',
        webhook: 'istio-revision-tag-default',
      },
      { tag: 'prod', revision: '1-26-4', webhook: 'istio-revision-tag-prod' },
    ]);
  });
});

describe('istiodRevisions', () => {
  it('lists each istiod with its version, readiness, tags and the namespaces it injects', () => {
    const problems: ControlPlaneProblem[] = [];

    const revisions = istiodRevisions(cluster, revisionTags(cluster), problems);

    expect(revisions).toStrictEqual([
      {
        revision: '1-25-2',
        version: '1.25.2',
        image: 'docker.io/istio/pilot:1.25.2',
        namespace: 'istio-system',
        name: 'istiod-1-25-2',
        replicas: { ready: 2, desired: 2 },
        tags: ['default'],
        namespaces: ['shop'],
      },
      {
        revision: '1-26-4',
        version: '1.26.4',
        image: 'docker.io/istio/pilot:1.26.4-distroless',
        namespace: 'istio-system',
        name: 'istiod-1-26-4',
        replicas: { ready: 1, desired: 2 },
        tags: ['prod'],
        namespaces: ['payments', 'search'],
      },
    ]);
    expect(problems).toStrictEqual([]);
  });

  it('names the default revision, counts istio-injection=enabled for it, and reads no version from a digest', () => {
    const objectsOf = objects(
      [
        istiod({
          name: 'istiod',
          image:
            'gcr.io/istio-release/pilot@sha256:0c3c1b3b8e0a3f7b6f0f7e6d5c4b3a29180716f5e4d3c2b1a0f9e8d7c6b5a493',
          replicas: 1,
        }),
        namespace('shop', '    istio-injection: enabled'),
        namespace('search', '    istio.io/rev: default'),
      ].join('---\n'),
    );

    expect(istiodRevisions(objectsOf, [], [])).toStrictEqual([
      {
        revision: 'default',
        image:
          'gcr.io/istio-release/pilot@sha256:0c3c1b3b8e0a3f7b6f0f7e6d5c4b3a29180716f5e4d3c2b1a0f9e8d7c6b5a493',
        namespace: 'istio-system',
        name: 'istiod',
        replicas: { ready: 0, desired: 1 },
        tags: [],
        namespaces: ['search', 'shop'],
      },
    ]);
  });

  it('leaves out an istiod Deployment with malformed replicas and names the field', () => {
    const problems: ControlPlaneProblem[] = [];
    const broken = objects(
      istiod({
        name: 'istiod-1-26-4',
        revision: '1-26-4',
        image: 'docker.io/istio/pilot:1.26.4',
        replicas: 2,
        ready: -1,
      }),
    );

    expect(istiodRevisions(broken, [], problems)).toStrictEqual([]);
    expect(problems).toStrictEqual([
      {
        kind: 'Deployment',
        namespace: 'istio-system',
        name: 'istiod-1-26-4',
        field: 'status.readyReplicas',
        message: 'status.readyReplicas: Too small: expected number to be >=0',
      },
    ]);
  });
});
