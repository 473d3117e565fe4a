import { lifetimeDays, maxLifetimeDaysAt, SC081_SCHEDULE } from '../../lambdas/core/schedule';

const at = (iso: string) => new Date(iso);

describe('SC-081 lifetime schedule', () => {
  it.each([
    ['2026-03-14T23:59:59Z', 398],
    ['2026-03-15T00:00:00Z', 200],
    ['2027-03-14T23:59:59Z', 200],
    ['2027-03-15T00:00:00Z', 100],
    ['2029-03-14T23:59:59Z', 100],
    ['2029-03-15T00:00:00Z', 47],
    ['2035-01-01T00:00:00Z', 47],
    ['2020-01-01T00:00:00Z', 398],
  ])('a certificate issued at %s may live %i days', (issued, days) => {
    expect(maxLifetimeDaysAt(at(issued))).toBe(days);
  });

  it('honours a replacement schedule given out of order', () => {
    const custom = [
      { from: '2028-01-01', maxDays: 90 },
      { from: '1970-01-01', maxDays: 365 },
    ];
    expect(maxLifetimeDaysAt(at('2027-12-31T12:00:00Z'), [...custom].reverse())).toBe(365);
    expect(maxLifetimeDaysAt(at('2028-01-01T00:00:00Z'), [...custom].reverse())).toBe(90);
  });

  it('is the ballot as data', () => {
    expect(SC081_SCHEDULE.map((s) => s.maxDays)).toEqual([398, 200, 100, 47]);
  });
});

describe('lifetimeDays counts as the Baseline Requirements do', () => {
  it('counts notBefore through notAfter inclusive: 47 days minus one second is 47 days', () => {
    const nb = at('2029-04-01T00:00:00Z');
    expect(lifetimeDays(nb, new Date(nb.getTime() + 47 * 86_400_000 - 1000))).toBe(47);
  });

  it('counts any fraction of a day as a whole day', () => {
    const nb = at('2029-04-01T00:00:00Z');
    expect(lifetimeDays(nb, new Date(nb.getTime() + 47 * 86_400_000))).toBe(48);
  });

  it('handles leap years: 2028-02-29 exists', () => {
    expect(lifetimeDays(at('2028-02-28T00:00:00Z'), at('2028-03-01T23:59:59Z'))).toBe(3);
    expect(lifetimeDays(at('2027-02-28T00:00:00Z'), at('2027-03-01T23:59:59Z'))).toBe(2);
  });
});
