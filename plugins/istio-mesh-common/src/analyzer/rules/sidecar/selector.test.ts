import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { selectorAnalyzer } from './selector';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'sidecar.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [selectorAnalyzer] });
}

const documentationUrl = (code: string) =>
  `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;

const sidecar = (name: string, namespace: string, labels?: string) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${labels ? `  workloadSelector:\n    labels: {${labels}}\n` : ''}  egress:
    - hosts: ["./*", "istio-system/*"]
`;

const pods = `apiVersion: v1
kind: Pod
metadata:
  name: reviews-v1-5d4f7b6c9-k2j4h
  namespace: shop
  labels: {app: reviews, version: v1}
spec:
  containers:
    - name: reviews
      image: example.com/reviews:1.19.1
---
apiVersion: v1
kind: Pod
metadata:
  name: sleep-55bf89f8c9-wzfrh
  namespace: ambient-shop
  labels: {app: sleep}
  annotations:
    ambient.istio.io/redirection: enabled
spec:
  containers:
    - name: sleep
      image: curlimages/curl:8.8.0
---
apiVersion: v1
kind: Namespace
metadata:
  name: ambient-shop
  labels:
    istio.io/dataplane-mode: ambient
`;

const message = (
  code: string,
  level: string,
  name: string,
  namespace: string,
  text: string,
  path: string,
  line: number,
) => ({
  code,
  level,
  kind: 'Sidecar',
  namespace,
  name,
  message: text,
  path,
  analyzer: 'sidecar.SelectorAnalyzer',
  location: { file: 'sidecar.yaml', line },
  documentationUrl: documentationUrl(code),
});

describe('sidecar.SelectorAnalyzer', () => {
  it('accepts one selector-less Sidecar and one Sidecar per pod', () => {
    expect(
      analyze(
        pods +
          sidecar('default', 'shop') +
          sidecar('reviews', 'shop', 'app: reviews'),
      ),
    ).toStrictEqual([]);
  });

  it('reports a selector that matches no pod of its namespace (IST0101)', () => {
    expect(
      analyze(pods + sidecar('ratings', 'shop', 'version: v1, app: ratings')),
    ).toStrictEqual([
      message(
        'IST0101',
        'Error',
        'ratings',
        'shop',
        'Referenced selector not found: "app=ratings,version=v1"',
        'spec.workloadSelector',
        39,
      ),
    ]);
  });

  it('reports Sidecars selecting the same pod (IST0110)', () => {
    expect(
      analyze(
        pods +
          sidecar('reviews-b', 'shop', 'app: reviews') +
          sidecar('reviews-a', 'shop', 'version: v1'),
      ),
    ).toStrictEqual([
      message(
        'IST0110',
        'Error',
        'reviews-a',
        'shop',
        'The Sidecars [reviews-a reviews-b] in namespace "shop" select the same workload pod "reviews-v1-5d4f7b6c9-k2j4h", which can lead to undefined behavior.',
        'metadata.name',
        46,
      ),
      message(
        'IST0110',
        'Error',
        'reviews-b',
        'shop',
        'The Sidecars [reviews-a reviews-b] in namespace "shop" select the same workload pod "reviews-v1-5d4f7b6c9-k2j4h", which can lead to undefined behavior.',
        'metadata.name',
        35,
      ),
    ]);
  });

  it('reports several selector-less Sidecars in one namespace (IST0111)', () => {
    const text =
      'The Sidecars [default egress-only] in namespace "shop" have no workload selector, which can lead to undefined behavior.';
    expect(
      analyze(
        pods + sidecar('egress-only', 'shop') + sidecar('default', 'shop'),
      ),
    ).toStrictEqual([
      message('IST0111', 'Error', 'default', 'shop', text, '', 41),
      message('IST0111', 'Error', 'egress-only', 'shop', text, '', 32),
    ]);
  });

  it('reports Sidecars in ambient namespaces or selecting ambient pods as ineffective (IST0167)', () => {
    expect(
      analyze(
        pods +
          sidecar('default', 'ambient-shop') +
          sidecar('other-default', 'ambient-shop') +
          sidecar('sleep', 'ambient-shop', 'app: sleep'),
      ),
    ).toStrictEqual([
      message(
        'IST0167',
        'Warning',
        'default',
        'ambient-shop',
        'The policy has no impact: namespace is in ambient mode, the policy has no impact.',
        '',
        32,
      ),
      message(
        'IST0167',
        'Warning',
        'other-default',
        'ambient-shop',
        'The policy has no impact: namespace is in ambient mode, the policy has no impact.',
        '',
        41,
      ),
      message(
        'IST0167',
        'Warning',
        'sleep',
        'ambient-shop',
        'The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
        '',
        50,
      ),
    ]);
  });
});
