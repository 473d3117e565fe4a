/**
 * What the alerting engine plans, remembers and sends. The state entries are plain JSON so any
 * store (DynamoDB, memory, a file) can keep them without knowing what they mean.
 */
import type { ProbeOutcome, ProbeResult, SourceState, SourceStatus, Tier } from '../model';
import type { ForecastSummary, ReportCertificate } from '../report/model';
import type { ChannelId } from './channels';

/** The tiers that alert; `ok` never does. */
export const ALERT_TIERS = ['notice', 'warning', 'critical', 'expired'] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

/**
 * The value of the `severity` message attribute that subscriptions filter on. `digest` is the
 * weekly summary for the team, `owner-digest` the weekly summary of one owner's certificates;
 * `monitor-failure` normally goes to the ops topic, not the alerts topic.
 */
export const ALERT_SEVERITIES = [
  ...ALERT_TIERS,
  'rotated',
  'probe-failure',
  'probe-recovery',
  'monitor-failure',
  'digest',
  'owner-digest',
] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** config.alerts with every default filled in. */
export interface AlertSettings {
  emailMinTier: AlertTier;
  smsMinTier: AlertTier;
  /** Lowest tier that reaches an owner's own subscription (default: emailMinTier). */
  ownerMinTier: AlertTier;
  /** Calendar days (UTC) between repeats of a critical or expired certificate, a failing probe or source. */
  repeatEveryDays: number;
  /** 0 = Sunday ... 6 = Saturday. */
  digestWeekday: number;
  /** The digest lists anything expiring within this many days, whatever its tier. */
  upcomingDays: number;
}

export interface TierAlert {
  type: 'tier';
  severity: AlertTier;
  /** The state entry this alert belongs to (restored when publishing it fails). */
  key: string;
  certificate: ReportCertificate;
  /** The tier alerted before this one, null when this is the first alert of this certificate's life. */
  previousTier: Tier | null;
  /** True for the daily reminder of a certificate that stays critical or expired. */
  repeat: boolean;
}

export interface RotatedAlert {
  type: 'rotated';
  severity: 'rotated';
  key: string;
  certificate: ReportCertificate;
  previous: { fingerprintSha256: string | null; notAfter: string; tier: Tier };
}

export interface ProbeAlert {
  type: 'probe';
  severity: 'probe-failure' | 'probe-recovery';
  key: string;
  probe: ProbeResult;
  previousOutcome: ProbeOutcome | null;
  repeat: boolean;
}

export interface MonitorAlert {
  type: 'monitor';
  severity: 'monitor-failure';
  key: string;
  source: SourceStatus;
  repeat: boolean;
}

export interface DigestAlert {
  type: 'digest';
  /** `owner-digest` when `owner` is set: only that owner's certificates and probes. */
  severity: 'digest' | 'owner-digest';
  key: string;
  /** The owner address this digest is for; absent for the team digest. */
  owner?: string;
  /** ISO week, e.g. `2026-W48`. */
  week: string;
  now: string;
  /** Everything not ok or expiring within `upcomingDays`, soonest first. */
  upcoming: ReportCertificate[];
  /** Client certificates whose forecast renewal loses clientAuth, soonest first, whatever their tier. */
  migrations: ReportCertificate[];
  forecast: ForecastSummary['byYear'];
  failingProbes: ProbeResult[];
  failedSources: SourceStatus[];
  /** Snoozes in force or ended early this week: who, why, until when (never hides a certificate). */
  snoozes: SnoozeView[];
  /** Team digest only: each owner address and the names of the upcoming certificates that are theirs. */
  byOwner: Array<{ owner: string; certificates: string[] }>;
}

export type Alert = TierAlert | RotatedAlert | ProbeAlert | MonitorAlert | DigestAlert;

export interface CertificateAlertState {
  type: 'certificate';
  key: string;
  certificateId: string;
  source: string;
  /** The tier seen by the last scan. */
  tier: Tier;
  fingerprint: string | null;
  notAfter: string;
  /** The highest tier alerted for this certificate (this fingerprint); null when none yet. */
  lastTierAlerted: Tier | null;
  lastAlertAt: string | null;
}

