/**
 * Every way an alert leaves Cert Sentinel, as one table. A row says how the channel is reached,
 * the lowest tier it hears by default, what else it hears, and which renderer writes its body.
 * The renderer (`renderAlert`), the severity routing (`channelSeverities`, the filter policies) and
 * the stack all read this table, so a new channel is one row here, one renderer and one
 * subscription in the stack (the recipe is in docs/alerts.md).
 */
import { atOrPast } from '../tiers';
import { renderChat } from './chat';
import {
  ALERT_TIERS,
  type AlertContent,
  type AlertSettings,
  type AlertSeverity,
  type AlertTier,
} from './model';
import { renderWebhook } from './webhook';

export const CHANNEL_IDS = ['email', 'sms', 'chat', 'webhook'] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

export interface Channel {
  id: ChannelId;
  /**
   * `topic-protocol`: a protocol of the one alerts topic; its body travels in the same publish
   * (`MessageStructure: 'json'`, keyed by the SNS protocol name), picked by filter policies.
   * `destination`: a place of its own (a chat topic Amazon Q Developer reads, a webhook URL),
   * given only the severities it hears; the alerts topic's publish stays the record of delivery.
   */
  delivery: 'topic-protocol' | 'destination';
  /** The lowest tier the channel hears when its configuration names none. */
  defaultMinTier: (settings: AlertSettings) => AlertTier;
  /** Severities heard whatever the minimum tier. */
  extraSeverities: readonly AlertSeverity[];
  /** The channel's body for one alert. */
  render: (content: AlertContent) => string;
}

/**
 * A broken handshake matters as much as an expired certificate, so probe failures (and their
 * recoveries, so nobody is left paged) reach every channel. `rotated` and the digest are good news
 * or reading matter: not for phones. `monitor-failure` normally travels on the ops topic; e-mail
 * lists it so a deployment without one still hears it.
 */
export const CHANNELS: Record<ChannelId, Channel> = {
  email: {
    id: 'email',
    delivery: 'topic-protocol',
    defaultMinTier: (s) => s.emailMinTier,
    extraSeverities: ['rotated', 'probe-failure', 'probe-recovery', 'monitor-failure', 'digest'],
    render: (c) => c.email,
  },
  sms: {
    id: 'sms',
    delivery: 'topic-protocol',
    defaultMinTier: (s) => s.smsMinTier,
    extraSeverities: ['probe-failure', 'probe-recovery'],
    render: (c) => c.sms,
  },
  chat: {
    id: 'chat',
    delivery: 'destination',
    defaultMinTier: (s) => s.emailMinTier,
    extraSeverities: ['rotated', 'probe-failure', 'probe-recovery', 'digest'],
    render: renderChat,
  },
  webhook: {
    id: 'webhook',
    delivery: 'destination',
    defaultMinTier: (s) => s.emailMinTier,
    extraSeverities: ['rotated', 'probe-failure', 'probe-recovery', 'digest'],
    render: renderWebhook,
  },
};

/** The severities one channel hears, from `minTier` up plus its extras, in the documented order. */
export function channelSeverities(channel: ChannelId, minTier: AlertTier): AlertSeverity[] {
  const tiers: AlertSeverity[] = ALERT_TIERS.filter((tier) => atOrPast(tier, minTier));
  return [...tiers, ...CHANNELS[channel].extraSeverities];
}

/**
 * What an owner's own e-mail subscription hears: their certificates' tier alerts from `minTier` up,
 * rotations, their probes, and their weekly `owner-digest`; never the team digest or monitor
 * failures, which are about the estate, not about what they own.
 */
export function ownerSeverities(minTier: AlertTier): AlertSeverity[] {
  const tiers: AlertSeverity[] = ALERT_TIERS.filter((tier) => atOrPast(tier, minTier));
  return [...tiers, 'rotated', 'probe-failure', 'probe-recovery', 'owner-digest'];
}
