import { useEffect } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { useCompliance } from '../../hooks/useCompliance';
import { useComplianceView } from '../../hooks/useComplianceView';
import { ComplianceFilters } from '../ComplianceFilters/ComplianceFilters';
import { SelectFilter } from '../ComplianceFilters/SelectFilter';
import { ComplianceMatrix } from '../ComplianceMatrix/ComplianceMatrix';
import { ComplianceSummaryBars } from '../ComplianceSummaryBars/ComplianceSummaryBars';
import { ComplianceTrendChart } from '../ComplianceTrendChart/ComplianceTrendChart';
import { ComplianceEmptyState } from './ComplianceEmptyState';
import { ComplianceError } from './ComplianceError';
import { ExportCsvButton } from './ExportCsvButton';
import { StaleDataNotice, staleRowsOf } from './StaleDataNotice';
import { HISTORY_DAYS, isFiltered, NO_FILTERS } from './complianceView';
import { COMPLIANCE_PAGE_TITLE } from './title';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
  },
  export: { flexShrink: 0, whiteSpace: 'nowrap' },
  noMatch: { padding: theme.spacing(2) },
}));

/**
 * The catalog-wide compliance page without its header: filters and export,
 * summary bars per criterion, the level trend and the entities x criteria
 * matrix. Everything it shows follows the view in the URL.
 *
 * @internal
 */
export function CompliancePageContent() {
  const classes = useStyles();
  const [view, setView] = useComplianceView();
  const { rows, summary } = useCompliance(view);
  const now = Date.now();
  const error = rows.error ?? summary.error;

  // A shared link may name a page past the end of today's rows.
  const lastPage = Math.max(
    1,
    Math.ceil((rows.value?.totalItems ?? 0) / view.pageSize),
  );
  const pastTheEnd = rows.value !== undefined && view.page > lastPage;
  useEffect(() => {
    if (pastTheEnd) setView({ page: lastPage });
  }, [pastTheEnd, lastPage, setView]);

  if (error) {
    return (
      <ComplianceError
        error={error}
        onRetry={() => {
          rows.retry();
          summary.retry();
        }}
      />
    );
  }
  if (!rows.value || pastTheEnd) {
    return <Progress />;
  }
  const page = rows.value;
  if (page.totalItems === 0 && !isFiltered(view)) {
    return <ComplianceEmptyState />;
  }
  const stale = staleRowsOf(page, now);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} className={classes.toolbar}>
        <ComplianceFilters view={view} onViewChange={setView} />
        <div className={classes.export}>
          <ExportCsvButton view={view} />
        </div>
      </Grid>
      {stale && (
        <Grid item xs={12}>
          <StaleDataNotice {...stale} />
        </Grid>
      )}
      <Grid item xs={12} lg={7}>
        <InfoCard title="Criteria">
          {summary.value ? (
            <ComplianceSummaryBars
              counts={summary.value}
              onSelect={criterion => setView({ criterion })}
            />
          ) : (
            <Progress />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={5}>
        <InfoCard
          title="Levels over time"
          action={
            <SelectFilter
              label="Days"
              value={String(view.days)}
              options={[...HISTORY_DAYS]
                .sort((a, b) => a - b)
                .map(days => ({ value: String(days), label: `${days} days` }))}
              onChange={days =>
                setView({ days: Number(days), page: view.page })
              }
            />
          }
        >
          {summary.value ? (
            <ComplianceTrendChart
              history={summary.value.history}
              days={view.days}
            />
          ) : (
            <Progress />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={`Entities (${page.totalItems})`}
          subheader="Each cell opens the entity's Mesh tab at that criterion."
          noPadding
        >
          {rows.loading && <LinearProgress aria-label="Loading rows" />}
          {page.totalItems === 0 ? (
            <div className={classes.noMatch}>
              <Typography variant="body2" paragraph>
                No entity matches these filters.
              </Typography>
              <Button variant="outlined" onClick={() => setView(NO_FILTERS)}>
                Clear filters
              </Button>
            </div>
          ) : (
            <ComplianceMatrix
              page={page}
              view={view}
              onViewChange={setView}
              now={now}
            />
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * The catalog-wide compliance page for the legacy frontend system, with
 * its own header: what the platform and security teams keep open.
 *
 * @internal
 */
export function CompliancePage() {
  return (
    <Page themeId="tool">
      <Header
        title={COMPLIANCE_PAGE_TITLE}
        subtitle="Istio mesh success criteria of every service in the catalog"
      />
      <Content>
        <CompliancePageContent />
      </Content>
    </Page>
  );
}
