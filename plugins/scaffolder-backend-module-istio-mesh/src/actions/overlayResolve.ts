import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { kustomizationPlacement } from '@istio-mesh/plugin-istio-mesh-common';
import { readWorkspaceFiles } from '../workspace/readWorkspaceFiles';
import { resolveWorkspacePath } from '../workspace/resolveWorkspacePath';
import { toWorkspaceRelative } from '../workspace/toWorkspaceRelative';
import { examples } from './overlayResolve.examples';
import { stepRefusal } from './stepRefusal';

const folderOf = (file: string) =>
  file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';

/**
 * The `istio:overlay:resolve` action: the folder of the overlay that
 * deploys a GitOps base into a namespace, for what belongs to that
 * namespace only.
 *
 * @remarks
 * An AuthorizationPolicy's principals name namespaces
 * (`cluster.local/ns/<namespace>/sa/<account>`), which kustomize's
 * `namespace` does not rewrite: written into a base, they would follow it
 * into every overlay, naming the wrong namespace in all but one. This
 * action finds, through the repository's kustomizations, the kustomization
 * that sets `namespace` for the base (the outermost one that sets it); the
 * template writes such files there. A base that no kustomization puts in a
 * namespace is its own place (its objects carry the namespace). A base that
 * other overlays deploy, but none into `namespace`, or that two overlays
 * deploy into it, is refused.
 *
 * @public
 */
export function createOverlayResolveAction() {
  return createTemplateAction({
    id: 'istio:overlay:resolve',
    description:
      'Finds the overlay that deploys a GitOps base folder into a namespace (the kustomization that sets that namespace), where objects that name the namespace belong',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        base: z =>
          z
            .string()
            .describe(
              'The base folder, relative to the workspace, e.g. apps/base/online-boutique/base/istio',
            ),
        namespace: z => z.string().describe('The namespace, e.g. boutique-dev'),
      },
      output: {
        path: z =>
          z
            .string()
            .describe(
              'Folder of the overlay that deploys the base into the namespace, relative to the workspace; the base itself when no kustomization sets a namespace',
            ),
        kustomization: z =>
          z
            .string()
            .describe(
              "The overlay's kustomization file; empty when the base has none",
            ),
        overlays: z =>
          z
            .array(z.string())
            .describe(
              'Every kustomization that deploys the base, with its namespace: `<file> (<namespace>)`',
            ),
      },
    },
    async handler(ctx) {
      const { namespace } = ctx.input;
      const base = toWorkspaceRelative(
        ctx.workspacePath,
        await resolveWorkspacePath(ctx.workspacePath, ctx.input.base, 'base'),
      );
      const { builtBy } = kustomizationPlacement(
        await readWorkspaceFiles(ctx.workspacePath),
        base,
      );
      const overlays = builtBy.map(
        r => `${r.setBy ?? r.root} (${r.namespace ?? 'no namespace'})`,
      );
      const setters = [
        ...new Set(
          builtBy.filter(r => r.namespace === namespace).map(r => r.setBy!),
        ),
      ];
      let kustomization = '';
      if (setters.length === 1) {
        [kustomization] = setters;
      } else if (setters.length > 1) {
        throw stepRefusal(
          ctx,
          `${
            setters.length
          } kustomizations deploy ${base} into namespace ${namespace}: ${setters.join(
            ', ',
          )}. Objects of one namespace belong in one of them; deploy the base into each namespace once`,
        );
      } else if (builtBy.some(r => r.namespace)) {
        throw stepRefusal(
          ctx,
          `No kustomization deploys ${base} into namespace ${namespace}; it is deployed by ${overlays.join(
            ', ',
          )}. Add an overlay for ${namespace}, or choose a namespace an overlay deploys`,
        );
      }
      const path = kustomization ? folderOf(kustomization) : base;
      ctx.logger.info(
        kustomization
          ? `${base} is deployed into ${namespace} by ${kustomization}: files that name the namespace go to ${path}`
          : `No kustomization sets a namespace for ${base}: files go there, with their namespace`,
      );
      ctx.output('path', path);
      ctx.output('kustomization', kustomization);
      ctx.output('overlays', overlays);
    },
  });
}
