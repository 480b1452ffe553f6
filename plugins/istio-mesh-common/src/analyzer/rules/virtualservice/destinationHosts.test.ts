import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { destinationHostAnalyzer } from './destinationHosts';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'bookinfo.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [destinationHostAnalyzer] });
}

const services = `
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports:
  - {name: http, port: 9080}
---
apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: bookinfo}
spec:
  selector: {app: ratings}
  ports:
  - {name: http, port: 9080}
  - {name: grpc, port: 9090}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: eu-wildcard, namespace: bookinfo}
spec:
  hosts: ["*.eu.bookinfo.com"]
  ports:
  - {number: 443, name: https, protocol: TLS}
  resolution: NONE
---
`;
const servicesLines = services.split('\n').length - 1;

describe('virtualservice.DestinationHostAnalyzer', () => {
  it('accepts destinations to visible Services and ServiceEntries', () => {
    expect(
      analyze(`${services}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
    mirror: {host: ratings, port: {number: 9090}}
  tls:
  - match: [{sniHosts: [shop.eu.bookinfo.com]}]
    route:
    - destination: {host: shop.eu.bookinfo.com}
`),
    ).toStrictEqual([]);
  });

  it('reports unknown route and mirror hosts', () => {
    expect(
      analyze(`${services}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews-bogus}
    mirrors:
    - destination: {host: shadow}
`),
    ).toStrictEqual([
      {
        code: 'IST0101',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
        message: 'Referenced mirror host not found: "shadow"',
        path: 'spec.http[0].mirrors[0].destination.host',
        analyzer: 'virtualservice.DestinationHostAnalyzer',
        location: { file: 'bookinfo.yaml', line: servicesLines + 11 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      },
      {
        code: 'IST0101',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
        message: 'Referenced host not found: "reviews-bogus"',
        path: 'spec.http[0].route[0].destination.host',
        analyzer: 'virtualservice.DestinationHostAnalyzer',
        location: { file: 'bookinfo.yaml', line: servicesLines + 9 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      },
    ]);
  });

  it('does not see Services hidden by their exportTo annotation', () => {
    expect(
      analyze(`
apiVersion: v1
kind: Service
metadata:
  name: details
  namespace: bookinfo
  annotations: {networking.istio.io/exportTo: "."}
spec:
  ports:
  - {name: http, port: 9080}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: details, namespace: frontend}
spec:
  hosts: [details.bookinfo.svc.cluster.local]
  http:
  - route:
    - destination: {host: details.bookinfo.svc.cluster.local}
`).map(m => m.message),
    ).toStrictEqual([
      'Referenced host not found: "details.bookinfo.svc.cluster.local"',
    ]);
  });

  it('requires a port for multi-port targets and a port they expose', () => {
    expect(
      analyze(`${services}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings}
  - route:
    - destination: {host: reviews, port: {number: 999}}
`).map(({ code, message, path }) => ({ code, message, path })),
    ).toStrictEqual([
      {
        code: 'IST0101',
        message: 'Referenced host:port not found: "reviews:999"',
        path: 'spec.http[1].route[0].destination.host',
      },
      {
        code: 'IST0112',
        message:
          'This VirtualService routes to a service "ratings" that exposes multiple ports [9080 9090]. Specifying a port in the destination is required to disambiguate.',
        path: 'spec.http[0].route[0].destination.host',
      },
    ]);
  });

  it('warns when a gateway route bypasses subsets routed elsewhere', () => {
    expect(
      analyze(`${services}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-ingress, namespace: bookinfo}
spec:
  hosts: [reviews.example.com]
  gateways: [bookinfo-gateway]
  http:
  - route:
    - destination: {host: reviews}
`).map(({ code, name, message, path }) => ({ code, name, message, path })),
    ).toStrictEqual([
      {
        code: 'IST0140',
        name: 'reviews-ingress',
        message:
          'Subset in virtual service bookinfo/reviews has no effect on ingress gateway bookinfo/reviews-ingress requests',
        path: 'spec.http[0].route[0].destination.host',
      },
    ]);
  });
});
