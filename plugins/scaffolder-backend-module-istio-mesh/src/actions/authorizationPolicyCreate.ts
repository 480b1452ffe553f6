import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isError } from '@backstage/errors';
import {
  buildAuthorizationPolicies,
  DeniedCaller,
  toManifestYaml,
} from '@istio-mesh/plugin-istio-mesh-common';
import { AuthorizationImpactCheck } from './authorizationImpactCheck';
import { examples } from './authorizationPolicyCreate.examples';
import {
  buildAndWriteManifests,
  manifestFileInput,
  manifestFileOutput,
  manifestObjectInput,
} from './writeGeneratedManifests';

export type { DeniedCaller } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * Options of {@link createAuthorizationPolicyCreateAction}.
 *
 * @public
 */
export interface AuthorizationPolicyCreateActionOptions {
  /**
   * Which current callers of the live mesh the written files would deny;
   * undefined when the live mesh state is not available.
   */
  impact?: AuthorizationImpactCheck;
}

function describeCaller(caller: DeniedCaller): string {
  const workloads = caller.workloads.length
    ? ` (${caller.workloads.join(', ')})`
    : '';
  return `${caller.namespace}/${caller.serviceAccount}${workloads}`;
}

/**
 * The `istio:authorizationpolicy:create` action: writes an ALLOW
 * AuthorizationPolicy ("only frontend can call checkout"), optionally with
 * the namespace's allow-nothing policy, and lists the current callers it
 * would deny when the live mesh state is available.
 *
 * @public
 */
export function createAuthorizationPolicyCreateAction(
  options: AuthorizationPolicyCreateActionOptions = {},
) {
  return createTemplateAction({
    id: 'istio:authorizationpolicy:create',
    description:
      "Writes an Istio AuthorizationPolicy into the workspace that lets only the given service accounts or namespaces call a workload's methods, paths and ports; lists the current callers it would deny when the live mesh is known",
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
              'Pod labels of the workloads the policy protects, e.g. app: checkoutservice; absent: every workload of the namespace',
            ),
        from: z =>
          z
            .object({
              serviceAccounts: z
                .array(z.string())
                .optional()
                .describe(
                  '<namespace>/<serviceaccount>, or <serviceaccount> in the policy’s namespace',
                ),
              namespaces: z
                .array(z.string())
                .optional()
                .describe('Every workload of these namespaces'),
            })
            .describe(
              'Who may call: at least one service account or namespace (identified by mTLS)',
            ),
        to: z =>
          z
            .object({
              methods: z
                .array(z.string())
                .optional()
                .describe('HTTP methods, e.g. POST (gRPC calls are POST)'),
              paths: z
                .array(z.string())
                .optional()
                .describe(
                  'Paths: exact, /prefix/* or *suffix, e.g. /hipstershop.CheckoutService/PlaceOrder',
                ),
              ports: z
                .array(z.number().int().min(1).max(65535))
                .optional()
                .describe('Workload ports'),
            })
            .optional()
            .describe(
              'What they may call; absent: everything. Methods and paths only match HTTP traffic',
            ),
        allowNothing: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Also write the namespace's allow-nothing policy, so that workloads no policy admits callers to deny every request; default false",
            ),
        allowNothingName: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of the allow-nothing policy; default allow-nothing',
            ),
        trustDomain: z =>
          z
            .string()
            .optional()
            .describe("The mesh's trust domain; default cluster.local"),
        ...manifestFileInput,
      },
      output: {
        ...manifestFileOutput,
        policies: z =>
          z.array(z.string()).describe('Names of the policies written'),
        liveMeshChecked: z =>
          z
            .boolean()
            .describe(
              'Whether the live mesh state was available to compute deniedCallers; false for a policy without namespace, which the live mesh cannot place',
            ),
        deniedCallers: z =>
          z
            .array(
              z.object({
                namespace: z.string(),
                serviceAccount: z.string(),
                workloads: z.array(z.string()),
              }),
            )
            .describe(
              'Identities that call the protected workloads today and would be denied; empty when none, or when the live mesh was not checked',
            ),
      },
    },
    async handler(ctx) {
      const { built: policies, written } = await buildAndWriteManifests(
        ctx,
        buildAuthorizationPolicies,
      );
      ctx.output(
        'policies',
        policies.map(policy => policy.metadata.name),
      );

      let denied: DeniedCaller[] | undefined;
      let notChecked =
        'live mesh state not available: the callers this policy would deny were not checked';
      if (
        options.impact &&
        policies.some(policy => !policy.metadata.namespace)
      ) {
        // The live mesh places a policy by its namespace; without one it
        // would land in `default`, where none of its targets run, and
        // "denies nobody" would be wrong.
        notChecked =
          'The callers this policy would deny were not checked: the policy has no namespace; set namespace to check it against the live mesh';
      } else if (options.impact) {
        try {
          denied = await options.impact({
            // With their namespace, which the file may leave to the
            // overlay: the live mesh places them by it.
            files: [{ path: written.path, content: toManifestYaml(policies) }],
            initiatorCredentials: await ctx.getInitiatorCredentials(),
          });
        } catch (error) {
          ctx.logger.warn(
            `Could not check the live mesh: ${
              isError(error) ? error.message : String(error)
            }`,
          );
        }
      }
      if (denied === undefined) {
        ctx.logger.info(notChecked);
      } else if (denied.length > 0) {
        ctx.logger.warn(
          `The policy would deny current callers: ${denied
            .map(describeCaller)
            .join('; ')}`,
        );
      } else {
        ctx.logger.info('The policy denies none of the current callers');
      }
      ctx.output('liveMeshChecked', denied !== undefined);
      ctx.output('deniedCallers', denied ?? []);
    },
  });
}
