import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:authorizationpolicy:create` in the
 * scaffolder's action list.
 */
export const examples: TemplateExample[] = [
  {
    description:
      'Only frontend can call checkout: POST PlaceOrder on port 5050, from the frontend service account',
    example: stringify({
      steps: [
        {
          id: 'authorizationpolicy',
          action: 'istio:authorizationpolicy:create',
          name: 'Let only frontend call checkoutservice',
          input: {
            name: 'checkoutservice-allow',
            selector: { app: 'checkoutservice' },
            from: { serviceAccounts: ['boutique-dev/frontend'] },
            to: {
              ports: [5050],
              methods: ['POST'],
              paths: ['/hipstershop.CheckoutService/PlaceOrder'],
            },
            path: 'apps/base/online-boutique/base/istio/authorizationpolicy-frontend.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Let checkoutservice call emailservice, and deny everything no policy allows in the namespace',
    example: stringify({
      steps: [
        {
          id: 'authorizationpolicy',
          action: 'istio:authorizationpolicy:create',
          name: 'Let only checkoutservice call emailservice',
          input: {
            name: 'emailservice-allow',
            namespace: 'boutique-dev',
            selector: { app: 'emailservice' },
            from: { serviceAccounts: ['checkoutservice'] },
            to: { ports: [8080] },
            allowNothing: true,
            path: 'apps/base/online-boutique/base/istio/authorizationpolicy-emailservice.yaml',
          },
        },
      ],
    }),
  },
];
