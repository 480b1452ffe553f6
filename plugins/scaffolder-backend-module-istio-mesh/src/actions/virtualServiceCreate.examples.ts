import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:virtualservice:create` in the
 * scaffolder's action list.
 */
export const examples: TemplateExample[] = [
  {
    description:
      "The seed's canary: 90 % of productcatalogservice traffic to v1, 10 % to v2; merged into the repository's VirtualService for productcatalogservice when there is one",
    example: stringify({
      steps: [
        {
          id: 'virtualservice',
          action: 'istio:virtualservice:create',
          name: 'Write the canary VirtualService',
          input: {
            name: 'productcatalogservice',
            host: 'productcatalogservice',
            split: [
              { subset: 'v1', weight: 90 },
              { subset: 'v2', weight: 10 },
            ],
            path: 'apps/base/online-boutique/base/istio/virtualservice-canary.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'A/B testing: requests with the header x-user-group: beta go to v2, all others to v1',
    example: stringify({
      steps: [
        {
          id: 'virtualservice',
          action: 'istio:virtualservice:create',
          name: 'Write the A/B VirtualService',
          input: {
            name: 'frontend',
            host: 'frontend',
            headerMatch: {
              header: 'x-user-group',
              exact: 'beta',
              subset: 'v2',
            },
            split: [{ subset: 'v1' }],
            path: 'apps/base/online-boutique/base/istio/virtualservice-frontend-ab.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Retries and timeout for cartservice on its gRPC port, with 10 % of requests delayed by 5s to test them',
    example: stringify({
      steps: [
        {
          id: 'virtualservice',
          action: 'istio:virtualservice:create',
          name: 'Write the retry VirtualService',
          input: {
            name: 'cartservice',
            host: 'cartservice',
            port: 7070,
            retries: {
              attempts: 3,
              perTryTimeout: '2s',
              retryOn: '5xx,connect-failure,unavailable',
            },
            timeout: '10s',
            fault: { delay: { fixedDelay: '5s', percentage: 10 } },
            path: 'apps/base/online-boutique/base/istio/virtualservice-retry.yaml',
          },
        },
      ],
    }),
  },
];
