import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  apiGroupOf,
  buildDestinationRule,
  buildDestinationRuleIndex,
  destinationRuleSpec,
  KubernetesObject,
  objectKey,
  ParsedObject,
  resolveShortName,
} from '@istio-mesh/plugin-istio-mesh-common';
import { planDestinationRuleMerge } from '../merge/destinationRuleMerge';
import { examples } from './destinationRuleCreate.examples';
import {
  manifestFileInput,
  manifestFileOutput,
  manifestObjectInput,
  provenanceTemplate,
} from './writeGeneratedManifests';
import { mergeOutput, writeOrMergeManifest } from './writeOrMergeManifest';

/** What istiod does with two rules for one host, for reviews and refusals. */
const WHY_ONE_RULE =
  "istiod merges the DestinationRules of one host in one namespace into one: it concatenates their subsets, the first definition of a name winning, and applies only the oldest rule's top-level traffic policy, so a second rule's settings would be silently ignored.";

/**
 * The rules of the repository that are the DestinationRule for `host` in
 * `namespace`: rules for the same host, without a workload selector (istiod
 * keeps those apart).
 */
function rulesForHost(
  objects: ParsedObject[],
  host: string,
  namespace: string,
): ParsedObject[] {
  const fqdn = resolveShortName(host, namespace);
  return objects.filter(({ object }) => {
    if (
      object.kind !== 'DestinationRule' ||
      apiGroupOf(object.apiVersion) !== 'networking.istio.io' ||
      object.metadata.namespace !== namespace
    ) {
      return false;
    }
    const spec = destinationRuleSpec(object);
    return (
      !spec.workloadSelector && resolveShortName(spec.host, namespace) === fqdn
    );
  });
}

/**
 * Which of several rules for one host istiod applies today, in its own
 * order (`buildDestinationRuleIndex`, istio `mergeDestinationRule`).
 */
function describeMerge(
  rules: KubernetesObject[],
  host: string,
  namespace: string,
) {
  const index = buildDestinationRuleIndex(rules);
  const lookup = index.lookup(
    namespace,
    resolveShortName(host, namespace),
    namespace,
  );
  const merged = lookup?.entries.find(entry => entry.from.length > 1);
  if (!merged) return WHY_ONE_RULE;
  const withPolicy = merged.from.filter(
    rule => (rule.spec as { trafficPolicy?: unknown })?.trafficPolicy,
  );
  const ignored = withPolicy.slice(1).map(objectKey);
  return `${WHY_ONE_RULE} Today istiod merges ${merged.from
    .map(objectKey)
    .join(', ')} in that order${
    withPolicy.length
      ? `, applies the traffic policy of ${objectKey(withPolicy[0])}${
          ignored.length ? ` and ignores that of ${ignored.join(', ')}` : ''
        }`
      : ''
  }.`;
}

/**
 * The `istio:destinationrule:create` action: writes a DestinationRule with
 * version subsets, circuit breaking (outlier detection), connection pool
 * limits, load balancing and client TLS; only what the input sets.
 *
 * @remarks
 * One rule per host and namespace: when the repository (read through its
 * kustomizations) already has a rule for the host in the namespace, the
 * subsets and traffic policy fields are merged into that rule, in its file,
 * keeping its comments and key order, rather than written as a second rule
 * that istiod would merge, keeping only the first one's traffic policy.
 * Values that differ from what the rule already sets are changed only with
 * `replaceExisting`; otherwise the run is refused with the list of them.
 *
 * @public
 */
