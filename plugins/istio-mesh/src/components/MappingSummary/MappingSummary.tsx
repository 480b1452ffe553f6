import Typography from '@material-ui/core/Typography';
import { InfoCard, StatusOK, StatusWarning } from '@backstage/core-components';
import { EntityMapping } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * How the entity was mapped to workloads, in the backend's words, with the
 * selector, namespace and cluster it used.
 *
 * @internal
 */
export function MappingSummary(props: { mapping: EntityMapping }) {
  const { mapping } = props;
  const scope = [
    mapping.labelSelector && `selector ${mapping.labelSelector}`,
    mapping.namespace && `namespace ${mapping.namespace}`,
    mapping.cluster && `cluster ${mapping.cluster}`,
  ].filter(Boolean);
  return (
    <InfoCard title="Workload mapping">
      <Typography variant="body1" component="div">
        {mapping.status === 'mapped' ? (
          <StatusOK>{mapping.message}</StatusOK>
        ) : (
          <StatusWarning>{mapping.message}</StatusWarning>
        )}
      </Typography>
      {scope.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {`Mapped by ${scope.join(', ')}`}
        </Typography>
      )}
    </InfoCard>
  );
}
