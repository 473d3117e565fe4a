/**
 * Rotation forecast: simulate each certificate's renewals from now to the horizon. A renewal
 * happens at the renew-before point; a publicly trusted certificate's next lifetime is the smaller
 * of its current lifetime and the SC-081 maximum on the renewal date; other certificates keep
 * their own lifetime.
 */
import type { ThresholdSpec } from './model';
import { DAY_MS, type LifetimeStep, maxLifetimeDaysAt } from './schedule';
import { thresholdMs } from './tiers';

export const DEFAULT_RENEW_BEFORE: ThresholdSpec = { days: 30, fractionOfLifetime: 1 / 3 };
export const DEFAULT_HORIZON = '2030-12-31';

export interface ForecastInput {
  notAfter: Date;
  lifetimeDays: number;
  publiclyTrusted: boolean;
}

export interface ForecastOptions {
  now: Date;
  /** Last instant counted (inclusive). */
  horizon: Date;
  schedule: readonly LifetimeStep[];
  renewBefore: ThresholdSpec;
}

/**
 * Instants (ms since the epoch) at which the certificate will be rotated, in order. Numbers, not
 * Dates: a scan simulates tens of renewals for each of thousands of certificates.
 */
export function renewalTimes(input: ForecastInput, options: ForecastOptions): number[] {
  const renewals: number[] = [];
  let lifetime = input.lifetimeDays;
  let notAfter = input.notAfter.getTime();
  const horizon = options.horizon.getTime();
  // A renewal always moves time forward by at least a day, so this bound is never reached by
  // sane input; it protects against a configuration that renews "before" the whole lifetime.
  for (let guard = 0; guard < 100_000; guard++) {
    const renewAt = Math.max(notAfter - thresholdMs(options.renewBefore, lifetime), options.now.getTime());
    if (renewAt > horizon) break;
    renewals.push(renewAt);
    if (input.publiclyTrusted) lifetime = Math.min(lifetime, maxLifetimeDaysAt(renewAt, options.schedule));
    const next = renewAt + lifetime * DAY_MS - 1000;
    notAfter = Math.max(next, renewAt + DAY_MS + thresholdMs(options.renewBefore, lifetime));
  }
  return renewals;
}

/** Rotations per calendar year (UTC) for every year from `now` to the horizon, zeros included. */
export function rotationsByYear(
  renewals: readonly number[],
  options: Pick<ForecastOptions, 'now' | 'horizon'>,
): Map<number, number> {
  const first = options.now.getUTCFullYear();
  const last = options.horizon.getUTCFullYear();
  const counts = new Map<number, number>();
  for (let y = first; y <= last; y++) counts.set(y, 0);
  // Renewals fall between now and the horizon: find each one's year by the years' starts.
  const starts: number[] = [];
  for (let y = first; y <= last + 1; y++) starts.push(Date.UTC(y, 0, 1));
  for (const r of renewals) {
    let i = starts.length - 2;
    while (i > 0 && r < starts[i]) i--;
    const y = r < starts[0] || r >= starts[starts.length - 1] ? new Date(r).getUTCFullYear() : first + i;
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  return counts;
}

/** The horizon date string (YYYY-MM-DD) as the last instant of that UTC day. */
export function horizonEnd(horizon: string): Date {
  return new Date(`${horizon}T23:59:59.999Z`);
}