export interface ProbeAlertState {
  type: 'probe';
  key: string;
  target: string;
  outcome: ProbeOutcome;
  lastAlertAt: string | null;
}

/** Kept only while a source is failed or partial. */
export interface SourceAlertState {
  type: 'source';
  key: string;
  source: string;
  status: SourceState;
  lastAlertAt: string | null;
}

export interface DigestAlertState {
  type: 'digest';
  key: string;
  /** ISO week of the last digest sent. */
  week: string;
  lastAlertAt: string;
}

/**
 * A snooze: the repeats of one certificate are silenced through `until` (a UTC day, inclusive),
 * unless its tier worsens past `tier` or it is replaced (another fingerprint). Written by
 * `cert-sentinel snooze --state-table` or taken from config `snoozes` on the first scan that sees it.
 */
export interface SnoozeAlertState {
  type: 'snooze';
  key: string;
  /** Certificate id or name, as given. */
  certificate: string;
  until: string;
  reason: string;
  by: string;
  /** When it was recorded. */
  at: string;
  /** The tier it silences; null until the first scan that sees the certificate. */
  tier: Tier | null;
  fingerprint: string | null;
  /** Why it ended early (`worsened`, `rotated`), kept until `until` so config cannot restart it. */
  ended: string | null;
}

export type AlertStateEntry =
  | CertificateAlertState
  | ProbeAlertState
  | SourceAlertState
  | DigestAlertState
  | SnoozeAlertState;

/** A snooze as the digest and the CLI show it. */
export interface SnoozeView {
  certificate: string;
  until: string;
  reason: string;
  by: string;
  /** Still silencing repeats. */
  active: boolean;
  ended: string | null;
}

/**
 * What the renderers of every channel start from: the e-mail and SMS texts and the same facts cut
 * short for chat and machines. Everything in it has passed `redactSecrets`.
 */
export interface AlertContent {
  severity: AlertSeverity;
  key: string;
  /** E-mail subject: one line, under 100 characters (SNS limit). */
  subject: string;
  email: string;
  sms: string;
  /** One line: what happened (chat title, webhook summary). */
  headline: string;
  /** A few short lines: expiry, what breaks, owners. */
  details: string[];
  /** What to do now: the runbook's steps, or the hint for a failing handshake. */
  nextSteps: string[];
  /** The owner addresses this alert is routed to (lower case), possibly none. */
  owners: string[];
  /** Plain facts for machine readers (the webhook body). */
  facts: Record<string, string | number | boolean | null>;
  /** The instant of the scan that raised it. */
  at: string;
}

/**
 * One message ready for a notifier: one body per channel (`default` for SNS protocols without one
 * of their own), keyed as the channel table names them.
 */
export interface RenderedAlert {
  severity: AlertSeverity;
  key: string;
  /** E-mail subject: one line, under 100 characters (SNS limit). */
  subject: string;
  messages: Record<'default' | ChannelId, string>;
  /**
   * Message attributes: severity always, org and certificate when known (String), and `owners`
   * (String.Array) when the alert concerns owners, which owner subscriptions filter on.
   */
  attributes: { severity: AlertSeverity; org?: string; certificate?: string; owners?: string[] };
}

export interface DeliverySummary {
  planned: number;
  published: number;
  failed: number;
  /** State entries not saved because a concurrent run changed them (re-planned next run). */
  conflicts: number;
  bySeverity: Partial<Record<AlertSeverity, number>>;
  /** One line per failed publish, then one per state conflict, without secret material. */
  errors: string[];
  /** Snoozes known to this run (state and configuration), with whether each still silences. */
  snoozes: SnoozeView[];
  /** Repeats not sent because of a snooze. */
  snoozed: number;
  /** Deliveries to channel destinations (chat topics, webhooks) that failed; reported to ops. */
  destinationFailures: number;
}
