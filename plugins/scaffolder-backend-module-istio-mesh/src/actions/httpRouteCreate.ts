import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildHttpRoute } from '@istio-mesh/plugin-istio-mesh-common';
import { examples } from './httpRouteCreate.examples';
import {
  buildAndWriteManifests,
  MANIFEST_INPUT_DESCRIPTIONS as INPUT,
  manifestFileInput,
  manifestFileOutput,
} from './writeGeneratedManifests';

/**
 * The `istio:httproute:create` action: writes a Gateway API HTTPRoute that
 * exposes a Service (Kiali, Jaeger, ...) through a parent Gateway.
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
      const { built: route } = await buildAndWriteManifests(
        ctx,
        buildHttpRoute,
      );
      const host = route.spec.hostnames.find(h => !h.startsWith('*'));
      const prefix = route.spec.rules[0].matches[0].path.value;
      ctx.output('url', host ? `https://${host}${prefix}` : '');
    },
  });
}
