import { resolveAlertSettings, subscriptionFilterPolicy } from '../../../lambdas/core/alerts/severity';

describe('subscriptionFilterPolicy', () => {
  it('defaults: e-mail from notice up, SMS only critical and expired; probe failures to both', () => {
    expect(subscriptionFilterPolicy('email', undefined)).toEqual({
      severity: [
        'notice',
        'warning',
        'critical',
        'expired',
        'rotated',
        'probe-failure',
        'probe-recovery',
        'monitor-failure',
        'digest',
      ],
    });
    expect(subscriptionFilterPolicy('sms', undefined)).toEqual({
      severity: ['critical', 'expired', 'probe-failure', 'probe-recovery'],
    });
  });

  it.each([
    {
      protocol: 'email' as const,
      alerts: { emailMinTier: 'warning' as const },
      tiers: ['warning', 'critical', 'expired'],
    },
    { protocol: 'email' as const, alerts: { emailMinTier: 'expired' as const }, tiers: ['expired'] },
    {
      protocol: 'sms' as const,
      alerts: { smsMinTier: 'warning' as const },
      tiers: ['warning', 'critical', 'expired'],
    },
    { protocol: 'sms' as const, alerts: { smsMinTier: 'expired' as const }, tiers: ['expired'] },
  ])('$protocol with $alerts', ({ protocol, alerts, tiers }) => {
    const { severity } = subscriptionFilterPolicy(protocol, alerts);
    expect(severity.filter((s) => ['notice', 'warning', 'critical', 'expired'].includes(s))).toEqual(tiers);
    expect(severity).toContain('probe-failure');
  });

  it('is valid filter-policy JSON: one attribute, a list of strings', () => {
    const policy = JSON.parse(JSON.stringify(subscriptionFilterPolicy('sms', { smsMinTier: 'critical' })));
    expect(Object.keys(policy)).toEqual(['severity']);
    expect(policy.severity.every((s: unknown) => typeof s === 'string')).toBe(true);
  });
});

describe('resolveAlertSettings', () => {
  it('fills in the documented defaults and keeps configured values', () => {
    expect(resolveAlertSettings(undefined)).toEqual({
      emailMinTier: 'notice',
      smsMinTier: 'critical',
      repeatEveryDays: 1,
      digestWeekday: 1,
      upcomingDays: 60,
    });
    expect(resolveAlertSettings({ repeatEveryDays: 2, digestWeekday: 5 })).toMatchObject({
      repeatEveryDays: 2,
      digestWeekday: 5,
    });
  });
});
