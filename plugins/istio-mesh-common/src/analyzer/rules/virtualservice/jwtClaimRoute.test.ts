import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { jwtClaimRouteAnalyzer } from './jwtClaimRoute';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'jwt.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [jwtClaimRouteAnalyzer] });
}

const ingress = `
apiVersion: v1
kind: Pod
metadata:
  name: ingressgateway-7d4f9
  namespace: istio-system
  labels: {istio: ingressgateway}
spec:
  containers:
  - {name: istio-proxy, image: istio/proxyv2}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: shop}
spec:
  hosts: [api.example.com]
  gateways: [istio-system/public]
  http:
  - match:
    - headers:
        "@request.auth.claims.groups":
          exact: admin
    route:
    - destination: {host: api-admin}
  - route:
    - destination: {host: api}
---`;

describe('virtualservice.JWTClaimRouteAnalyzer', () => {
  it('reports gateway pods no RequestAuthentication selects', () => {
    expect(analyze(ingress)).toStrictEqual([
      {
        code: 'IST0149',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'shop',
        name: 'api',
        message:
          'The virtual service uses the JWT claim based routing (key: @request.auth.claims.groups) but found no request authentication for the gateway (istio-system/public) pod (ingressgateway-7d4f9). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
        path: 'spec.gateways[0]',
        analyzer: 'virtualservice.JWTClaimRouteAnalyzer',
        location: { file: 'jwt.yaml', line: 26 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0149/',
      },
    ]);
  });

  it('accepts a RequestAuthentication in the root namespace selecting the pods', () => {
    expect(
      analyze(`${ingress}
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: ingress-jwt, namespace: istio-system}
spec:
  selector:
    matchLabels: {istio: ingressgateway}
  jwtRules:
  - issuer: https://auth.example.com
    jwksUri: https://auth.example.com/.well-known/jwks.json
`),
    ).toStrictEqual([]);
  });

  it('ignores RequestAuthentications of other namespaces or selecting other pods', () => {
    expect(
      analyze(`${ingress}
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: shop-jwt, namespace: shop}
spec:
  jwtRules:
  - issuer: https://auth.example.com
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: other, namespace: istio-system}
spec:
  selector:
    matchLabels: {app: istiod}
  jwtRules:
  - issuer: https://auth.example.com
`).map(m => m.code),
    ).toStrictEqual(['IST0149']);
  });

  it('ignores VirtualServices that do not route on claims', () => {
    expect(
      analyze(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: shop}
spec:
  hosts: [api.example.com]
  gateways: [istio-system/public]
  http:
  - match:
    - headers:
        x-request-auth-claims: {exact: admin}
    route:
    - destination: {host: api}
`),
    ).toStrictEqual([]);
  });
});
