import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildRequestAuthentication } from '@istio-mesh/plugin-istio-mesh-common';
import { examples } from './requestAuthenticationCreate.examples';
import {
  buildAndWriteManifests,
  manifestFileInput,
  manifestFileOutput,
  manifestObjectInput,
} from './writeGeneratedManifests';

/**
 * The `istio:requestauthentication:create` action: writes a
 * RequestAuthentication for one JWT issuer and, unless told otherwise, the
 * AuthorizationPolicy that makes the token required.
 *
 * @public
 */
export function createRequestAuthenticationCreateAction() {
  return createTemplateAction({
    id: 'istio:requestauthentication:create',
    description:
      'Writes an Istio RequestAuthentication (JWT validation: issuer, JWKS, audiences) into the workspace, with the AuthorizationPolicy that rejects requests without a valid token',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...manifestObjectInput,
        selector: z =>
          z
            .record(z.string())
            .optional()
            .describe(
              'Pod labels of the workloads, e.g. app: frontend; absent: every workload of the namespace',
            ),
        issuer: z =>
          z
            .string()
            .describe('Token issuer (iss), e.g. https://auth.homelab.local'),
        jwksUri: z =>
          z
            .string()
            .optional()
            .describe(
              "URL of the issuer's JSON Web Key Set; absent: found by OpenID discovery from the issuer",
            ),
        audiences: z =>
          z
            .array(z.string())
            .optional()
            .describe('Accepted aud values; absent: any'),
        forwardOriginalToken: z =>
          z
            .boolean()
            .optional()
            .describe('Pass the token on to the workload; default false'),
        requireToken: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Also write the AuthorizationPolicy that denies requests without a valid token from this issuer (a RequestAuthentication alone lets requests without a token through); default true. It applies to service-to-service calls too',
            ),
        requireTokenPaths: z =>
          z
            .array(z.string())
            .optional()
            .describe('Require the token on these paths only, e.g. /api/*'),
        requireTokenPolicyName: z =>
          z
            .string()
            .optional()
            .describe('Name of that policy; default <name>-require-jwt'),
        ...manifestFileInput,
      },
      output: {
        ...manifestFileOutput,
        requireTokenPolicy: z =>
          z
            .string()
            .describe(
              'Name of the AuthorizationPolicy that requires the token; empty when none was written',
            ),
      },
    },
    async handler(ctx) {
      const { built: objects } = await buildAndWriteManifests(
        ctx,
        buildRequestAuthentication,
      );
      const policy = objects.find(o => o.kind === 'AuthorizationPolicy');
      if (!policy) {
        ctx.logger.warn(
          'No AuthorizationPolicy requires the token: requests without one are let through',
        );
      }
      ctx.output('requireTokenPolicy', policy?.metadata.name ?? '');
    },
  });
}
