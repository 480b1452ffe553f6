import { renderManifests } from './renderManifests';
import { validateManifestSchema } from './schemaValidation';
import {
  buildRequestAuthentication,
  RequestAuthenticationInput,
} from './requestAuthentication';

const authelia: RequestAuthenticationInput = {
  name: 'frontend-jwt',
  namespace: 'boutique-dev',
  selector: { app: 'frontend' },
  issuer: 'https://auth.homelab.local',
  jwksUri: 'https://auth.homelab.local/jwks.json',
  audiences: ['online-boutique'],
  forwardOriginalToken: true,
  template: 'istio-jwt-auth',
};

describe('buildRequestAuthentication', () => {
  it('validates tokens of one issuer and denies requests without one', () => {
    expect(renderManifests(buildRequestAuthentication(authelia)))
      .toBe(`apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: frontend-jwt
  namespace: boutique-dev
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-jwt-auth
spec:
  selector:
    matchLabels:
      app: frontend
  jwtRules:
    - issuer: https://auth.homelab.local
      jwksUri: https://auth.homelab.local/jwks.json
      audiences:
        - online-boutique
      forwardOriginalToken: true
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: frontend-jwt-require-jwt
  namespace: boutique-dev
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-jwt-auth
spec:
  selector:
    matchLabels:
      app: frontend
  action: DENY
  rules:
    - from:
        - source:
            notRequestPrincipals:
              - https://auth.homelab.local/*
`);
  });

  it('requires the token on some paths only', () => {
    const [, policy] = buildRequestAuthentication({
      ...authelia,
      requireTokenPaths: ['/api/*'],
      requireTokenPolicyName: 'frontend-api-needs-jwt',
    });
    expect(policy.metadata.name).toBe('frontend-api-needs-jwt');
    expect(policy.spec).toStrictEqual({
      selector: { matchLabels: { app: 'frontend' } },
      action: 'DENY',
      rules: [
        {
          from: [
            {
              source: {
                notRequestPrincipals: ['https://auth.homelab.local/*'],
              },
            },
          ],
          to: [{ operation: { paths: ['/api/*'] } }],
        },
      ],
    });
    expect(validateManifestSchema(policy)).toStrictEqual([]);
  });

  it('writes the RequestAuthentication alone when no token is required, keys found by discovery', () => {
    const objects = buildRequestAuthentication({
      name: 'jwt',
      issuer: 'https://auth.homelab.local',
      requireToken: false,
    });
    expect(objects).toHaveLength(1);
    expect(objects[0].spec).toStrictEqual({
      jwtRules: [{ issuer: 'https://auth.homelab.local' }],
    });
  });

  it('gives byte-identical output for the same input', () => {
    expect(renderManifests(buildRequestAuthentication({ ...authelia }))).toBe(
      renderManifests(buildRequestAuthentication(authelia)),
    );
  });

  it.each<[string, Partial<RequestAuthenticationInput>, string]>([
    [
      'a JWKS URI that is not a URL',
      { jwksUri: 'auth.homelab.local/jwks.json' },
      'Invalid input "jwksUri" for RequestAuthentication boutique-dev/frontend-jwt: "auth.homelab.local/jwks.json" is not an absolute URL',
    ],
    [
      'a JWKS URI that is not http(s)',
      { jwksUri: 'file:///etc/jwks.json' },
      'Invalid input "jwksUri" for RequestAuthentication boutique-dev/frontend-jwt: "file:///etc/jwks.json" is not an http(s) URL',
    ],
    [
      'an issuer that is not a URL without a JWKS URI',
      { issuer: 'authelia', jwksUri: undefined },
      'Invalid input "issuer" for RequestAuthentication boutique-dev/frontend-jwt: "authelia" is not a URL, so its keys cannot be discovered: set jwksUri',
    ],
    [
      'an empty issuer',
      { issuer: ' ' },
      'Invalid input "issuer" for RequestAuthentication boutique-dev/frontend-jwt: is empty',
    ],
    [
      'an empty audience',
      { audiences: [''] },
      'Invalid input "audiences[0]" for RequestAuthentication boutique-dev/frontend-jwt: is empty',
    ],
    [
      'token paths when no token is required',
      { requireToken: false, requireTokenPaths: ['/api/*'] },
      'Invalid input "requireTokenPaths" for RequestAuthentication boutique-dev/frontend-jwt: is set, but requireToken is false: no policy would require the token',
    ],
    [
      'a token path without leading slash',
      { requireTokenPaths: ['api'] },
      'Invalid input "requireTokenPaths[0]" for RequestAuthentication boutique-dev/frontend-jwt',
    ],
    [
      'a policy name that is not a DNS-1123 subdomain',
      { requireTokenPolicyName: 'Require JWT' },
      'Invalid input "requireTokenPolicyName" for RequestAuthentication boutique-dev/frontend-jwt',
    ],
    [
      'a bad selector',
      { selector: { app: '*' } },
      'Invalid input "selector.app" for RequestAuthentication boutique-dev/frontend-jwt',
    ],
  ])('refuses %s, naming the field', (_, patch, message) => {
    expect(() => buildRequestAuthentication({ ...authelia, ...patch })).toThrow(
      message,
    );
  });
});
