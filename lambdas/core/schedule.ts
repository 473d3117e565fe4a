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

/** Start of each step's first day (ms since the epoch), per schedule: computed once, not per call. */
const stepStarts = new WeakMap<readonly LifetimeStep[], number[]>();

/**
 * Maximum lifetime in days for a publicly trusted certificate issued at `issuedAt` (a Date or ms
 * since the epoch: the forecast calls this once per simulated renewal).
 */
export function maxLifetimeDaysAt(
  issuedAt: Date | number,
  schedule: readonly LifetimeStep[] = SC081_SCHEDULE,
): number {
  const at = typeof issuedAt === 'number' ? issuedAt : issuedAt.getTime();
  let starts = stepStarts.get(schedule);
  if (!starts) {
    starts = schedule.map((step) => Date.parse(`${step.from}T00:00:00Z`));
    stepStarts.set(schedule, starts);
  }
  let max = schedule[0].maxDays;
  for (let i = 0; i < schedule.length; i++) {
    if (starts[i] <= at) max = schedule[i].maxDays;
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
