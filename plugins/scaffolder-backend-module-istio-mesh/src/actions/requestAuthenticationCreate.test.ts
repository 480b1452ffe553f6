import {
  createdDiff,
  manifestActionHarness,
  pathSafetyCases,
} from '../__testUtils__/manifestActionHarness';
import { createRequestAuthenticationCreateAction } from './requestAuthenticationCreate';

const FILE =
  'apps/base/online-boutique/base/istio/requestauthentication-jwt.yaml';

const AUTHELIA = {
  name: 'frontend-jwt',
  selector: { app: 'frontend' },
  issuer: 'https://auth.homelab.local',
  jwksUri: 'https://auth.homelab.local/jwks.json',
  audiences: ['online-boutique'],
  forwardOriginalToken: true,
  path: FILE,
};

const AUTHELIA_YAML = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: frontend-jwt
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
`;

describe('istio:requestauthentication:create', () => {
  const { workspace, run, read, expectNothingWritten } = manifestActionHarness({
    action: createRequestAuthenticationCreateAction(),
    template: 'istio-jwt-auth',
    workspaceContent: {
      'apps/base/online-boutique/base/istio/kustomization.yaml':
        'kind: Kustomization\n',
    },
  });

  it('writes the JWT rule and the policy that makes the token required', async () => {
    const { outputs } = await run(AUTHELIA);
    expect(await read(FILE)).toBe(AUTHELIA_YAML);
    expect(outputs).toStrictEqual({
      path: FILE,
      status: 'created',
      manifest: AUTHELIA_YAML,
      diff: createdDiff(FILE, AUTHELIA_YAML),
      requireTokenPolicy: 'frontend-jwt-require-jwt',
    });
  });

  it('writes the RequestAuthentication alone when asked, and warns that tokens stay optional', async () => {
    const { outputs, logger } = await run({
      name: 'jwt',
      namespace: 'boutique-dev',
      issuer: 'https://auth.homelab.local',
      requireToken: false,
    });
    expect(outputs.path).toBe('requestauthentication-jwt.yaml');
    expect(outputs.requireTokenPolicy).toBe('');
    expect(outputs.manifest).not.toContain('AuthorizationPolicy');
    expect(logger.warn).toHaveBeenCalledWith(
      'No AuthorizationPolicy requires the token: requests without one are let through',
    );
  });

  it('is idempotent and byte-identical, also in a dry run', async () => {
    await run(AUTHELIA);
    const { outputs } = await run(AUTHELIA, true);
    expect(outputs.status).toBe('unchanged');
    expect(await read(FILE)).toBe(AUTHELIA_YAML);
  });

  it('does not replace a different file unless overwrite is set', async () => {
    workspace.setContent({ [FILE]: AUTHELIA_YAML.replace('true', 'false') });
    await expect(run(AUTHELIA)).rejects.toThrow(
      `${FILE} already exists with different content; set overwrite: true to replace it`,
    );
    expect((await run({ ...AUTHELIA, overwrite: true })).outputs.status).toBe(
      'overwritten',
    );
  });

  it.each([
    [
      'an issuer that is not a URL without a JWKS URI',
      { ...AUTHELIA, issuer: 'authelia', jwksUri: undefined },
      'Invalid input "issuer" for RequestAuthentication frontend-jwt: "authelia" is not a URL, so its keys cannot be discovered: set jwksUri',
    ],
    [
      'a JWKS URI that is not a URL',
      { ...AUTHELIA, jwksUri: 'jwks.json' },
      'Invalid input "jwksUri" for RequestAuthentication frontend-jwt: "jwks.json" is not an absolute URL',
    ],
    [
      'token paths when no token is required',
      { ...AUTHELIA, requireToken: false, requireTokenPaths: ['/api/*'] },
      'Invalid input "requireTokenPaths" for RequestAuthentication frontend-jwt: is set, but requireToken is false',
    ],
    [
      'a name that is not a DNS-1123 subdomain',
      { ...AUTHELIA, name: 'frontend jwt' },
      'Invalid input "name" for RequestAuthentication frontend jwt',
    ],
    ...pathSafetyCases(AUTHELIA, 'jwt.yaml'),
  ])('refuses %s and writes nothing', async (_, input, message) => {
    await expect(run(input)).rejects.toThrow(message);
    expectNothingWritten();
  });
});
