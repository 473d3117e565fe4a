/**
 * Expiry tiers. Thresholds are lifetime-aware by default: a fixed 60/30/7-day policy would keep a
 * 47-day certificate in "warning" for its whole life, so each threshold is the smaller of an
 * absolute number of days and a fraction of the certificate's own lifetime.
 */
import type { ThresholdSpec, Tier, TierThresholds } from './model';
import { DAY_MS } from './schedule';

export const DEFAULT_THRESHOLDS: TierThresholds = {
  notice: { days: 60, fractionOfLifetime: 1 / 3 },
  warning: { days: 30, fractionOfLifetime: 1 / 6 },
  critical: { days: 7, fractionOfLifetime: 1 / 15 },
};

/** Threshold in milliseconds before notAfter. */
export function thresholdMs(spec: ThresholdSpec, lifetimeDays: number): number {
  const absolute = spec.days * DAY_MS;
  if (spec.fractionOfLifetime === null) return absolute;
  return Math.min(absolute, spec.fractionOfLifetime * lifetimeDays * DAY_MS);
}

export function mergeThresholds(
  base: TierThresholds,
  ...overrides: Array<Partial<TierThresholds> | undefined>
): TierThresholds {
  return Object.assign({}, base, ...overrides.map((o) => stripUndefined(o ?? {})));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The tier of a certificate at `now`. notAfter is inclusive (RFC 5280), so a certificate is
 * expired only once `now` is past it.
 */
export function tierAt(now: Date, notAfter: Date, lifetimeDays: number, thresholds: TierThresholds): Tier {
  const remaining = notAfter.getTime() - now.getTime();
  if (remaining < 0) return 'expired';
  if (remaining <= thresholdMs(thresholds.critical, lifetimeDays)) return 'critical';
  if (remaining <= thresholdMs(thresholds.warning, lifetimeDays)) return 'warning';
  if (remaining <= thresholdMs(thresholds.notice, lifetimeDays)) return 'notice';
  return 'ok';
}

/** Whole days left, rounded down: 0 on the last day, negative once expired. */
export function daysRemaining(now: Date, notAfter: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

const ORDER: Record<Tier, number> = { ok: 0, notice: 1, warning: 2, critical: 3, expired: 4 };

/** True when `tier` is `threshold` or worse. */
export function atOrPast(tier: Tier, threshold: Tier): boolean {
  return ORDER[tier] >= ORDER[threshold];
}

export function tierRank(tier: Tier): number {
  return ORDER[tier];
}
