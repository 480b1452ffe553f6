import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { subsetSelectPodAnalyzer } from './subsetSelectPod';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'reviews.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [subsetSelectPodAnalyzer] });
}

const workloads = `
apiVersion: v1
kind: Node
metadata:
  name: node-a
  labels:
    topology.kubernetes.io/region: eu-west-1
    topology.kubernetes.io/zone: eu-west-1a
---
apiVersion: v1
kind: Pod
metadata:
  name: reviews-v1-5d8f7
  namespace: bookinfo
  labels: {app: reviews, version: v1}
spec:
  nodeName: node-a
  containers:
  - {name: reviews, image: docker.io/istio/examples-bookinfo-reviews-v1:1.20.2}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports:
  - {name: http, port: 9080}
---`;

describe('destinationrule.SubsetSelectPodAnalyzer', () => {
  it('accepts subsets that select pods, node topology labels included', () => {
    expect(
      analyze(`${workloads}
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - name: v1-eu
    labels:
      version: v1
      topology.kubernetes.io/zone: eu-west-1a
      kubernetes.io/hostname: node-a
`),
    ).toStrictEqual([]);
  });

  it('reports subsets that select no pod', () => {
    expect(
      analyze(`${workloads}
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
`),
    ).toStrictEqual([
      {
        code: 'IST0173',
        level: 'Error',
        kind: 'DestinationRule',
        namespace: 'bookinfo',
        name: 'reviews',
        message:
          'The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
        path: 'spec.subsets[1].name',
        analyzer: 'destinationrule.SubsetSelectPodAnalyzer',
        location: { file: 'reviews.yaml', line: 36 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0173/',
      },
    ]);
  });

  it('reports a host that is no visible Service or ServiceEntry', () => {
    expect(
      analyze(`${workloads}
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ratings, namespace: bookinfo}
spec:
  host: ratings
`),
    ).toStrictEqual([
      {
        code: 'IST0174',
        level: 'Warning',
        kind: 'DestinationRule',
        namespace: 'bookinfo',
        name: 'ratings',
        message:
          'The host ratings defined in the DestinationRule does not match any services in the mesh.',
        path: 'spec.host',
        analyzer: 'destinationrule.SubsetSelectPodAnalyzer',
        location: { file: 'reviews.yaml', line: 33 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0174/',
      },
    ]);
  });

  it('merges the ServiceEntry workloadSelector into subset labels', () => {
    expect(
      analyze(`${workloads}
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: reviews-vm, namespace: bookinfo}
spec:
  hosts: [reviews.vm.example.com]
  ports:
  - {number: 9080, name: http, protocol: HTTP}
  resolution: STATIC
  workloadSelector:
    labels: {app: reviews-vm}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-vm, namespace: bookinfo}
spec:
  host: reviews.vm.example.com
  subsets:
  - {name: v1, labels: {version: v1}}
`).map(m => m.message),
    ).toStrictEqual([
      'The Subset v1 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    ]);
  });
});
