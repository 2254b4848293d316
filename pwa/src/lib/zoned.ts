/**
 * Calendar dates in the tenant's time zone, for the reports' date range: the API takes RFC 3339
 * instants, the screen shows dates. Pure functions on Intl; no date library.
 */
const parts = new Map<string, Intl.DateTimeFormat>();

function fmt(timeZone: string): Intl.DateTimeFormat {
  let f = parts.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    parts.set(timeZone, f);
  }
  return f;
}

function wallClock(t: number, timeZone: string) {
  const p: Record<string, number> = {};
  for (const x of fmt(timeZone).formatToParts(new Date(t))) {
    if (x.type !== 'literal') p[x.type] = Number(x.value);
  }
  return p as {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
  };
}

/** The zone's offset from UTC at instant `t`, in ms (Berlin in summer: +2 h). */
function offsetAt(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** Today's date (YYYY-MM-DD) in the zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
  const w = wallClock(now, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** A YYYY-MM-DD date moved by `days` (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant the date begins in the zone (its first wall-clock moment, DST-safe). */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offsetAt(guess, timeZone);
  // The offset at the result may differ from the guess's (a DST change that night): once more.
  t = guess - offsetAt(t, timeZone);
  return new Date(t);
}

/** The half-open instant range [from, to) that covers the dates `first`…`last` in the zone. */
export function dateRange(
  first: string,
  last: string,
  timeZone: string,
): { from: string; to: string } {
  return {
    from: startOfDay(first, timeZone).toISOString(),
    to: startOfDay(addDays(last, 1), timeZone).toISOString(),
  };
}
