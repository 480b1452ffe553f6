import {
  CompliancePage,
  ComplianceSummary,
} from '@istio-mesh/plugin-istio-mesh-common';

/** One failing and one bronze row, refreshed a minute ago. */
export function complianceFixture(): {
  page: CompliancePage;
  summary: ComplianceSummary;
} {
  const updatedAt = new Date(Date.now() - 60_000).toISOString();
  return {
    page: {
      items: [
        {
          entityRef: 'component:default/frontend',
          owner: 'group:default/boutique-team',
          system: 'system:default/online-boutique',
          level: 'bronze',
          criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'pass' },
          updatedAt,
        },
        {
          entityRef: 'component:default/paymentservice',
          owner: 'group:default/boutique-team',
          system: 'system:default/online-boutique',
          level: 'none',
          criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'fail' },
          updatedAt,
        },
      ],
      totalItems: 2,
      offset: 0,
      limit: 50,
      staleAfterSeconds: 600,
    },
    summary: {
      entities: 2,
      levels: { none: 1, bronze: 1, silver: 0, gold: 0 },
      criteria: {
        'mtls-strict': { pass: 1, fail: 1, warn: 0, unknown: 0 },
      },
      history: [],
    },
  };
}
