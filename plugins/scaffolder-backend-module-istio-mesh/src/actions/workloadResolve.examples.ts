import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const lookUp = {
  id: 'entity',
  action: 'catalog:fetch',
  name: 'Look up the service',
  input: { entityRef: '${{ parameters.entityRef }}' },
};

const resolveWorkload = (input: Record<string, string>) => ({
  id: 'service',
  action: 'istio:workload:resolve',
  name: 'Resolve the workload',
  input: { entity: '${{ steps.entity.output.entity }}', ...input },
});

/**
 * Template snippets shown for `istio:workload:resolve` in the scaffolder's
 * action list.
 */
export const examples: TemplateExample[] = [
  {
    description:
      "Resolve the service from the form, else from the entity's Kubernetes annotations, and name the files after it",
    example: stringify({
      steps: [
        lookUp,
        resolveWorkload({
          namespace: '${{ parameters.namespace }}',
          workload: '${{ parameters.workload }}',
          host: '${{ parameters.host }}',
        }),
        {
          id: 'peerauthentication',
          action: 'istio:peerauthentication:create',
          name: 'Enforce STRICT mTLS on the workload',
          input: {
            scope: 'workload',
            name: '${{ steps.service.output.workload }}-strict',
            namespace: '${{ steps.service.output.namespace }}',
            selector: { app: '${{ steps.service.output.workload }}' },
            path: 'apps/base/online-boutique/base/istio/peerauthentication-${{ steps.service.output.workload }}-strict.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      "Only from the entity's annotations (backstage.io/kubernetes-namespace and backstage.io/kubernetes-id or the app= of backstage.io/kubernetes-label-selector)",
    example: stringify({
      steps: [lookUp, resolveWorkload({})],
    }),
  },
];
