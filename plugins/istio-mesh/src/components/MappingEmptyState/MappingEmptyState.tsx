import Typography from '@material-ui/core/Typography';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import {
  EntityMapping,
  KUBERNETES_ANNOTATIONS,
} from '@istio-mesh/plugin-istio-mesh-common';

function exampleAnnotations(entityName: string): string {
  return [
    'metadata:',
    '  annotations:',
    `    ${KUBERNETES_ANNOTATIONS.id}: ${entityName}`,
    `    # or: ${KUBERNETES_ANNOTATIONS.labelSelector}: app=${entityName}`,
    `    ${KUBERNETES_ANNOTATIONS.namespace}: <namespace>`,
  ].join('\n');
}

/**
 * Shown when the entity cannot be mapped to workloads because its
 * Kubernetes annotations are missing or invalid: says which annotations to
 * add, with an example, and the backend's own explanation.
 *
 * @internal
 */
export function MappingEmptyState(props: {
  mapping: EntityMapping;
  entityName: string;
}) {
  const { mapping, entityName } = props;
  const titles: Partial<Record<EntityMapping['status'], string>> = {
    'annotation-invalid': `The ${KUBERNETES_ANNOTATIONS.labelSelector} annotation is invalid`,
    'annotation-refused':
      "The entity's Kubernetes annotations would map more than its own workloads",
  };
  const title =
    titles[mapping.status] ??
    'This entity is not mapped to Kubernetes workloads';
  return (
    <EmptyState
      missing="field"
      title={title}
      description={
        <>
          <Typography component="span" display="block" paragraph>
            {mapping.message}
          </Typography>
          <Typography component="span" display="block">
            {`Add ${KUBERNETES_ANNOTATIONS.id} or ${KUBERNETES_ANNOTATIONS.labelSelector} (and optionally ${KUBERNETES_ANNOTATIONS.namespace}) to the entity's metadata.annotations, as the Kubernetes plugin uses them to find the entity's pods.`}
          </Typography>
        </>
      }
      action={
        <CodeSnippet
          language="yaml"
          text={exampleAnnotations(entityName)}
          showCopyCodeButton
        />
      }
    />
  );
}
