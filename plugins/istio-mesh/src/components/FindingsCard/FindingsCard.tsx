import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  InfoCard,
  Link,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import {
  EntityFinding,
  EntityMeshState,
} from '@istio-mesh/plugin-istio-mesh-common';

const useStyles = makeStyles(theme => ({
  empty: { padding: theme.spacing(2) },
}));

function Level(props: { level: EntityFinding['level'] }) {
  if (props.level === 'Error') return <StatusError>Error</StatusError>;
  if (props.level === 'Warning') return <StatusWarning>Warning</StatusWarning>;
  return <StatusOK>Info</StatusOK>;
}

/** The code, linked to its documentation when that is a web page. */
function Code(props: { finding: EntityFinding }) {
  const { code, documentationUrl } = props.finding;
  // This project's own codes point into its repository's docs/findings.md.
  if (!/^https?:\/\//.test(documentationUrl)) {
    return <span title={documentationUrl}>{code}</span>;
  }
  return <Link to={documentationUrl}>{code}</Link>;
}

/**
 * The analyzer's messages about the resources that govern the entity,
 * errors first, each code linked to Istio's page on it.
 *
 * @internal
 */
export function FindingsCard(props: { state: EntityMeshState }) {
  const { findings } = props.state;
  const classes = useStyles();
  return (
    <InfoCard title="Findings" noPadding>
      {!findings || findings.length === 0 ? (
        <Typography variant="body2" className={classes.empty}>
          {findings
            ? 'The analyzers found nothing wrong with the resources that govern this entity.'
            : 'Not analyzed yet: the next refresh runs the analyzers.'}
        </Typography>
      ) : (
        <Table size="small" aria-label="Findings">
          <TableHead>
            <TableRow>
              <TableCell>Level</TableCell>
              <TableCell>Code</TableCell>
              <TableCell>Message</TableCell>
              <TableCell>Resource</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {findings.map(finding => (
              <TableRow
                key={`${finding.code}/${finding.resource}/${
                  finding.path ?? ''
                }/${finding.message}`}
              >
                <TableCell>
                  <Level level={finding.level} />
                </TableCell>
                <TableCell>
                  <Code finding={finding} />
                </TableCell>
                <TableCell>{finding.message}</TableCell>
                <TableCell>
                  {finding.resource}
                  {finding.path && (
                    <Typography
                      variant="caption"
                      component="div"
                      color="textSecondary"
                    >
                      {finding.path}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
