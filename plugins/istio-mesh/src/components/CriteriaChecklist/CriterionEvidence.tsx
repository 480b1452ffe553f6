import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Evidence } from '@istio-mesh/plugin-istio-mesh-common';

const useStyles = makeStyles(theme => ({
  list: {
    margin: 0,
    paddingLeft: theme.spacing(3),
  },
}));

/** `kind namespace/name`, or `kind name` for a cluster-scoped resource. */
function resourceLabel(evidence: Evidence): string {
  const name = evidence.namespace
    ? `${evidence.namespace}/${evidence.name}`
    : evidence.name;
  return `${evidence.kind} ${name}`;
}

/**
 * The resources and observations behind a criterion, one line each as
 * `kind namespace/name: message`.
 *
 * @internal
 */
export function CriterionEvidence(props: { evidence: Evidence[] }) {
  const classes = useStyles();
  if (props.evidence.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No evidence recorded.
      </Typography>
    );
  }
  return (
    <ul className={classes.list}>
      {props.evidence.map((evidence, index) => (
        <li key={index}>
          <Typography variant="body2">
            {`${resourceLabel(evidence)}: ${evidence.message}`}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
