import { HistoryColumns, HistoryDayRow } from './HistoryColumns';

const gold = JSON.stringify({ 'mtls-strict': 'pass' });
const none = JSON.stringify({ 'mtls-strict': 'fail' });

describe('HistoryColumns', () => {
  function columnsOf(stored: Record<string, HistoryDayRow[]>) {
    const reads: string[] = [];
    const columns = new HistoryColumns(async day => {
      reads.push(day);
      return stored[day] ?? [];
    });
    return { columns, reads };
  }

  it('counts each day the verdicts of the asked entities only', async () => {
    const { columns } = columnsOf({
      '2026-12-01': [
        { entity_ref: 'component:default/a', level: 'gold', criteria: gold },
        { entity_ref: 'component:default/b', level: 'gold', criteria: gold },
        { entity_ref: 'component:default/c', level: 'none', criteria: none },
      ],
      '2026-12-02': [
        { entity_ref: 'component:default/a', level: 'none', criteria: none },
      ],
    });

    expect(
      await columns.count(
        ['component:default/a', 'component:default/b', 'component:default/b'],
        ['2026-12-01', '2026-12-02', '2026-12-03'],
      ),
    ).toEqual([
      { day: '2026-12-01', level: 'gold', criteria: gold, count: 2 },
      { day: '2026-12-02', level: 'none', criteria: none, count: 1 },
    ]);
  });

  it('reads a day once, and again after a write changed it', async () => {
    const stored: Record<string, HistoryDayRow[]> = {
      '2026-12-01': [
        { entity_ref: 'component:default/a', level: 'gold', criteria: gold },
      ],
    };
    const { columns, reads } = columnsOf(stored);
    const days = ['2026-12-01'];
    await columns.count(['component:default/a'], days);
    await columns.count(['component:default/a'], days);
    expect(reads).toEqual(['2026-12-01']);

    // An entity first written after the day was read has no row in it
    // until the day is read again.
    stored['2026-12-01'].push({
      entity_ref: 'component:default/new',
      level: 'none',
      criteria: none,
    });
    expect(await columns.count(['component:default/new'], days)).toEqual([]);
    columns.changed('2026-12-01');
    expect(await columns.count(['component:default/new'], days)).toEqual([
      { day: '2026-12-01', level: 'none', criteria: none, count: 1 },
    ]);
    expect(reads).toEqual(['2026-12-01', '2026-12-01']);
  });

  it('reads a day again after a failed read', async () => {
    let fail = true;
    const columns = new HistoryColumns(async () => {
      if (fail) throw new Error('connection reset');
      return [
        { entity_ref: 'component:default/a', level: 'gold', criteria: gold },
      ];
    });
    await expect(
      columns.count(['component:default/a'], ['2026-12-01']),
    ).rejects.toThrow('connection reset');
    fail = false;
    expect(
      await columns.count(['component:default/a'], ['2026-12-01']),
    ).toHaveLength(1);
  });
});
