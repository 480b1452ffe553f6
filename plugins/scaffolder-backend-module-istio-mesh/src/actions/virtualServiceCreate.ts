import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  apiGroupOf,
  buildVirtualService,
  isBoundToMesh,
  ParsedObject,
  resolveShortName,
  virtualServiceSpec,
} from '@istio-mesh/plugin-istio-mesh-common';
import { planVirtualServiceMerge } from '../merge/virtualServiceMerge';
import { examples } from './virtualServiceCreate.examples';
import {
  manifestFileInput,
  manifestFileOutput,
  manifestObjectInput,
  provenanceTemplate,
} from './writeGeneratedManifests';
import { mergeOutput, writeOrMergeManifest } from './writeOrMergeManifest';

/** What istiod does with two VirtualServices for one host, for reviews and refusals. */
const WHY_ONE_VIRTUAL_SERVICE =
  'Two VirtualServices for one host on the mesh gateway are a conflict whose routes sidecars apply in no defined way (IST0109); Istio asks for one VirtualService that holds all the routes.';

/**
 * The VirtualServices of the repository that are the mesh's VirtualService
 * for `host` in `namespace`: bound to the mesh gateway, listing the host.
 */
function meshVirtualServicesFor(
  objects: ParsedObject[],
  host: string,
  namespace: string,
): ParsedObject[] {
  const fqdn = resolveShortName(host, namespace);
  return objects.filter(({ object }) => {
    if (
      object.kind !== 'VirtualService' ||
      apiGroupOf(object.apiVersion) !== 'networking.istio.io' ||
      object.metadata.namespace !== namespace
    ) {
      return false;
    }
    const spec = virtualServiceSpec(object);
    return (
      isBoundToMesh(spec) &&
      spec.hosts.some(h => resolveShortName(h, namespace) === fqdn)
    );
  });
}

/**
 * The `istio:virtualservice:create` action: writes a VirtualService with a
 * weighted split between subsets (canary), an optional header match (A/B),
 * retries, a timeout and fault injection; only what the input sets.
 *
 * @remarks
 * One VirtualService per host on the mesh gateway: when the repository
 * already has one for the host in the namespace, the routes are merged into
 * it, in its file (see `planVirtualServiceMerge`), rather than written as a
 * second one that istiod would ignore. Values that differ from what it
 * already sets are changed only with `replaceExisting`. A VirtualService for
 * gateways, or for several hosts, is written as a new file, and the
 * analysis (IST0109) judges it.
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
              "Retry policy, e.g. the seed's 3 attempts of 2s on 5xx,reset,connect-failure; absent or null: none written (Istio's default of 2 attempts applies), and an existing route's kept",
            ),
        timeout: z =>
          z
            .string()
            .nullable()
            .optional()
            .describe(
              "Request timeout, e.g. the seed's 10s; absent or null: none written, and an existing route's kept",
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
        replaceExisting: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Change values the existing VirtualService for the host already sets to other values (another split, another timeout); default false, which refuses the run and lists them',
            ),
        ...manifestFileInput,
      },
      output: {
        ...manifestFileOutput,
        ...mergeOutput,
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
      const { path, overwrite, template, replaceExisting, ...input } =
        ctx.input;
      const virtualService = buildVirtualService({
        ...input,
        // Only what the input sets: the builder's defaults are the seed's
        // retries and timeout, which a canary never asked for.
        retries: input.retries ?? null,
        timeout: input.timeout ?? null,
        template: provenanceTemplate(ctx, template),
      });
      const namespace = input.namespace ?? 'default';
      const gateways = input.gateways ?? [];
      const mergeable =
        (gateways.length === 0 || gateways.includes('mesh')) &&
        virtualService.spec.hosts.length === 1;
      const { object } = await writeOrMergeManifest(ctx, {
        built: virtualService,
        path,
        overwrite,
        replaceExisting,
        rules: {
          subject: `VirtualService for host ${input.host} on the mesh gateway in namespace ${namespace}`,
          why: WHY_ONE_VIRTUAL_SERVICE,
          find: objects =>
            mergeable
              ? meshVirtualServicesFor(objects, input.host, namespace)
              : [],
          plan: existing =>
            planVirtualServiceMerge(existing, virtualService, {
              host: input.host,
              namespace,
              destinations: (input.split ?? []).length > 0,
              headerMatch: input.headerMatch !== undefined,
              policy: [
                ...(input.retries ? (['retries'] as const) : []),
                ...(input.timeout ? (['timeout'] as const) : []),
                ...(input.fault ? (['fault'] as const) : []),
              ],
              ...(input.port !== undefined ? { port: input.port } : {}),
            }),
        },
      });
      const spec = virtualServiceSpec(object);
      ctx.output('hosts', spec.hosts);
      ctx.output('subsets', [
        ...new Set(
          spec.http.flatMap(http =>
            (http.route ?? []).flatMap(route =>
              route.destination?.subset ? [route.destination.subset] : [],
            ),
          ),
        ),
      ]);
    },
  });
}
