import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import {
  CriterionStatus,
  criterionTitle,
  EntityMeshState,
  KUBERNETES_ANNOTATIONS,
} from '@istio-mesh/plugin-istio-mesh-common';
import { useEntityMeshState } from '../../hooks/useEntityMeshState';
import { fixTemplateLink } from '../CriteriaChecklist/fixTemplateLink';
import { statusColor } from '../CriteriaChecklist/statusColor';
import { LevelBadge } from '../LevelBadge/LevelBadge';
import { MeshStateError } from '../MeshStateError/MeshStateError';
import { formatAge } from '../SourcesPanel/formatAge';
import { OpenInLinks } from '../EntityLinks/OpenInLinks';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1.5),
  },
  chip: { color: theme.palette.common.white, fontWeight: 500 },
  pass: { backgroundColor: statusColor(theme, 'pass') },
  fail: { backgroundColor: statusColor(theme, 'fail') },
  warn: { backgroundColor: statusColor(theme, 'warn') },
  unknown: { backgroundColor: statusColor(theme, 'unknown') },
}));

const STATUS_MARK: Record<CriterionStatus, string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  unknown: '?',
};

/** The next level's first missing criterion, with its Fix link. */
function NextStep(props: { state: EntityMeshState; mapped: boolean }) {
  const { state, mapped } = props;
  const { next } = state.level;
  if (!next) {
    return (
      <Typography variant="body2">
        Every criterion of the plan passes.
      </Typography>
    );
  }
  const [first] = next.missing;
  const criterion = state.criteria.find(c => c.id === first);
  const fix = criterion && fixTemplateLink(criterion, state);
  return (
    <Typography variant="body2" component="div" aria-label="Fix first">
      {`Fix first for ${next.level}: ${criterionTitle(first)}`}
      {mapped && criterion?.summary && (
        <Typography variant="caption" component="div" color="textSecondary">
          {criterion.summary}
        </Typography>
      )}
      {fix && (
        <Link to={fix} title={`Open template ${criterion?.fixTemplate}`}>
          Fix
        </Link>
      )}
    </Typography>
  );
}

/**
 * The overview card: the entity's level, its criteria as compact chips,
 * the first criterion the next level misses with its Fix link, and how old
 * the data is; a link opens the Mesh tab, others Kiali, Grafana and Jaeger
 * when configured.
 *
 * @internal
 */
export function EntityMeshCard() {
  const { entity } = useEntity();
  const entityName = getCompoundEntityRef(entity);
  const { loading, error, value: state } = useEntityMeshState(entityName);
  const entityRoute = useRouteRef(entityRouteRef);
  const classes = useStyles();

  const meshTab = `${entityRoute({
    kind: entityName.kind.toLocaleLowerCase('en-US'),
    namespace: entityName.namespace,
    name: entityName.name,
  })}/mesh`;
  const deepLink = { title: 'Open the Mesh tab', link: meshTab };

  if (loading && !state) {
    return (
      <InfoCard title="Istio mesh">
        <Progress />
      </InfoCard>
    );
  }
  if (error || !state) {
    return (
      <InfoCard title="Istio mesh">
        {error && (
          <MeshStateError
            error={error}
            entityRef={stringifyEntityRef(entity)}
          />
        )}
      </InfoCard>
    );
  }
  const ageSeconds = (Date.now() - Date.parse(state.generatedAt)) / 1000;
  const mapped = state.mapping.status === 'mapped';
  const links = state.links ?? [];
  return (
    <InfoCard title="Istio mesh" deepLink={deepLink}>
      <div className={classes.row}>
        <LevelBadge level={state.level.level} />
        <Typography variant="caption" color="textSecondary">
          {`Data from ${formatAge(ageSeconds)} ago`}
        </Typography>
      </div>
      {!mapped && (
        <Typography variant="body2" paragraph>
          {state.mapping.message}
          {state.mapping.status === 'annotation-missing' &&
            ` Add ${KUBERNETES_ANNOTATIONS.id} or ${KUBERNETES_ANNOTATIONS.labelSelector} to the entity's annotations; the Mesh tab shows an example.`}
        </Typography>
      )}
      <div className={classes.row} aria-label="Criteria">
        {state.criteria.map(criterion => (
          <Chip
            key={criterion.id}
            size="small"
            className={`${classes.chip} ${classes[criterion.status]}`}
            label={`${STATUS_MARK[criterion.status]} ${criterionTitle(
              criterion.id,
            )}`}
            aria-label={`${criterionTitle(criterion.id)}: ${criterion.status}`}
            title={criterion.summary}
          />
        ))}
      </div>
      <NextStep state={state} mapped={mapped} />
      {links.length > 0 && (
        <Box mt={1.5}>
          <OpenInLinks links={links} variant="text" />
        </Box>
      )}
    </InfoCard>
  );
}
