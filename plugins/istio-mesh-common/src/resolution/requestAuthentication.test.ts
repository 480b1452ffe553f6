import { parseManifests } from '../resources/parseManifests';
import { AuthorizationPolicy } from '../resources/objects';
import {
  applicableRequestAuthentications,
  authenticateRequest,
  jwtEnforcement,
  RequestAuthentication,
} from './requestAuthentication';

const objects = (yaml: string) =>
  parseManifests(yaml, 'jwt.yaml').objects.map(o => o.object);

const frontendJwt = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: frontend-jwt, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: frontend}}
  jwtRules:
    - issuer: https://auth.homelab.local
      jwksUri: https://auth.homelab.local/jwks.json
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: mesh-jwt, namespace: istio-system}
spec:
  jwtRules:
    - issuer: https://accounts.example.com
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: cart-jwt, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: cartservice}}
  jwtRules: [{issuer: https://cart.example.com}]
`;
const frontend = { namespace: 'boutique-dev', labels: { app: 'frontend' } };
const applicable = applicableRequestAuthentications(
  frontend,
  objects(frontendJwt) as RequestAuthentication[],
  'istio-system',
);

describe('RequestAuthentication', () => {
  it('applies by selector from the workload and root namespaces, merged as one', () => {
    expect(applicable.map(p => p.metadata.name)).toStrictEqual([
      'frontend-jwt',
      'mesh-jwt',
    ]);
  });

  it('accepts a request without a token: an RA alone never requires one', () => {
    expect(authenticateRequest(applicable, { kind: 'none' })).toStrictEqual({
      status: 'accepted',
      reason:
        'no token: boutique-dev/frontend-jwt, istio-system/mesh-jwt validate tokens but do not require one',
    });
  });

  it('rejects an invalid token and one from an unknown issuer with 401', () => {
    expect(authenticateRequest(applicable, { kind: 'invalid' }).status).toBe(
      'rejected',
    );
    expect(
      authenticateRequest(applicable, {
        kind: 'jwt',
        issuer: 'https://cart.example.com',
        subject: 'bob',
      }),
    ).toStrictEqual({
      status: 'rejected',
      reason:
        'issuer https://cart.example.com is not configured in boutique-dev/frontend-jwt, istio-system/mesh-jwt: rejected with 401',
    });
  });

  it('yields the request principal iss/sub from a valid token of any applicable rule', () => {
    expect(
      authenticateRequest(applicable, {
        kind: 'jwt',
        issuer: 'https://accounts.example.com',
        subject: 'alice',
      }),
    ).toStrictEqual({
      status: 'accepted',
      requestPrincipal: 'https://accounts.example.com/alice',
      reason: 'token validated by istio-system/mesh-jwt',
    });
  });

  it('does not validate tokens where no RA applies', () => {
    expect(
      authenticateRequest([], {
        kind: 'jwt',
        issuer: 'https://x',
        subject: 'y',
      }),
    ).toStrictEqual({
      status: 'accepted',
      reason: 'no RequestAuthentication applies; tokens are not validated',
    });
  });
});

describe('jwtEnforcement', () => {
  const policies = (yaml: string) => objects(yaml) as AuthorizationPolicy[];

  it('sees a token required by ALLOW rules that all need requestPrincipals', () => {
    expect(
      jwtEnforcement(
        policies(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: require-jwt, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: frontend}}
  rules: [{from: [{source: {requestPrincipals: ["*"]}}]}]
`),
      ),
    ).toStrictEqual({
      required: true,
      policies: ['boutique-dev/require-jwt'],
      reason:
        'every ALLOW rule needs requestPrincipals in boutique-dev/require-jwt',
    });
  });

  it('sees a token required by DENY with notRequestPrincipals', () => {
    expect(
      jwtEnforcement(
        policies(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-anonymous, namespace: boutique-dev}
spec:
  action: DENY
  rules:
    - from: [{source: {notRequestPrincipals: ["*"]}}]
      to: [{operation: {paths: ["/api/*"]}}]
`),
      ).policies,
    ).toStrictEqual(['boutique-dev/deny-anonymous']);
  });

  it('does not see a requirement when another ALLOW rule admits requests without a token', () => {
    const result = jwtEnforcement(
      policies(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: mixed, namespace: boutique-dev}
spec:
  rules:
    - from: [{source: {requestPrincipals: ["*"]}}]
    - from: [{source: {principals: [cluster.local/ns/boutique-dev/sa/checkoutservice]}}]
`),
    );
    expect(result.required).toBe(false);
  });

  it('ignores dry-run policies', () => {
    expect(
      jwtEnforcement(
        policies(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: shadow
  namespace: boutique-dev
  annotations: {istio.io/dry-run: "true"}
spec:
  rules: [{from: [{source: {requestPrincipals: ["*"]}}]}]
`),
      ).required,
    ).toBe(false);
  });
});
