import {
  complianceCounts,
  criterionStatusRank,
  levelRank,
} from './complianceCounts';

describe('complianceCounts', () => {
  it('counts a row with a count as that many entities', () => {
    const counts = complianceCounts([
      { level: 'bronze', criteria: { 'mtls-strict': 'pass' }, count: 4000 },
      { level: 'none', criteria: { 'mtls-strict': 'fail' }, count: 1000 },
    ]);
    expect(counts.entities).toBe(5000);
    expect(counts.levels).toEqual({
      none: 1000,
      bronze: 4000,
      silver: 0,
      gold: 0,
    });
    expect(counts.criteria['mtls-strict']).toEqual({
      pass: 4000,
      fail: 1000,
      warn: 0,
      unknown: 0,
    });
    expect(counts.criteria.tracing).toMatchObject({ unknown: 5000 });
  });

  it('counts entities per level and criterion status', () => {
    const counts = complianceCounts([
      {
        level: 'bronze',
        criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'pass' },
      },
      {
        level: 'none',
        criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'fail' },
      },
      { level: 'none', criteria: { 'sidecar-injected': 'fail' } },
    ]);
    expect(counts.entities).toBe(3);
    expect(counts.levels).toEqual({ none: 2, bronze: 1, silver: 0, gold: 0 });
    expect(counts.criteria['sidecar-injected']).toEqual({
      pass: 2,
      fail: 1,
      warn: 0,
      unknown: 0,
    });
    // No verdict is counted as unknown, so every row is counted once.
    expect(counts.criteria['mtls-strict']).toEqual({
      pass: 1,
      fail: 1,
      warn: 0,
      unknown: 1,
    });
    expect(counts.criteria.tracing).toEqual({
      pass: 0,
      fail: 0,
      warn: 0,
      unknown: 3,
    });
  });

  it('ranks levels from none to gold', () => {
    expect(
      ['gold', 'none', 'silver', 'bronze'].sort(
        (a, b) => levelRank(a) - levelRank(b),
      ),
    ).toEqual(['none', 'bronze', 'silver', 'gold']);
  });

  it('ranks statuses worst first, a missing one as unknown', () => {
    expect(
      ['pass', 'unknown', 'warn', 'fail'].sort(
        (a, b) => criterionStatusRank(a) - criterionStatusRank(b),
      ),
    ).toEqual(['fail', 'warn', 'unknown', 'pass']);
    expect(criterionStatusRank(undefined)).toBe(criterionStatusRank('unknown'));
    expect(criterionStatusRank('bogus')).toBe(criterionStatusRank('unknown'));
  });
});
