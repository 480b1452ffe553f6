import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildHttpRoute } from '@istio-mesh/plugin-istio-mesh-common';
import { parentGatewayProblem } from '../manifests/parentGateway';
import { collectWorkspaceManifests } from '../manifests/collectWorkspaceManifests';
import { readWorkspaceFiles } from '../workspace/readWorkspaceFiles';
import { examples } from './httpRouteCreate.examples';
import { stepRefusal } from './stepRefusal';
import {
  MANIFEST_INPUT_DESCRIPTIONS as INPUT,
  manifestFileInput,
  manifestFileOutput,
  provenanceTemplate,
  writeGeneratedManifests,
} from './writeGeneratedManifests';

/**
 * The `istio:httproute:create` action: writes a Gateway API HTTPRoute that
 * exposes a Service (Kiali, Jaeger, ...) through a parent Gateway.
 *
 * @remarks
 * The parent must be in the repository (read through its kustomizations)
 * and accept the route: a Gateway of that name and namespace, with the
 * listener `sectionName`, admitting routes of the route's namespace. A
 * route whose parent does not exist is accepted by the API server and never
 * served, so the run is refused instead, unless `parentManagedElsewhere`
 * says the Gateway lives outside this repository.
 *
 * @public
 */
export function createHttpRouteCreateAction() {
  return createTemplateAction({
    id: 'istio:httproute:create',
    description:
      "Writes a Gateway API HTTPRoute into the workspace that exposes a Service (Kiali, Jaeger, ...) through a parent Gateway under host names, checked against Gateway API's schema",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe(INPUT.name),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              `${INPUT.namespace}. It must be the backend Service's namespace`,
            ),
        gateway: z =>
          z
            .object({
              name: z.string(),
              namespace: z
                .string()
                .optional()
                .describe(
                  "Default the route's; the listener must admit routes from the route's namespace",
                ),
              sectionName: z
                .string()
                .optional()
                .describe('Listener name, e.g. https'),
            })
            .describe('The parent Gateway'),
        hostnames: z =>
          z
            .array(z.string())
            .min(1)
            .describe('Host names, e.g. kiali.homelab.local'),
        backend: z =>
          z
            .object({
              name: z.string().describe('Service name, e.g. kiali'),
              port: z
                .number()
                .int()
                .min(1)
                .max(65535)
                .describe('Service port, e.g. 20001'),
            })
            .describe("The Service in the route's namespace"),
        pathPrefix: z =>
          z.string().optional().describe('Path prefix routed; default /'),
        parentManagedElsewhere: z =>
          z
            .boolean()
            .optional()
            .describe(
              'The parent Gateway is managed outside this repository, so it is not looked for there; default false, which refuses a route whose Gateway the repository does not declare',
            ),
        ...manifestFileInput,
      },
      output: {
        ...manifestFileOutput,
        url: z =>
          z
            .string()
            .describe(
              'https URL of the first host name that is not a wildcard, for the template to link; empty when there is none',
            ),
      },
    },
    async handler(ctx) {
      const { path, overwrite, template, parentManagedElsewhere, ...input } =
        ctx.input;
      const route = buildHttpRoute({
        ...input,
        template: provenanceTemplate(ctx, template),
      });
      const files = await readWorkspaceFiles(ctx.workspacePath);
      const namespace = input.namespace ?? 'default';
      const parent = {
        name: input.gateway.name,
        namespace: input.gateway.namespace ?? namespace,
        ...(input.gateway.sectionName
          ? { sectionName: input.gateway.sectionName }
          : {}),
      };
      const problem = parentGatewayProblem(
        collectWorkspaceManifests(files).objects,
        parent,
        namespace,
      );
      if (problem && !parentManagedElsewhere) {
        throw stepRefusal(
          ctx,
          `HTTPRoute ${namespace}/${
            input.name
          } would never be served: ${problem}. Add the Gateway to the repository first (with a listener ${
            parent.sectionName ?? 'for the host names'
          } that admits routes from ${namespace}), or, if it is managed outside this repository, confirm with parentManagedElsewhere ("The Gateway is managed elsewhere")`,
        );
      }
      if (problem) {
        ctx.logger.warn(
          `Not checked, since the Gateway is managed elsewhere: ${problem}`,
        );
      }
      await writeGeneratedManifests(ctx, {
        objects: [route],
        path,
        overwrite,
        files,
      });
      const host = route.spec.hostnames.find(h => !h.startsWith('*'));
      const prefix = route.spec.rules[0].matches[0].path.value;
      ctx.output('url', host ? `https://${host}${prefix}` : '');
    },
  });
}
