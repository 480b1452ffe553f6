import Alert from '@material-ui/lab/Alert';
import { CompliancePage } from '@istio-mesh/plugin-istio-mesh-common';
import { formatAge } from '../SourcesPanel/formatAge';

/**
 * The rows of a page older than two scheduled refreshes, and the age of
 * the oldest; undefined when every row is fresh, or when the refresh only
 * runs when triggered (no age is stale then).
 *
 * @internal
 */
export function staleRowsOf(page: CompliancePage, now: number) {
  const { staleAfterSeconds } = page;
  if (staleAfterSeconds === undefined) return undefined;
  const ages = page.items
    .map(row => (now - Date.parse(row.updatedAt)) / 1000)
    .filter(age => age > staleAfterSeconds);
  return ages.length > 0
    ? {
        count: ages.length,
        oldestAgeSeconds: Math.max(...ages),
        staleAfterSeconds,
      }
    : undefined;
}

/**
 * Warns that rows shown are stale, with the age of the oldest: the refresh
 * may have stopped, and the verdicts may no longer be what the clusters
 * say.
 *
 * @internal
 */
export function StaleDataNotice(props: {
  count: number;
  oldestAgeSeconds: number;
  staleAfterSeconds: number;
}) {
  const { count, oldestAgeSeconds, staleAfterSeconds } = props;
  return (
    <Alert severity="warning">
      {`Stale data: ${count} of the rows shown ${
        count === 1 ? 'was' : 'were'
      } last refreshed up to ${formatAge(
        oldestAgeSeconds,
      )} ago, more than two scheduled refreshes (${formatAge(
        staleAfterSeconds,
      )}) back. The refresh may have stopped, and the verdicts may no longer match the clusters.`}
    </Alert>
  );
}
