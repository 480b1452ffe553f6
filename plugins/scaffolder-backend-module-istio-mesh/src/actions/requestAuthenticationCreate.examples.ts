import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:requestauthentication:create` in the
 * scaffolder's action list.
 */
export const examples: TemplateExample[] = [
  {
    description:
      "JWTs from the homelab's Authelia OIDC provider, required on the frontend",
    example: stringify({
      steps: [
        {
          id: 'requestauthentication',
          action: 'istio:requestauthentication:create',
          name: 'Require a JWT on the frontend',
          input: {
            name: 'frontend-jwt',
            selector: { app: 'frontend' },
            issuer: 'https://auth.homelab.local',
            jwksUri: 'https://auth.homelab.local/jwks.json',
            audiences: ['online-boutique'],
            forwardOriginalToken: true,
            path: 'apps/base/online-boutique/base/istio/requestauthentication-jwt.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Validate tokens on every workload of the namespace, requiring one only under /api/',
    example: stringify({
      steps: [
        {
          id: 'requestauthentication',
          action: 'istio:requestauthentication:create',
          name: 'Validate JWTs',
          input: {
            name: 'jwt',
            issuer: 'https://auth.homelab.local',
            requireTokenPaths: ['/api/*'],
            path: 'apps/base/online-boutique/base/istio/requestauthentication-api.yaml',
          },
        },
      ],
    }),
  },
];