export function createDestinationRuleCreateAction() {
  return createTemplateAction({
    id: 'istio:destinationrule:create',
    description:
      "Writes an Istio DestinationRule into the workspace: subsets from version labels, circuit breaking, connection pool, load balancing and TLS, checked against Istio's schema",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...manifestObjectInput,
        host: z =>
          z.string().describe('The service, e.g. productcatalogservice'),
        subsets: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Version label values, e.g. [v1, v2]: each becomes a subset of that name selecting pods labelled <versionLabel>: <value>',
            ),
        versionLabel: z =>
          z
            .string()
            .optional()
            .describe('Pod label that carries the version; default version'),
        outlierDetection: z =>
          z
            .object({
              consecutive5xxErrors: z.number().int().min(0).optional(),
              consecutiveGatewayErrors: z.number().int().min(0).optional(),
              interval: z.string().optional().describe('e.g. 30s'),
              baseEjectionTime: z.string().optional().describe('e.g. 30s'),
              maxEjectionPercent: z.number().int().min(0).max(100).optional(),
            })
            .nullable()
            .optional()
            .describe(
              "Circuit breaking, e.g. the seed's consecutive5xxErrors 5, interval 30s, baseEjectionTime 30s, maxEjectionPercent 50; absent or null: none written, and an existing rule's kept",
            ),
        connectionPool: z =>
          z
            .object({
              tcp: z
                .object({
                  maxConnections: z.number().int().min(1).optional(),
                  connectTimeout: z.string().optional().describe('e.g. 3s'),
                })
                .optional(),
              http: z
                .object({
                  http1MaxPendingRequests: z.number().int().min(1).optional(),
                  http2MaxRequests: z.number().int().min(1).optional(),
                  maxRequestsPerConnection: z.number().int().min(0).optional(),
                  maxRetries: z.number().int().min(0).optional(),
                  idleTimeout: z.string().optional(),
                })
                .optional(),
            })
            .nullable()
            .optional()
            .describe(
              "Connection limits, e.g. the seed's tcp.maxConnections 100, http.http1MaxPendingRequests 100, http.http2MaxRequests 1000, http.maxRequestsPerConnection 10; absent or null: none written, and an existing rule's kept",
            ),
        loadBalancer: z =>
          z
            .enum(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'CONSISTENT_HASH'])
            .optional()
            .describe("Load balancing; absent: Envoy's default"),
        consistentHash: z =>
          z
            .object({
              httpHeaderName: z.string().optional(),
              httpCookie: z
                .object({
                  name: z.string(),
                  ttl: z.string().optional(),
                  path: z.string().optional(),
                })
                .optional(),
              useSourceIp: z.boolean().optional(),
              httpQueryParameterName: z.string().optional(),
            })
            .optional()
            .describe(
              'The hash key of CONSISTENT_HASH (sticky sessions): exactly one of httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName',
            ),
        tls: z =>
          z
            .object({
              mode: z.enum(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']),
              credentialName: z.string().optional(),
              sni: z.string().optional(),
            })
            .optional()
            .describe(
              'Client TLS; absent: auto mTLS, right for in-mesh services. DISABLE to a STRICT workload fails its connections',
            ),
        replaceExisting: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Change values the existing DestinationRule for the host already sets to other values (a subset with other labels, another connection limit); default false, which refuses the run and lists them',
            ),
        ...manifestFileInput,
      },
      output: {
        ...manifestFileOutput,
        ...mergeOutput,
        subsets: z =>
          z.array(z.string()).describe('Names of the subsets defined'),
      },
    },
    async handler(ctx) {
      const { path, overwrite, template, replaceExisting, ...input } =
        ctx.input;
      const destinationRule = buildDestinationRule({
        ...input,
        // Only what the input sets: the builder's defaults are the seed's
        // circuit breaker, which a canary never asked for.
        outlierDetection: input.outlierDetection ?? null,
        connectionPool: input.connectionPool ?? null,
        template: provenanceTemplate(ctx, template),
      });
      const namespace = input.namespace ?? 'default';
      const { object } = await writeOrMergeManifest(ctx, {
        built: destinationRule,
        path,
        overwrite,
        replaceExisting,
        rules: {
          subject: `DestinationRule for host ${input.host} in namespace ${namespace}`,
          why: WHY_ONE_RULE,
          find: objects => rulesForHost(objects, input.host, namespace),
          describeSeveral: found =>
            describeMerge(
              found.map(f => f.object),
              input.host,
              namespace,
            ),
          plan: existing => planDestinationRuleMerge(existing, destinationRule),
        },
      });
      ctx.output(
        'subsets',
        destinationRuleSpec(object).subsets.map(subset => subset.name),
      );
    },
  });
}
