import {
  atOrPast,
  DEFAULT_THRESHOLDS,
  daysRemaining,
  mergeThresholds,
  tierAt,
} from '../../lambdas/core/tiers';

const DAY = 86_400_000;
const now = new Date('2026-11-23T12:00:00Z');
const expiresIn = (days: number) => new Date(now.getTime() + days * DAY);

describe('lifetime-aware tiers', () => {
  // A 398-day certificate: absolute thresholds win (60/30/7 days).
  it.each([
    [61, 'ok'],
    [60, 'notice'],
    [31, 'notice'],
    [30, 'warning'],
    [8, 'warning'],
    [7, 'critical'],
    [0, 'critical'],
    [-1 / 86_400, 'expired'],
    [-10, 'expired'],
  ])('398-day certificate with %d days left is %s', (days, tier) => {
    expect(tierAt(now, expiresIn(days), 398, DEFAULT_THRESHOLDS)).toBe(tier);
  });

  // A 47-day certificate: fractions win (1/3 = 15.67 d, 1/6 = 7.83 d, 1/15 = 3.13 d).
  it.each([
    [16, 'ok'],
    [15.6, 'notice'],
    [7.9, 'notice'],
    [7.8, 'warning'],
    [3.2, 'warning'],
    [3.1, 'critical'],
  ])('47-day certificate with %d days left is %s', (days, tier) => {
    expect(tierAt(now, expiresIn(days), 47, DEFAULT_THRESHOLDS)).toBe(tier);
  });

  it('is still valid at the exact notAfter instant (RFC 5280: inclusive)', () => {
    expect(tierAt(now, now, 100, DEFAULT_THRESHOLDS)).toBe('critical');
  });

  it('uses absolute days only when the fraction is switched off', () => {
    const fixed = mergeThresholds(DEFAULT_THRESHOLDS, { notice: { days: 60, fractionOfLifetime: null } });
    expect(tierAt(now, expiresIn(40), 47, fixed)).toBe('notice');
    expect(tierAt(now, expiresIn(40), 47, DEFAULT_THRESHOLDS)).toBe('ok');
  });

  it('merges per-certificate thresholds over the policy, ignoring undefined', () => {
    const merged = mergeThresholds(DEFAULT_THRESHOLDS, {
      critical: { days: 14, fractionOfLifetime: null },
      warning: undefined,
    });
    expect(merged.critical).toEqual({ days: 14, fractionOfLifetime: null });
    expect(merged.warning).toEqual(DEFAULT_THRESHOLDS.warning);
  });

  it('counts whole days down, negative once expired', () => {
    expect(daysRemaining(now, expiresIn(5.9))).toBe(5);
    expect(daysRemaining(now, expiresIn(-0.1))).toBe(-1);
  });

  it('orders tiers for --fail-on', () => {
    expect(atOrPast('critical', 'warning')).toBe(true);
    expect(atOrPast('notice', 'warning')).toBe(false);
    expect(atOrPast('expired', 'expired')).toBe(true);
  });
});
