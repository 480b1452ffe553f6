import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:httproute:create` in the scaffolder's
 * action list.
 */
export const examples: TemplateExample[] = [
  {
    description: "The seed's Kiali at https://kiali.homelab.local",
    example: stringify({
      steps: [
        {
          id: 'httproute',
          action: 'istio:httproute:create',
          name: 'Expose Kiali',
          input: {
            name: 'kiali',
            namespace: 'istio-system',
            gateway: {
              name: 'homelab-gateway',
              namespace: 'gateway',
              sectionName: 'https',
            },
            hostnames: ['kiali.homelab.local'],
            backend: { name: 'kiali', port: 20001 },
            path: 'infrastructure/monitoring/kiali/httproute.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      "The seed's Jaeger at https://jaeger.homelab.local (the query Service is tracing, port 80)",
    example: stringify({
      steps: [
        {
          id: 'httproute',
          action: 'istio:httproute:create',
          name: 'Expose Jaeger',
          input: {
            name: 'jaeger',
            gateway: { name: 'homelab-gateway', namespace: 'gateway' },
            hostnames: ['jaeger.homelab.local'],
            backend: { name: 'tracing', port: 80 },
            path: 'infrastructure/monitoring/jaeger/httproute.yaml',
          },
        },
      ],
    }),
  },
];
