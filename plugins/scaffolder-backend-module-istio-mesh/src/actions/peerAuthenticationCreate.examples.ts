import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Template snippets shown for `istio:peerauthentication:create` in the
 * scaffolder's action list.
 */
export const examples: TemplateExample[] = [
  {
    description:
      "The seed's namespace-wide STRICT mTLS (the namespace comes from the kustomization)",
    example: stringify({
      steps: [
        {
          id: 'peerauthentication',
          action: 'istio:peerauthentication:create',
          name: 'Enforce STRICT mTLS',
          input: {
            scope: 'namespace',
            path: 'apps/base/online-boutique/base/istio/peerauthentication-strict.yaml',
          },
        },
      ],
    }),
  },
  {
    description: 'STRICT mTLS for the whole mesh, in the root namespace',
    example: stringify({
      steps: [
        {
          id: 'peerauthentication',
          action: 'istio:peerauthentication:create',
          name: 'Enforce mesh-wide STRICT mTLS',
          input: {
            scope: 'mesh',
            path: 'infrastructure/network/istio-control-plane/peerauthentication-mesh.yaml',
            overwrite: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'STRICT for paymentservice except its metrics port 9090, scraped without mTLS',
    example: stringify({
      steps: [
        {
          id: 'peerauthentication',
          action: 'istio:peerauthentication:create',
          name: 'Enforce STRICT mTLS on paymentservice',
          input: {
            scope: 'workload',
            name: 'paymentservice',
            selector: { app: 'paymentservice' },
            portLevelMtls: [{ port: 9090, mode: 'PERMISSIVE' }],
            path: 'apps/base/online-boutique/base/istio/peerauthentication-paymentservice.yaml',
          },
        },
      ],
    }),
  },
];
