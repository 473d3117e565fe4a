/**
 * The maximum certificate lifetime schedule of CA/Browser Forum ballot SC-081 (Baseline
 * Requirements 6.3.2), as data so that a configuration can replace it.
 */

export interface LifetimeStep {
  /** First day (UTC, YYYY-MM-DD) on which certificates issued are bound by `maxDays`. */
  from: string;
  maxDays: number;
}

export const SC081_SCHEDULE: readonly LifetimeStep[] = [
  { from: '1970-01-01', maxDays: 398 },
  { from: '2026-03-15', maxDays: 200 },
  { from: '2027-03-15', maxDays: 100 },
  { from: '2029-03-15', maxDays: 47 },
];

export const DAY_MS = 86_400_000;

/** Maximum lifetime in days for a publicly trusted certificate issued at `issuedAt`. */
export function maxLifetimeDaysAt(
  issuedAt: Date,
  schedule: readonly LifetimeStep[] = SC081_SCHEDULE,
): number {
  const day = issuedAt.toISOString().slice(0, 10);
  let max = schedule[0].maxDays;
  for (const step of schedule) {
    if (step.from <= day) max = step.maxDays;
  }
  return max;
}

/**
 * A certificate's lifetime in days as the Baseline Requirements count it: the validity period runs
 * from notBefore through notAfter inclusive (hence + 1 s), a day is 86,400 s and any fraction of a
 * day counts as a whole day.
 */
export function lifetimeDays(notBefore: Date, notAfter: Date): number {
  const ms = notAfter.getTime() - notBefore.getTime() + 1000;
  return Math.max(1, Math.ceil(ms / DAY_MS));
}

/** Sorted copy, so that configuration order does not matter. */
export function normaliseSchedule(schedule: readonly LifetimeStep[]): LifetimeStep[] {
  return [...schedule].sort((a, b) => a.from.localeCompare(b.from));
}
