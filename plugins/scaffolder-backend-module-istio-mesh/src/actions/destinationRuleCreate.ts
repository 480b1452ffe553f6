import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildDestinationRule } from '@istio-mesh/plugin-istio-mesh-common';
import { examples } from './destinationRuleCreate.examples';
import {
  buildAndWriteManifests,
  manifestFileInput,
  manifestFileOutput,
  manifestObjectInput,
} from './writeGeneratedManifests';

/**
 * The `istio:destinationrule:create` action: writes a DestinationRule with
 * version subsets, circuit breaking (outlier detection), connection pool
 * limits, load balancing and client TLS.
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
              'Circuit breaking; default consecutive5xxErrors 5, interval 30s, baseEjectionTime 30s, maxEjectionPercent 50 (the seed); null writes none',
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
              'Connection limits; default tcp.maxConnections 100, http.http1MaxPendingRequests 100, http.http2MaxRequests 1000, http.maxRequestsPerConnection 10; null writes none',
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
        ...manifestFileInput,
      },
      output: {
        ...manifestFileOutput,
        subsets: z =>
          z.array(z.string()).describe('Names of the subsets defined'),
      },
    },
    async handler(ctx) {
      const { built: destinationRule } = await buildAndWriteManifests(
        ctx,
        buildDestinationRule,
      );
      ctx.output(
        'subsets',
        (destinationRule.spec.subsets ?? []).map(subset => subset.name),
      );
    },
  });
}
