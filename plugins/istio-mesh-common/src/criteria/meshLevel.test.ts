import { Criterion, CriterionId, CriterionStatus } from '../types/criteria';
import { meshLevel } from './meshLevel';

const criteria = (
  statuses: Partial<Record<CriterionId, CriterionStatus>>,
): Criterion[] =>
  Object.entries(statuses).map(([id, status]) => ({
    id: id as CriterionId,
    status: status!,
    summary: '',
    evidence: [],
  }));

describe('meshLevel', () => {
  it('is none until the workload is in the mesh on STRICT mTLS', () => {
    expect(
      meshLevel(
        criteria({ 'sidecar-injected': 'pass', 'mtls-strict': 'fail' }),
      ),
    ).toStrictEqual({
      level: 'none',
      next: { level: 'bronze', missing: ['mtls-strict'] },
    });
  });

  it('reaches bronze, and names what silver needs', () => {
    expect(
      meshLevel(
        criteria({
          'sidecar-injected': 'pass',
          'mtls-strict': 'pass',
          'authz-enforced': 'pass',
          'traffic-policy': 'warn',
        }),
      ),
    ).toStrictEqual({
      level: 'bronze',
      next: { level: 'silver', missing: ['traffic-policy'] },
    });
  });

  it('counts criteria that were not evaluated as missing', () => {
    expect(
      meshLevel(
        criteria({
          'sidecar-injected': 'pass',
          'mtls-strict': 'pass',
          'authz-enforced': 'pass',
          'traffic-policy': 'pass',
          tracing: 'unknown',
        }),
      ),
    ).toStrictEqual({
      level: 'silver',
      next: {
        level: 'gold',
        missing: ['service-graph', 'tracing', 'metrics', 'everything-in-git'],
      },
    });
  });

  it('reaches gold when everything passes', () => {
    expect(
      meshLevel(
        criteria({
          'sidecar-injected': 'pass',
          'mtls-strict': 'pass',
          'authz-enforced': 'pass',
          'traffic-policy': 'pass',
          tracing: 'pass',
          metrics: 'pass',
          'service-graph': 'pass',
          'everything-in-git': 'pass',
        }),
      ),
    ).toStrictEqual({ level: 'gold' });
  });
});
