import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildPeerAuthentication } from '@istio-mesh/plugin-istio-mesh-common';
import { examples } from './peerAuthenticationCreate.examples';
import {
  buildAndWriteManifests,
  MANIFEST_INPUT_DESCRIPTIONS as INPUT,
  manifestFileInput,
  manifestFileOutput,
} from './writeGeneratedManifests';

const MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;

/**
 * The `istio:peerauthentication:create` action: writes a PeerAuthentication
 * (STRICT mTLS by default) at mesh, namespace or workload scope, with
 * port-level modes at workload scope.
 *
 * @public
 */
export function createPeerAuthenticationCreateAction() {
  return createTemplateAction({
    id: 'istio:peerauthentication:create',
    description:
      "Writes an Istio PeerAuthentication into the workspace: the inbound mTLS mode (STRICT by default) of the mesh, a namespace or selected workloads, checked against Istio's scoping rules and schema",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        scope: z =>
          z
            .enum(['mesh', 'namespace', 'workload'])
            .describe(
              'mesh: the root namespace, no selector; namespace: no selector; workload: a selector, in the workloads’ namespace',
            ),
        name: z =>
          z.string().optional().describe(`${INPUT.name}; default default`),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              `${INPUT.namespace}. At mesh scope: the root namespace, which is the default`,
            ),
        mode: z =>
          z
            .enum(MODES)
            .optional()
            .describe(
              'STRICT (only mTLS), PERMISSIVE (mTLS and plaintext), DISABLE (plaintext) or UNSET (inherit); default STRICT',
            ),
        selector: z =>
          z
            .record(z.string())
            .optional()
            .describe(
              'Pod labels of the workloads, e.g. app: paymentservice; workload scope only, where it is required',
            ),
        portLevelMtls: z =>
          z
            .array(
              z.object({
                port: z
                  .number()
                  .int()
                  .min(1)
                  .max(65535)
                  .describe('Container port (not the Service port)'),
                mode: z.enum(MODES),
              }),
            )
            .optional()
            .describe('Per-port modes; workload scope only'),
        rootNamespace: z =>
          z
            .string()
            .optional()
            .describe("Istio's root namespace; default istio-system"),
        ...manifestFileInput,
      },
      output: {
        ...manifestFileOutput,
        mode: z => z.enum(MODES).describe('The mode written'),
        namespace: z =>
          z
            .string()
            .describe(
              'The namespace written; empty when the kustomization sets it',
            ),
      },
    },
    async handler(ctx) {
      const { built: peerAuthentication } = await buildAndWriteManifests(
        ctx,
        buildPeerAuthentication,
      );
      ctx.output('mode', peerAuthentication.spec.mtls?.mode ?? 'STRICT');
      ctx.output('namespace', peerAuthentication.metadata.namespace ?? '');
    },
  });
}
