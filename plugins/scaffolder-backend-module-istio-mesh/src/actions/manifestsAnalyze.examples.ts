import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:manifests:analyze` in the scaffolder's
 * action list.
 */
export const examples: TemplateExample[] = [
  {
    description:
      'Check the files a template wrote against the rest of the repository and the live mesh before opening a pull request',
    example: stringify({
      steps: [
        {
          id: 'analyze',
          action: 'istio:manifests:analyze',
          name: 'Analyze the new Istio resources',
          input: {
            paths: ['apps/base/online-boutique/base/istio'],
            cluster: 'homelab',
          },
        },
      ],
    }),
  },
  {
    description: 'Fail on warnings too, without the live mesh',
    example: stringify({
      steps: [
        {
          id: 'analyze',
          action: 'istio:manifests:analyze',
          name: 'Analyze the repository',
          input: { failOn: 'warning', live: false },
        },
      ],
    }),
  },
];
