/** A day's length in milliseconds. */
export const DAY_MS = 86_400_000;

/** The UTC day (YYYY-MM-DD) of a time: how history rows name their day. */
export function dayOf(time: Date | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The days from `first` to `last` (YYYY-MM-DD, UTC), both included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (
    let time = Date.parse(`${first}T00:00:00Z`);
    time <= end;
    time += DAY_MS
  ) {
    days.push(dayOf(time));
  }
  return days;
}
