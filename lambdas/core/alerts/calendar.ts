/**
 * Calendar arithmetic in UTC. Repeats count calendar days, not 24-hour periods, so a scan that
 * runs at 06:00 one day and 05:30 the next still repeats, and two scans on one day never do.
 */
const DAY_MS = 86_400_000;

function utcDayNumber(instant: Date | string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Math.floor(ms / DAY_MS);
}

/** Calendar days from `earlier` to `later`; Infinity when there was no earlier instant. */
export function calendarDaysBetween(earlier: string | null, later: Date): number {
  if (earlier === null) return Number.POSITIVE_INFINITY;
  return utcDayNumber(later) - utcDayNumber(earlier);
}

/** 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: Date): number {
  return date.getUTCDay() === 0 ? 7 : date.getUTCDay();
}

/** ISO 8601 week, e.g. `2026-W48`: the week belongs to the year of its Thursday. */
export function isoWeek(date: Date): string {
  const day = utcDayNumber(date);
  const thursday = new Date((day + 4 - isoWeekday(date)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** `2026-11-28 00:00 UTC`, or the date alone when only a date is known. */
export function formatUtc(iso: string, precision: 'second' | 'day' = 'second'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = date.toISOString().slice(0, 10);
  return precision === 'day' ? day : `${day} ${date.toISOString().slice(11, 16)} UTC`;
}
