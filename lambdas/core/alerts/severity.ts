/**
 * Who hears what. Every alert goes to one topic with its severity (and, when it concerns owners,
 * their addresses) as message attributes; each subscription's filter policy picks what it wants
 * (see docs/alerts.md for why one topic). The severities come from the channel table (./channels).
 */
import type { AlertsConfig } from '../config';
import { CHANNELS, type ChannelId, channelSeverities, ownerSeverities } from './channels';
import type { AlertSettings, AlertSeverity, AlertTier } from './model';

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  emailMinTier: 'notice',
  smsMinTier: 'critical',
  ownerMinTier: 'notice',
  repeatEveryDays: 1,
  digestWeekday: 1,
  upcomingDays: 60,
};

export function resolveAlertSettings(alerts: AlertsConfig | undefined): AlertSettings {
  const emailMinTier = alerts?.emailMinTier ?? DEFAULT_ALERT_SETTINGS.emailMinTier;
  return {
    emailMinTier,
    smsMinTier: alerts?.smsMinTier ?? DEFAULT_ALERT_SETTINGS.smsMinTier,
    ownerMinTier: alerts?.ownerMinTier ?? emailMinTier,
    repeatEveryDays: alerts?.repeatEveryDays ?? DEFAULT_ALERT_SETTINGS.repeatEveryDays,
    digestWeekday: alerts?.digestWeekday ?? DEFAULT_ALERT_SETTINGS.digestWeekday,
    upcomingDays: DEFAULT_ALERT_SETTINGS.upcomingDays,
  };
}

/** The lowest tier a channel hears: the destination's own `minTier`, else the channel's default. */
export function channelMinTier(
  channel: ChannelId,
  alerts: AlertsConfig | undefined,
  minTier?: AlertTier,
): AlertTier {
  return minTier ?? CHANNELS[channel].defaultMinTier(resolveAlertSettings(alerts));
}

/** The severities one channel (or one destination of it with its own `minTier`) hears. */
export function severitiesFor(
  channel: ChannelId,
  alerts: AlertsConfig | undefined,
  minTier?: AlertTier,
): AlertSeverity[] {
  return channelSeverities(channel, channelMinTier(channel, alerts, minTier));
}

/** The FilterPolicy (scope MessageAttributes, the default) of a team subscription: everything at its tier. */
export function subscriptionFilterPolicy(
  protocol: Extract<ChannelId, 'email' | 'sms'>,
  alerts: AlertsConfig | undefined,
): { severity: AlertSeverity[] } {
  return { severity: severitiesFor(protocol, alerts) };
}

/**
 * The FilterPolicy of one owner's e-mail subscription: only messages whose `owners` attribute
 * (String.Array: a policy value matches when any element equals it) names this address.
 */
export function ownerFilterPolicy(
  address: string,
  alerts: AlertsConfig | undefined,
): { severity: AlertSeverity[]; owners: string[] } {
  return { severity: ownerSeverities(resolveAlertSettings(alerts).ownerMinTier), owners: [address] };
}
