import { useSearchParams } from 'react-router-dom';
import Button from '@material-ui/core/Button';
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
import { CallersCard } from '../CallersCard/CallersCard';
import { TrafficRoutesCard } from '../TrafficRoutes/TrafficRoutesCard';
import { FindingsCard } from '../FindingsCard/FindingsCard';
import { TracesSlot } from '../RuntimeSlots/RuntimeSlots';
import { RuntimePanel } from '../RuntimePanel';
import { OpenInLinks } from '../EntityLinks/OpenInLinks';

/**
 * The "Mesh" tab of an entity page, ordered by the questions a service
 * owner asks: is it in the mesh and encrypted, who may call it, how is its
 * traffic routed, what does the wire carry and which recent traces went
 * through it, what do the analyzers find; then the success criteria
 * with evidence and fix links, the control plane and the sources. Links
 * into Kiali, Grafana and Jaeger head the tab when configured.
 * `?criterion=<id>` (the compliance page's cell links) opens that
 * criterion's evidence and scrolls to it. Reloading keeps the view
 * mounted, so opened sections stay open.
 *
 * @internal
 */
export function EntityMeshContent() {
  const { entity } = useEntity();
  const [searchParams] = useSearchParams();
  const entityName = getCompoundEntityRef(entity);
  const {
    loading,
    error,
    value: state,
    retry,
  } = useEntityMeshState(entityName);

  // Only the first load replaces the view; a reload shows the last state.
  if (loading && !state) {
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

  const links = state.links ?? [];

  return (
    <Grid container spacing={3}>
      {links.length > 0 && (
        <Grid item xs={12}>
          <OpenInLinks links={links} variant="buttons" />
        </Grid>
      )}
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
      {!unmapped && (
        <>
          <Grid item xs={12}>
            <WorkloadsTable workloads={state.workloads} />
          </Grid>
          <Grid item xs={12} md={6}>
            <CallersCard state={state} />
          </Grid>
          <Grid item xs={12} md={6}>
            <TrafficRoutesCard state={state} />
          </Grid>
          <Grid item xs={12}>
            <RuntimePanel state={state} />
          </Grid>
          <Grid item xs={12}>
            <TracesSlot state={state} entityName={entityName} />
          </Grid>
          <Grid item xs={12}>
            <FindingsCard state={state} />
          </Grid>
        </>
      )}
      <Grid item xs={12}>
        <CriteriaChecklist
          state={state}
          focusedCriterion={searchParams.get('criterion') ?? undefined}
        />
      </Grid>
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
        </Typography>{' '}
        <Button size="small" onClick={retry} disabled={loading}>
          {loading ? 'Reloading…' : 'Reload'}
        </Button>
      </Grid>
    </Grid>
  );
}
