import { Criterion } from '../types/criteria';
import { withIstioDashboards } from './istioDashboards';

const metrics: Criterion = {
  id: 'metrics',
  status: 'pass',
  summary: 'Istio metrics for 2 edges in the last 5m (prometheus:homelab)',
  evidence: [],
};

describe('withIstioDashboards', () => {
  it("keeps metrics passing when Grafana has Istio's dashboards, naming them", () => {
    expect(
      withIstioDashboards(metrics, {
        source: 'grafana:links',
        found: { workload: 'UbsSZTDik', service: 'LJ_uJAvmk' },
      }),
    ).toStrictEqual({
      ...metrics,
      evidence: [
        {
          kind: 'GrafanaDashboard',
          namespace: '',
          name: 'Istio Workload Dashboard',
          message: 'in Grafana as uid UbsSZTDik (grafana:links)',
        },
        {
          kind: 'GrafanaDashboard',
          namespace: '',
          name: 'Istio Service Dashboard',
          message: 'in Grafana as uid LJ_uJAvmk (grafana:links)',
        },
      ],
    });
  });

  it('warns when a dashboard is missing, and leaves a warning or unknown as it is', () => {
    const checked = withIstioDashboards(metrics, {
      source: 'grafana:links',
      found: { service: 'LJ_uJAvmk' },
    });
    expect(checked.status).toBe('warn');
    expect(checked.summary).toBe(
      'Istio metrics for 2 edges in the last 5m (prometheus:homelab), but Grafana lacks Istio Workload Dashboard',
    );
    expect(
      withIstioDashboards(
        { ...metrics, status: 'warn' },
        { source: 'grafana:links', found: {} },
      ).status,
    ).toBe('warn');
  });
});
