import { stringifyEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { entityWorkloadTarget } from '@istio-mesh/plugin-istio-mesh-common';
import { examples } from './workloadResolve.examples';

const FORM_VALUE = 'The form’s value; empty: ';

/**
 * The `istio:workload:resolve` action: the namespace, workload and host a
 * template changes for a catalog entity, from the Kubernetes plugin's
 * annotations unless the form names them, checked once for the later steps.
 *
 * @public
 */
export function createWorkloadResolveAction() {
  return createTemplateAction({
    id: 'istio:workload:resolve',
    description:
      "Resolves the namespace, workload (the pods' app label) and host (the Service) a template changes for a catalog entity, from its Kubernetes annotations unless the form names them",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entity: z =>
          z
            .object({
              kind: z.string(),
              metadata: z
                .object({
                  name: z.string(),
                  namespace: z.string().optional(),
                  annotations: z.record(z.string()).optional(),
                })
                .passthrough(),
            })
            .passthrough()
            .describe(
              'The entity, as catalog:fetch outputs it: ${{ steps.<id>.output.entity }}',
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              `${FORM_VALUE}the entity's backstage.io/kubernetes-namespace annotation`,
            ),
        workload: z =>
          z
            .string()
            .optional()
            .describe(
              `${FORM_VALUE}the entity's backstage.io/kubernetes-id annotation, else the app label its backstage.io/kubernetes-label-selector requires, else its name`,
            ),
        host: z => z.string().optional().describe(`${FORM_VALUE}the workload`),
      },
      output: {
        namespace: z =>
          z.string().describe('Namespace of the workload and the new objects'),
        workload: z =>
          z.string().describe("The app label of the workload's pods"),
        host: z => z.string().describe('The Service the requests go to'),
        labelSelector: z =>
          z
            .string()
            .describe(
              'The label selector the entity is mapped to its workloads by; empty when it has neither annotation',
            ),
        entityRef: z =>
          z.string().describe('The entity, e.g. component:default/cartservice'),
      },
    },
    async handler(ctx) {
      const { entity, namespace, workload, host } = ctx.input;
      const entityRef = stringifyEntityRef({
        kind: entity.kind,
        namespace: entity.metadata.namespace,
        name: entity.metadata.name,
      });
      const target = entityWorkloadTarget(
        {
          entityRef,
          name: entity.metadata.name,
          annotations: entity.metadata.annotations,
        },
        { namespace, workload, host },
      );
      ctx.logger.info(
        `${entityRef}: workload ${target.workload} in namespace ${target.namespace}, host ${target.host}`,
      );
      ctx.output('namespace', target.namespace);
      ctx.output('workload', target.workload);
      ctx.output('host', target.host);
      ctx.output('labelSelector', target.labelSelector ?? '');
      ctx.output('entityRef', entityRef);
    },
  });
}
