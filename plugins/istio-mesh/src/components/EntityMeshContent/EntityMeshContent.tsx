import { useSearchParams } from 'react-router-dom';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Progress } from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useEntityMeshState } from '../../hooks/useEntityMeshState';
import { CriteriaChecklist } from '../CriteriaChecklist';
import { MappingEmptyState } from '../MappingEmptyState/MappingEmptyState';
import { MappingSummary } from '../MappingSummary/MappingSummary';
import { MeshStateError } from '../MeshStateError/MeshStateError';
import { SourcesPanel } from '../SourcesPanel/SourcesPanel';
import { ControlPlanePanel } from '../ControlPlanePanel/ControlPlanePanel';
import { WorkloadsTable } from '../WorkloadsTable/WorkloadsTable';
import { RuntimePanel } from '../RuntimePanel';

/**
 * The "Mesh" tab of an entity page: success criteria with evidence and fix
 * links, the entity's workloads with their effective mTLS, and the health of
 * the sources behind it all. `?criterion=<id>` (the compliance page's cell
 * links) opens that criterion's evidence and scrolls to it.
 *
 * @internal
 */
export function EntityMeshContent() {
  const { entity } = useEntity();
  const [searchParams] = useSearchParams();
  const entityName = getCompoundEntityRef(entity);
  const { loading, error, value: state } = useEntityMeshState(entityName);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <MeshStateError error={error} entityRef={stringifyEntityRef(entity)} />
    );
  }
  if (!state) {
    return null;
  }

  const unmapped =
    state.mapping.status === 'annotation-missing' ||
    state.mapping.status === 'annotation-invalid' ||
    state.mapping.status === 'annotation-refused';

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {unmapped ? (
          <MappingEmptyState
            mapping={state.mapping}
            entityName={entityName.name}
          />
        ) : (
          <MappingSummary mapping={state.mapping} />
        )}
      </Grid>
      <Grid item xs={12}>
        <CriteriaChecklist
          state={state}
          focusedCriterion={searchParams.get('criterion') ?? undefined}
        />
      </Grid>
      {!unmapped && (
        <Grid item xs={12}>
          <WorkloadsTable workloads={state.workloads} />
        </Grid>
      )}
      {!unmapped && (
        <Grid item xs={12}>
          <RuntimePanel state={state} />
        </Grid>
      )}
      {!unmapped && state.controlPlanes && (
        <Grid item xs={12}>
          <ControlPlanePanel controlPlanes={state.controlPlanes} />
        </Grid>
      )}
      <Grid item xs={12}>
        <SourcesPanel sources={state.sources} />
      </Grid>
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          Generated at{' '}
          <time dateTime={state.generatedAt}>{state.generatedAt}</time>
        </Typography>
      </Grid>
    </Grid>
  );
}
