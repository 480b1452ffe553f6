import { dayOf, daysBetween } from './days';

describe('days', () => {
  it('lists the calendar days between two days', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('names the UTC day of a time', () => {
    expect(dayOf(new Date('2026-12-03T23:59:59.999Z'))).toBe('2026-12-03');
    expect(dayOf(Date.parse('2026-12-04T00:00:00Z'))).toBe('2026-12-04');
  });
});
