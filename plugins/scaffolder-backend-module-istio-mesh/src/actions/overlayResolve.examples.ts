import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:overlay:resolve` in the scaffolder's
 * action list.
 */
export const examples: TemplateExample[] = [
  {
    description:
      'Write an AuthorizationPolicy, whose principals name the namespace, into the overlay of that namespace rather than into the shared base',
    example: stringify({
      steps: [
        {
          id: 'overlay',
          action: 'istio:overlay:resolve',
          name: 'Find the overlay of the namespace',
          input: {
            base: 'apps/base/online-boutique/base/istio',
            namespace: 'boutique-dev',
          },
        },
        {
          id: 'policy',
          action: 'istio:authorizationpolicy:create',
          name: 'Write the AuthorizationPolicy',
          input: {
            name: 'emailservice-allow',
            namespace: 'boutique-dev',
            selector: { app: 'emailservice' },
            from: { serviceAccounts: ['checkoutservice'] },
            path: '${{ steps.overlay.output.path }}/authorizationpolicy-emailservice.yaml',
          },
        },
        {
          id: 'kustomization',
          action: 'istio:kustomization:add',
          name: 'List the file in the overlay',
          input: {
            path: '${{ steps.overlay.output.path }}',
            files: ['${{ steps.policy.output.path }}'],
          },
        },
      ],
    }),
  },
];
