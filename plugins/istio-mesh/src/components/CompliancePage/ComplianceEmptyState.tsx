import Button from '@material-ui/core/Button';
import { EmptyState } from '@backstage/core-components';
import { KUBERNETES_ANNOTATIONS } from '@istio-mesh/plugin-istio-mesh-common';

/** Where the Kubernetes plugin documents the annotations the mapping reads. */
export const MAPPING_DOCS_URL =
  'https://backstage.io/docs/features/kubernetes/configuration#surfacing-your-kubernetes-components-as-part-of-an-entity';

/**
 * No compliance row at all: no entity the user may read has been mapped
 * to workloads and refreshed yet. Says how to map one.
 *
 * @internal
 */
export function ComplianceEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No entity is mapped to the mesh yet"
      description={`Compliance appears here once the scheduled refresh has computed it for Components and Resources. Map an entity to its workloads with the ${KUBERNETES_ANNOTATIONS.id} or ${KUBERNETES_ANNOTATIONS.labelSelector} annotation (and optionally ${KUBERNETES_ANNOTATIONS.namespace} and ${KUBERNETES_ANNOTATIONS.cluster}).`}
      action={
        <Button
          variant="contained"
          color="primary"
          href={MAPPING_DOCS_URL}
          target="_blank"
          rel="noopener noreferrer"
        >
          Read how to map entities
        </Button>
      }
    />
  );
}
