/** One stored history row of one day, as the database returns it. */
export interface HistoryDayRow {
  entity_ref: string;
  level: string;
  /** criterion id -> status, JSON, as stored. */
  criteria: string;
}

/** How many entities had one level and one set of criteria on a day. */
export interface CountedHistoryRow {
  day: string;
  level: string;
  /** The criteria as stored: criterion id -> status, JSON. */
  criteria: string;
  count: number;
}

/**
 * The compliance history, one column per day, loaded from the database a
 * day at a time and kept: each entity has a position, each distinct verdict
 * (level and criteria) an id, and a day's column holds the verdict id + 1
 * of the entity at each position (0 where it has no row that day).
 *
 * A summary then counts the matching entities' verdicts of each day in
 * memory, whatever the number of entities, instead of asking the database
 * for every entity in chunks; a day's column is read once per process and
 * again only after a write may have changed it (`changed`). At 40,000
 * entities a column is 160 kB.
 */
export class HistoryColumns {
  private readonly positions = new Map<string, number>();
  private readonly verdicts: Array<{ level: string; criteria: string }> = [];
  private readonly verdictIds = new Map<string, number>();
  private readonly columns = new Map<string, Promise<Uint32Array>>();

  constructor(
    /** The stored rows of one day. */
    private readonly loadDay: (day: string) => Promise<HistoryDayRow[]>,
  ) {}

  /** Forgets the columns of `fromDay` and later: a write may have changed them. */
  changed(fromDay: string) {
    for (const day of this.columns.keys()) {
      if (day >= fromDay) this.columns.delete(day);
    }
  }

  /** Forgets the columns before `firstDay`: their rows were pruned. */
  prunedBefore(firstDay: string) {
    for (const day of this.columns.keys()) {
      if (day < firstDay) this.columns.delete(day);
    }
  }

  /** The verdicts of these entities on these days, counted. */
  async count(
    entityRefs: Iterable<string>,
    days: string[],
  ): Promise<CountedHistoryRow[]> {
    const columns = await Promise.all(days.map(day => this.column(day)));
    // Positions and verdicts are read after every column has loaded, so
    // they cover what the columns hold.
    const positions: number[] = [];
    for (const ref of new Set(entityRefs)) {
      const position = this.positions.get(ref);
      if (position !== undefined) positions.push(position);
    }
    const counts = new Uint32Array(this.verdicts.length);
    const rows: CountedHistoryRow[] = [];
    days.forEach((day, index) => {
      const column = columns[index];
      counts.fill(0);
      for (const position of positions) {
        // A position past the column's end is an entity first seen after
        // the column loaded: it had no row that day.
        const verdict = column[position];
        if (verdict) counts[verdict - 1] += 1;
      }
      counts.forEach((count, id) => {
        if (count > 0) rows.push({ day, ...this.verdicts[id], count });
      });
    });
    return rows;
  }

  private column(day: string): Promise<Uint32Array> {
    let column = this.columns.get(day);
    if (!column) {
      const loading = this.load(day);
      column = loading;
      this.columns.set(day, loading);
      // A failed read is not kept: the next summary reads the day again.
      loading.catch(() => {
        if (this.columns.get(day) === loading) this.columns.delete(day);
      });
    }
    return column;
  }

  private async load(day: string): Promise<Uint32Array> {
    const rows = await this.loadDay(day);
    const ids = rows.map(row => [
      this.positionOf(row.entity_ref),
      this.verdictOf(row.level, row.criteria),
    ]);
    const column = new Uint32Array(this.positions.size);
    for (const [position, verdict] of ids) column[position] = verdict + 1;
    return column;
  }

  private positionOf(entityRef: string): number {
    let position = this.positions.get(entityRef);
    if (position === undefined) {
      position = this.positions.size;
      this.positions.set(entityRef, position);
    }
    return position;
  }

  private verdictOf(level: string, criteria: string): number {
    const key = `${level}\n${criteria}`;
    let id = this.verdictIds.get(key);
    if (id === undefined) {
      id = this.verdicts.length;
      this.verdicts.push({ level, criteria });
      this.verdictIds.set(key, id);
    }
    return id;
  }
}
