import { CHANNEL_IDS, CHANNELS } from '../../../lambdas/core/alerts/channels';
import {
  ownerFilterPolicy,
  resolveAlertSettings,
  severitiesFor,
  subscriptionFilterPolicy,
} from '../../../lambdas/core/alerts/severity';

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
      ownerMinTier: 'notice',
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

describe('the channel table', () => {
  it('every channel hears probe failures and recoveries; only e-mail hears monitor failures', () => {
    for (const id of CHANNEL_IDS) {
      expect(severitiesFor(id, undefined)).toEqual(
        expect.arrayContaining(['probe-failure', 'probe-recovery']),
      );
      expect(severitiesFor(id, undefined).includes('monitor-failure')).toBe(id === 'email');
      // Owner digests belong to owner subscriptions only, never to a team channel.
      expect(severitiesFor(id, undefined)).not.toContain('owner-digest');
    }
  });

  it("a destination's own minTier wins over the channel default", () => {
    expect(severitiesFor('chat', undefined, 'critical')).toEqual([
      'critical',
      'expired',
      ...CHANNELS.chat.extraSeverities,
    ]);
    expect(severitiesFor('webhook', { emailMinTier: 'warning' })[0]).toBe('warning');
  });
});

describe('ownerFilterPolicy', () => {
  it("matches the owner's address in the owners attribute, at the owner tier, with their digest", () => {
    expect(ownerFilterPolicy('pki@partner.example', { ownerMinTier: 'warning' })).toEqual({
      severity: [
        'warning',
        'critical',
        'expired',
        'rotated',
        'probe-failure',
        'probe-recovery',
        'owner-digest',
      ],
      owners: ['pki@partner.example'],
    });
  });

  it('defaults the owner tier to the e-mail tier', () => {
    expect(ownerFilterPolicy('a@b.example', { emailMinTier: 'critical' }).severity.slice(0, 2)).toEqual([
      'critical',
      'expired',
    ]);
  });
});
