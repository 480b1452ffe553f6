import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildVirtualService } from '@istio-mesh/plugin-istio-mesh-common';
import { examples } from './virtualServiceCreate.examples';
import {
  buildAndWriteManifests,
  manifestFileInput,
  manifestFileOutput,
  manifestObjectInput,
} from './writeGeneratedManifests';

/**
 * The `istio:virtualservice:create` action: writes a VirtualService with a
 * weighted split between subsets (canary), an optional header match (A/B),
 * retries, a timeout and fault injection.
 *
 * @public
 */
export function createVirtualServiceCreateAction() {
  return createTemplateAction({
    id: 'istio:virtualservice:create',
    description:
      "Writes an Istio VirtualService into the workspace: canary split, header-based A/B routing, retries, timeout and fault injection, checked against Istio's schema",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...manifestObjectInput,
        host: z =>
          z
            .string()
            .describe(
              'The service the routes send traffic to, e.g. productcatalogservice or reviews.bookinfo.svc.cluster.local',
            ),
        hosts: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Hosts the VirtualService applies to; default [host]. Use external host names with gateways',
            ),
        gateways: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'mesh, <gateway> or <namespace>/<gateway>; default the mesh only',
            ),
        port: z =>
          z
            .number()
            .int()
            .min(1)
            .max(65535)
            .optional()
            .describe('Destination port, when the service has several'),
        split: z =>
          z
            .array(
              z.object({
                subset: z.string().describe('DestinationRule subset, e.g. v1'),
                weight: z
                  .number()
                  .int()
                  .min(0)
                  .max(100)
                  .optional()
                  .describe(
                    'Percentage of requests; required with several subsets, which must add up to 100',
                  ),
              }),
            )
            .optional()
            .describe(
              "Weighted split between subsets, e.g. the seed's canary v1 90 / v2 10; absent: one route to host",
            ),
        headerMatch: z =>
          z
            .object({
              header: z
                .string()
                .describe('Lower-case header name, e.g. x-user-group'),
              exact: z.string().optional(),
              prefix: z.string().optional(),
              regex: z.string().optional().describe('RE2 syntax'),
              subset: z
                .string()
                .describe('Subset that matching requests go to'),
            })
            .optional()
            .describe(
              'A/B routing: requests whose header matches (exactly one of exact, prefix, regex) go to one subset; the others follow split, which is then required',
            ),
        retries: z =>
          z
            .object({
              attempts: z
                .number()
                .int()
                .min(0)
                .describe('Number of retries; 0 disables retries'),
              perTryTimeout: z
                .string()
                .optional()
                .describe('Timeout of each try, e.g. 2s'),
              retryOn: z
                .string()
                .optional()
                .describe(
                  'Comma-separated Envoy conditions, e.g. 5xx,reset,connect-failure',
                ),
            })
            .nullable()
            .optional()
            .describe(
              'Retry policy; default 3 attempts of 2s on 5xx,reset,connect-failure (the seed); null writes none',
            ),
        timeout: z =>
          z
            .string()
            .nullable()
            .optional()
            .describe(
              'Request timeout; default 10s (the seed); null writes none',
            ),
        fault: z =>
          z
            .object({
              delay: z
                .object({
                  fixedDelay: z.string().describe('e.g. 5s'),
                  percentage: z.number().min(0).max(100),
                })
                .optional(),
              abort: z
                .object({
                  httpStatus: z.number().int().min(200).max(599),
                  percentage: z.number().min(0).max(100),
                })
                .optional(),
            })
            .optional()
            .describe(
              'Fault injection for testing resilience: delay and/or abort a percentage of requests',
            ),
        ...manifestFileInput,
      },
      output: {
        ...manifestFileOutput,
        hosts: z =>
          z.array(z.string()).describe('Hosts the VirtualService applies to'),
        subsets: z =>
          z
            .array(z.string())
            .describe(
              'Subsets the routes use; a DestinationRule for host must define them',
            ),
      },
    },
    async handler(ctx) {
      const { built: virtualService } = await buildAndWriteManifests(
        ctx,
        buildVirtualService,
      );
      ctx.output('hosts', virtualService.spec.hosts);
      ctx.output('subsets', [
        ...new Set(
          virtualService.spec.http.flatMap(http =>
            http.route.flatMap(route =>
              route.destination.subset ? [route.destination.subset] : [],
            ),
          ),
        ),
      ]);
    },
  });
}
