import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import { Link } from '@backstage/core-components';
import { EntityLink } from '@istio-mesh/plugin-istio-mesh-common';

const TOOL_NAMES: Record<EntityLink['kind'], string> = {
  kiali: 'Kiali',
  grafana: 'Grafana',
  jaeger: 'Jaeger',
};

/**
 * "Open in" links from the entity into the mesh's own tools (Kiali's graph,
 * Grafana's Istio workload dashboard, Jaeger's search), as the backend
 * computed them from `istioMesh.links`; each opens in a new tab. Renders
 * nothing without links. `variant="buttons"` for the Mesh tab's header,
 * every link; `"text"` for the overview card, one link per tool.
 *
 * @internal
 */
export function OpenInLinks(props: {
  links: EntityLink[];
  variant: 'buttons' | 'text';
}) {
  const { links, variant } = props;
  if (links.length === 0) {
    return null;
  }
  if (variant === 'text') {
    // One link per tool on the card (the first: the namespace's graph, the
    // first workload's dashboard); the tab lists them all.
    const firstOfEachTool = links.filter(
      (link, index) => links.findIndex(l => l.kind === link.kind) === index,
    );
    return (
      <Typography variant="body2" component="div" aria-label="Open in">
        {'Open in '}
        {firstOfEachTool.map((link, index) => (
          <span key={`${link.kind} ${link.url}`}>
            {index > 0 && ' · '}
            <Link
              to={link.url}
              target="_blank"
              rel="noopener noreferrer"
              title={link.title}
            >
              {TOOL_NAMES[link.kind]}
            </Link>
          </span>
        ))}
      </Typography>
    );
  }
  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      style={{ gap: 8 }}
      role="navigation"
      aria-label="Open in"
    >
      <Typography variant="body2" color="textSecondary">
        Open in
      </Typography>
      {links.map(link => (
        <Button
          key={`${link.kind} ${link.url}`}
          size="small"
          variant="outlined"
          color="primary"
          href={link.url}
          target="_blank"
          rel="noopener noreferrer"
          endIcon={<OpenInNewIcon fontSize="small" />}
        >
          {link.title}
        </Button>
      ))}
    </Box>
  );
}
