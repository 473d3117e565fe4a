/**
 * Who hears what. Every alert goes to one topic with its severity as a message attribute; each
 * subscription's filter policy picks the severities it wants (see docs/alerts.md for why one topic).
 */
import type { AlertsConfig } from '../config';
import { atOrPast } from '../tiers';
import { ALERT_TIERS, type AlertSettings, type AlertSeverity } from './model';

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  emailMinTier: 'notice',
  smsMinTier: 'critical',
  repeatEveryDays: 1,
  digestWeekday: 1,
  upcomingDays: 60,
};

export function resolveAlertSettings(alerts: AlertsConfig | undefined): AlertSettings {
  return {
    emailMinTier: alerts?.emailMinTier ?? DEFAULT_ALERT_SETTINGS.emailMinTier,
    smsMinTier: alerts?.smsMinTier ?? DEFAULT_ALERT_SETTINGS.smsMinTier,
    repeatEveryDays: alerts?.repeatEveryDays ?? DEFAULT_ALERT_SETTINGS.repeatEveryDays,
    digestWeekday: alerts?.digestWeekday ?? DEFAULT_ALERT_SETTINGS.digestWeekday,
    upcomingDays: DEFAULT_ALERT_SETTINGS.upcomingDays,
  };
}

/**
 * Severities each protocol receives. A broken handshake matters as much as an expired certificate,
 * so probe failures (and their recoveries, so nobody is left paged) reach SMS too. `rotated` and
 * the digest are good news or reading matter: e-mail only. `monitor-failure` normally travels on
 * the ops topic; it is listed for e-mail so a deployment without one still hears it.
 */
function severitiesFor(protocol: 'email' | 'sms', alerts: AlertsConfig | undefined): AlertSeverity[] {
  const settings = resolveAlertSettings(alerts);
  const minTier = protocol === 'email' ? settings.emailMinTier : settings.smsMinTier;
  const tiers: AlertSeverity[] = ALERT_TIERS.filter((tier) => atOrPast(tier, minTier));
  const extra: AlertSeverity[] =
    protocol === 'email'
      ? ['rotated', 'probe-failure', 'probe-recovery', 'monitor-failure', 'digest']
      : ['probe-failure', 'probe-recovery'];
  return [...tiers, ...extra];
}

/** The subscription FilterPolicy (scope MessageAttributes, the default) for one protocol. */
export function subscriptionFilterPolicy(
  protocol: 'email' | 'sms',
  alerts: AlertsConfig | undefined,
): { severity: AlertSeverity[] } {
  return { severity: severitiesFor(protocol, alerts) };
}
