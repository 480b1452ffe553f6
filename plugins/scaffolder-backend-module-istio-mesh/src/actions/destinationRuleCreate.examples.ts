import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:destinationrule:create` in the
 * scaffolder's action list.
 */
export const examples: TemplateExample[] = [
  {
    description:
      "The seed's circuit breaker for cartservice: outlier detection and connection pool; merged into the repository's rule for cartservice when there is one",
    example: stringify({
      steps: [
        {
          id: 'destinationrule',
          action: 'istio:destinationrule:create',
          name: 'Write the circuit-breaker DestinationRule',
          input: {
            name: 'cartservice',
            host: 'cartservice',
            outlierDetection: {
              consecutive5xxErrors: 5,
              interval: '30s',
              baseEjectionTime: '30s',
              maxEjectionPercent: 50,
            },
            connectionPool: {
              tcp: { maxConnections: 100 },
              http: {
                http1MaxPendingRequests: 100,
                http2MaxRequests: 1000,
                maxRequestsPerConnection: 10,
              },
            },
            path: 'apps/base/online-boutique/base/istio/destinationrule-circuit.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Subsets v1 and v2 for a canary, least-request load balancing and a stricter circuit breaker',
    example: stringify({
      steps: [
        {
          id: 'destinationrule',
          action: 'istio:destinationrule:create',
          name: 'Write the load-balancer DestinationRule',
          input: {
            name: 'productcatalogservice',
            host: 'productcatalogservice',
            subsets: ['v1', 'v2'],
            loadBalancer: 'LEAST_REQUEST',
            outlierDetection: {
              consecutive5xxErrors: 3,
              interval: '10s',
              baseEjectionTime: '30s',
              maxEjectionPercent: 50,
            },
            connectionPool: {
              tcp: { maxConnections: 100, connectTimeout: '3s' },
              http: { http2MaxRequests: 1000, maxRequestsPerConnection: 10 },
            },
            path: 'apps/base/online-boutique/base/istio/destinationrule-loadbalancer.yaml',
          },
        },
      ],
    }),
  },
  {
    description: 'Sticky sessions: requests of one user go to the same pod',
    example: stringify({
      steps: [
        {
          id: 'destinationrule',
          action: 'istio:destinationrule:create',
          name: 'Write the consistent-hash DestinationRule',
          input: {
            name: 'frontend',
            host: 'frontend',
            loadBalancer: 'CONSISTENT_HASH',
            consistentHash: {
              httpCookie: { name: 'shop_session-id', ttl: '0s' },
            },
            path: 'apps/base/online-boutique/base/istio/destinationrule-frontend.yaml',
          },
        },
      ],
    }),
  },
];
