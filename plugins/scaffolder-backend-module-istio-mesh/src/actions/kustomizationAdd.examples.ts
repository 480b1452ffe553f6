import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:kustomization:add` in the scaffolder's
 * action list.
 */
export const examples: TemplateExample[] = [
  {
    description: 'List a new VirtualService in the kustomization of its folder',
    example: stringify({
      steps: [
        {
          id: 'kustomization',
          action: 'istio:kustomization:add',
          name: 'Add the VirtualService to the overlay',
          input: {
            path: 'apps/base/online-boutique/base/istio',
            resources: ['virtualservice-frontend.yaml'],
          },
        },
      ],
    }),
  },
];
