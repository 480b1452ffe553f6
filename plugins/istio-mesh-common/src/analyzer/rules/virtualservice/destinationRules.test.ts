import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { destinationRuleAnalyzer } from './destinationRules';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'bookinfo.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [destinationRuleAnalyzer] });
}

const destinationRule = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---`;

describe('virtualservice.DestinationRuleAnalyzer', () => {
  it('accepts subsets defined for the host, short or fully qualified', () => {
    expect(
      analyze(`${destinationRule}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 80
    - destination: {host: reviews.bookinfo.svc.cluster.local, subset: v2}
      weight: 20
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: frontend}
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]
  http:
  - route:
    - destination: {host: reviews.bookinfo.svc.cluster.local, subset: v1}
    - destination: {host: ratings}
`),
    ).toStrictEqual([]);
  });

  it('reports route and mirror subsets no DestinationRule defines', () => {
    expect(
      analyze(`${destinationRule}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v3}
    mirror: {host: reviews, subset: shadow}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: frontend}
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]
  tcp:
  - route:
    - destination: {host: reviews, subset: v1}
`),
    ).toStrictEqual([
      {
        code: 'IST0101',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
        message:
          'Referenced mirror+subset in destinationrule not found: "reviews+shadow"',
        path: 'spec.http[0].mirror.host',
        analyzer: 'virtualservice.DestinationRuleAnalyzer',
        location: { file: 'bookinfo.yaml', line: 19 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      },
      {
        code: 'IST0101',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
        message:
          'Referenced host+subset in destinationrule not found: "reviews+v3"',
        path: 'spec.http[0].route[0].destination.host',
        analyzer: 'virtualservice.DestinationRuleAnalyzer',
        location: { file: 'bookinfo.yaml', line: 18 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      },
      {
        // A short name is resolved in the VirtualService's namespace.
        code: 'IST0101',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'frontend',
        name: 'reviews',
        message:
          'Referenced host+subset in destinationrule not found: "reviews+v1"',
        path: 'spec.tcp[0].route[0].destination.host',
        analyzer: 'virtualservice.DestinationRuleAnalyzer',
        location: { file: 'bookinfo.yaml', line: 28 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      },
    ]);
  });
});
