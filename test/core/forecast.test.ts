import { DEFAULT_RENEW_BEFORE, horizonEnd, renewalTimes, rotationsByYear } from '../../lambdas/core/forecast';
import { SC081_SCHEDULE } from '../../lambdas/core/schedule';

const DAY = 86_400_000;
const options = (now: string, horizon = '2030-12-31') => ({
  now: new Date(now),
  horizon: horizonEnd(horizon),
  schedule: SC081_SCHEDULE,
  renewBefore: DEFAULT_RENEW_BEFORE,
});

describe('rotation forecast', () => {
  it('renews a publicly trusted certificate eight or more times a year in the 47-day era', () => {
    const opts = options('2029-06-01T00:00:00Z');
    const renewals = renewalTimes(
      { notAfter: new Date('2029-06-20T00:00:00Z'), lifetimeDays: 47, publiclyTrusted: true },
      opts,
    );
    const byYear = rotationsByYear(renewals, opts);
    expect(byYear.get(2030)).toBeGreaterThanOrEqual(8);
    // Renewing 1/3 of the lifetime early (15.67 d) makes a cycle of 31.33 days: 11 or 12 a year.
    expect(byYear.get(2030)).toBeGreaterThanOrEqual(11);
    expect(byYear.get(2030)).toBeLessThanOrEqual(12);
  });

  it('shrinks a 398-day certificate to the schedule on each renewal date', () => {
    const opts = options('2026-01-01T00:00:00Z');
    const renewals = renewalTimes(
      { notAfter: new Date('2026-06-01T00:00:00Z'), lifetimeDays: 398, publiclyTrusted: true },
      opts,
    );
    // First renewal 30 days before 2026-06-01 -> issued under the 200-day rule.
    expect(new Date(renewals[0]).toISOString()).toBe('2026-05-02T00:00:00.000Z');
    const gaps = renewals.slice(1).map((r, i) => Math.round((r - renewals[i]) / DAY));
    expect(gaps[0]).toBe(170); // 200-day certificate renewed 30 days early
    expect(gaps).toContain(70); // 100-day era
    expect(gaps[gaps.length - 1]).toBe(31); // 47-day era: 47 - 15.67, rounded
  });

  it('keeps a self-signed certificate on its own lifetime', () => {
    const opts = options('2026-11-23T00:00:00Z');
    const renewals = renewalTimes(
      { notAfter: new Date('2027-06-01T00:00:00Z'), lifetimeDays: 365, publiclyTrusted: false },
      opts,
    );
    const byYear = rotationsByYear(renewals, opts);
    // Every 335 days (365 - 30) from 2027-05-02: 2028-04-01, 2029-03-02, 2030-01-31, 2030-12-31.
    expect([...byYear.values()]).toEqual([0, 1, 1, 1, 2]);
  });

  it('rotates an expired certificate now, and counts zero years explicitly', () => {
    const opts = options('2026-11-23T00:00:00Z', '2027-12-31');
    const renewals = renewalTimes(
      { notAfter: new Date('2026-11-01T00:00:00Z'), lifetimeDays: 200, publiclyTrusted: true },
      opts,
    );
    expect(new Date(renewals[0]).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(rotationsByYear(renewals, opts)).toEqual(
      new Map([
        [2026, 1],
        // 200-day certificate from 2026-11-23, renewed 2027-05-12 into the 100-day era, then
        // every 70 days: 07-21, 09-29, 12-08.
        [2027, 4],
      ]),
    );
  });

  it('stops at the horizon', () => {
    const opts = options('2026-11-23T00:00:00Z', '2026-12-31');
    expect(
      renewalTimes(
        { notAfter: new Date('2027-06-01T00:00:00Z'), lifetimeDays: 365, publiclyTrusted: true },
        opts,
      ),
    ).toEqual([]);
  });

  it('terminates even when told to renew a whole lifetime early', () => {
    const opts = {
      ...options('2026-11-23T00:00:00Z', '2027-12-31'),
      renewBefore: { days: 1000, fractionOfLifetime: 1 },
    };
    const renewals = renewalTimes(
      { notAfter: new Date('2027-01-01T00:00:00Z'), lifetimeDays: 47, publiclyTrusted: true },
      opts,
    );
    expect(renewals.length).toBeGreaterThan(0);
    expect(renewals.length).toBeLessThanOrEqual(405);
  });
});
