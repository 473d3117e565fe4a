/**
 * Once, not a torrent: decides which alerts a scan deserves given what was already said, and what
 * to remember for next time. Pure: the same report, state and `now` always give the same plan, and
 * planning the result again gives nothing new (a scan run twice sends nothing twice).
 */

import type { SnoozeConfig } from '../config';
import type { ProbeResult, SourceStatus } from '../model';
import type { Report, ReportCertificate } from '../report/model';
import { isWorse } from '../source-state';
import { tierRank } from '../tiers';
import { calendarDaysBetween } from './calendar';
import { isReportOnly, planDigests } from './digest';
import type {
  Alert,
  AlertSettings,
  AlertSeverity,
  AlertStateEntry,
  CertificateAlertState,
  ProbeAlertState,
  SnoozeAlertState,
  SnoozeView,
  SourceAlertState,
} from './model';
import { applySnooze, currentSnoozes, snoozeMatches, snoozeView } from './snooze';

export interface PlanInput {
  report: Report;
  previous: AlertStateEntry[];
  now: Date;
  settings: AlertSettings;
  /**
   * True when the report covers only part of the estate (a CLI run over some sources): nothing
   * missing from it is resolved.
   */
  partial?: boolean;
  /** Config `snoozes`; snoozes recorded by the CLI come in `previous`. */
  snoozes?: readonly SnoozeConfig[];
}

export interface AlertPlan {
  alerts: Alert[];
  next: AlertStateEntry[];
  snoozes: SnoozeView[];
  /** Repeats a snooze silenced. */
  snoozed: number;
}

/**
 * One alert identity per certificate, whichever record (org inbound, partner secret, probe) it was
 * read through: its SHA-256 fingerprint; serial and issuer where only those are known; the record
 * id as the last resort.
 */
export function certificateKey(
  certificate: Pick<ReportCertificate, 'id' | 'fingerprintSha256' | 'serialNumber' | 'issuer'>,
): string {
  if (certificate.fingerprintSha256) return `certificate#sha256:${certificate.fingerprintSha256}`;
  if (certificate.serialNumber && certificate.issuer) {
    return `certificate#serial:${certificate.serialNumber};issuer:${certificate.issuer}`;
  }
  return `certificate#id:${certificate.id}`;
}
export const probeKey = (target: string): string => `probe#${target}`;
export const sourceKey = (name: string): string => `source#${name}`;

/** Most urgent first, so a notifier that gives up half way has sent what matters. */
const URGENCY: AlertSeverity[] = [
  'expired',
  'critical',
  'probe-failure',
  'monitor-failure',
  'warning',
  'notice',
  'rotated',
  'probe-recovery',
  'digest',
  'owner-digest',
];

const REPEATING_TIERS = new Set(['critical', 'expired']);

/** A new fingerprint, or a later notAfter when either side has no fingerprint. */
function wasReplaced(previous: CertificateAlertState, certificate: ReportCertificate): boolean {
  if (previous.fingerprint && certificate.fingerprintSha256) {
    return previous.fingerprint !== certificate.fingerprintSha256;
  }
  return Date.parse(certificate.notAfter) > Date.parse(previous.notAfter);
}

function planCertificate(
  certificate: ReportCertificate,
  previous: CertificateAlertState | undefined,
  now: Date,
  settings: AlertSettings,
): { alerts: Alert[]; entry: CertificateAlertState } {
  const key = certificateKey(certificate);
  const nowIso = now.toISOString();
  const tier = certificate.tier;
  const base = {
    type: 'certificate' as const,
    key,
    certificateId: certificate.id,
    source: certificate.source,
    tier,
    fingerprint: certificate.fingerprintSha256,
    notAfter: certificate.notAfter,
  };

  if (previous && wasReplaced(previous, certificate)) {
    // A new certificate starts a new history: one `rotated` message stands for its current tier,
    // except that a replacement already critical or expired must still reach the on-call phones.
    const alerts: Alert[] = [
      {
        type: 'rotated',
        severity: 'rotated',
        key,
        certificate,
        previous: {
          fingerprintSha256: previous.fingerprint,
          notAfter: previous.notAfter,
          tier: previous.tier,
        },
      },
    ];
    if (tier === 'critical' || tier === 'expired') {
      alerts.push({ type: 'tier', severity: tier, key, certificate, previousTier: null, repeat: false });
    }
    return {
      alerts,
      entry: { ...base, lastTierAlerted: tier === 'ok' ? null : tier, lastAlertAt: nowIso },
    };
  }

  const alerted = previous?.lastTierAlerted ?? null;
  const lastAlertAt = previous?.lastAlertAt ?? null;
  if (tier !== 'ok' && tierRank(tier) > tierRank(alerted ?? 'ok')) {
    // Entering a tier; tiers skipped between scans are not replayed.
    return {
      alerts: [{ type: 'tier', severity: tier, key, certificate, previousTier: alerted, repeat: false }],
      entry: { ...base, lastTierAlerted: tier, lastAlertAt: nowIso },
    };
  }
  if (
    tier !== 'ok' &&
    tier === alerted &&
    REPEATING_TIERS.has(tier) &&
    calendarDaysBetween(lastAlertAt, now) >= settings.repeatEveryDays
  ) {
    return {
      alerts: [{ type: 'tier', severity: tier, key, certificate, previousTier: alerted, repeat: true }],
      entry: { ...base, lastTierAlerted: tier, lastAlertAt: nowIso },
    };
  }
  // A lower tier without a new certificate means the policy changed: remember the lower tier so
  // the certificate alerts again when it climbs back.
  const lastTierAlerted =
    tier === 'ok' ? null : alerted !== null && tierRank(tier) < tierRank(alerted) ? tier : alerted;
  return { alerts: [], entry: { ...base, lastTierAlerted, lastAlertAt } };
}

function planProbe(
  probe: ProbeResult,
  previous: ProbeAlertState | undefined,
  now: Date,
  settings: AlertSettings,
): { alerts: Alert[]; entry: ProbeAlertState } {
  const key = probeKey(probe.target);
  const failing = probe.outcome !== 'OK';
  const wasFailing = previous !== undefined && previous.outcome !== 'OK';
  const lastAlertAt = previous?.lastAlertAt ?? null;
  const entry = (alertedNow: boolean): ProbeAlertState => ({
    type: 'probe',
    key,
    target: probe.target,
    outcome: probe.outcome,
    lastAlertAt: alertedNow ? now.toISOString() : lastAlertAt,
  });
  const previousOutcome = previous?.outcome ?? null;
  if (failing && !wasFailing) {
    return {
      alerts: [{ type: 'probe', severity: 'probe-failure', key, probe, previousOutcome, repeat: false }],
      entry: entry(true),
    };
  }
  // A change from one failure to another waits for the next repeat: a flapping endpoint must not page
  // on every scan.
  if (failing && calendarDaysBetween(lastAlertAt, now) >= settings.repeatEveryDays) {
    return {
      alerts: [{ type: 'probe', severity: 'probe-failure', key, probe, previousOutcome, repeat: true }],
      entry: entry(true),
    };
  }
  if (!failing && wasFailing) {
    return {
      alerts: [{ type: 'probe', severity: 'probe-recovery', key, probe, previousOutcome, repeat: false }],
      entry: entry(true),
    };
  }
  return { alerts: [], entry: entry(false) };
}

function planSource(
  source: SourceStatus,
  previous: SourceAlertState | undefined,
  now: Date,
  settings: AlertSettings,
): { alerts: Alert[]; entry: SourceAlertState } {
  const key = sourceKey(source.name);
  const lastAlertAt = previous?.lastAlertAt ?? null;
  // Every worsening (partial -> failed) is news for ops at once; the same state waits for the repeat.
  const worse = previous !== undefined && isWorse(source.status, previous.status);
  const due =
    previous === undefined || worse || calendarDaysBetween(lastAlertAt, now) >= settings.repeatEveryDays;
  return {
    alerts: due
      ? [
          {
            type: 'monitor',
            severity: 'monitor-failure',
            key,
            source,
            repeat: previous !== undefined && !worse,
          },
        ]
      : [],
    entry: {
      type: 'source',
      key,
      source: source.name,
      status: source.status,
      lastAlertAt: due ? now.toISOString() : lastAlertAt,
    },
  };
}

export function planAlerts(input: PlanInput): AlertPlan {
  const { report, now, settings } = input;
  const partial = input.partial === true;
  const previous = new Map(input.previous.map((entry) => [entry.key, entry]));
  const alerts: Alert[] = [];
  const next = new Map<string, AlertStateEntry>();
  const previousOf = <T extends AlertStateEntry['type']>(key: string, type: T) => {
    const entry = previous.get(key);
    return entry?.type === type ? (entry as Extract<AlertStateEntry, { type: T }>) : undefined;
  };

  const snoozes = new Map(
    currentSnoozes(
      input.previous.filter((e): e is SnoozeAlertState => e.type === 'snooze'),
      input.snoozes ?? [],
      now,
    ).map((s) => [s.key, s]),
  );
  let snoozed = 0;
  // A partner's copy of an inbound certificate is the same certificate: alert once, on the inbound.
  // A report-only certificate (e.g. of an inactive user) is in the report and never alerted.
  const candidates = report.certificates.filter((c) => c.copyOf === null && !isReportOnly(c));
  // The entry last written for a record (certificate id): how a new certificate in the same place
  // is recognised as a rotation, and how state keyed by record id carries over.
  const bySlot = new Map<string, CertificateAlertState>();
  for (const entry of input.previous)
    if (entry.type === 'certificate') bySlot.set(entry.certificateId, entry);
  const plannedKeys = new Set(candidates.map(certificateKey));
  const superseded = new Set<string>();
  for (const certificate of candidates) {
    const key = certificateKey(certificate);
    // The same certificate under a second record in this report: alerted once.
    if (next.has(key)) continue;
    const slot = bySlot.get(certificate.id);
    const inherited = slot && slot.key !== key && !plannedKeys.has(slot.key) ? slot : undefined;
    const previousEntry = previousOf(key, 'certificate') ?? inherited;
    if (previousEntry && previousEntry === inherited) superseded.add(inherited.key);
    const planned = planCertificate(certificate, previousEntry, now, settings);
    let silenced = false;
    for (const snooze of snoozes.values()) {
      if (!snoozeMatches(snooze, certificate)) continue;
      const applied = applySnooze(snooze, certificate);
      snoozes.set(snooze.key, applied.snooze);
      silenced ||= applied.silences;
    }
    const repeats = planned.alerts.filter((a) => a.type === 'tier' && a.repeat);
    if (silenced && repeats.length > 0) {
      // The repeat is not sent and not recorded: repeats resume the day after the snooze ends.
      snoozed += repeats.length;
      planned.alerts = planned.alerts.filter((a) => !repeats.includes(a));
      planned.entry.lastAlertAt = previousEntry?.lastAlertAt ?? planned.entry.lastAlertAt;
    }
    alerts.push(...planned.alerts);
    next.set(planned.entry.key, planned.entry);
  }
  for (const snooze of snoozes.values()) next.set(snooze.key, snooze);
  const snoozeViews = [...snoozes.values()].map(snoozeView);
  for (const probe of report.probes) {
    const planned = planProbe(probe, previousOf(probeKey(probe.target), 'probe'), now, settings);
    alerts.push(...planned.alerts);
    next.set(planned.entry.key, planned.entry);
  }
  for (const source of report.sources) {
    if (source.status === 'ok') continue;
    const planned = planSource(source, previousOf(sourceKey(source.name), 'source'), now, settings);
    alerts.push(...planned.alerts);
    next.set(planned.entry.key, planned.entry);
  }

  // Owner digests go out with the team's; one whose send failed (its entry is older than this
  // week's) is retried on its own. A new owner mid-week waits for next week's team digest.
  let teamDigestDue = false;
  for (const digest of planDigests(report, now, settings, snoozeViews)) {
    const lastDigest = previousOf(digest.key, 'digest');
    if (lastDigest?.week === digest.week) continue;
    if (digest.severity === 'digest') teamDigestDue = true;
    else if (!teamDigestDue && lastDigest === undefined) continue;
    alerts.push(digest);
    next.set(digest.key, {
      type: 'digest',
      key: digest.key,
      week: digest.week,
      lastAlertAt: now.toISOString(),
    });
  }

  // What this report does not mention is resolved only when the report could have seen it.
  const succeeded = new Set(report.sources.filter((s) => s.status === 'ok').map((s) => s.name));
  // Probe targets resolve only when this run probed at all (a CLI scan without probes says nothing of them).
  const probeSources = report.sources.filter((s) => s.kind === 'probe');
  const probesHealthy =
    (report.probes.length > 0 || probeSources.length > 0) && probeSources.every((s) => s.status === 'ok');
  for (const entry of input.previous) {
    if (next.has(entry.key) || superseded.has(entry.key)) continue;
    const resolved =
      !partial &&
      (entry.type === 'certificate'
        ? succeeded.has(entry.source)
        : entry.type === 'probe'
          ? probesHealthy
          : // A source that is back to ok (or no longer configured) resolves; digest entries never do
            // (an owner with nothing upcoming this week must not get a second digest next scan).
            // A snooze missing from `next` has passed its day.
            entry.type === 'source' || entry.type === 'snooze');
    if (!resolved) next.set(entry.key, entry);
  }

  const order = (a: Alert) => URGENCY.indexOf(a.severity);
  return {
    alerts: alerts
      .map((alert, index) => ({ alert, index }))
      .sort((a, b) => order(a.alert) - order(b.alert) || a.index - b.index)
      .map((x) => x.alert),
    next: [...next.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    snoozes: snoozeViews,
    snoozed,
  };
}

/** The next state with the entries of `failedKeys` put back as they were, so those alerts are retried. */
export function restoreEntries(
  next: AlertStateEntry[],
  previous: AlertStateEntry[],
  failedKeys: ReadonlySet<string>,
): AlertStateEntry[] {
  if (failedKeys.size === 0) return next;
  const before = new Map(previous.map((entry) => [entry.key, entry]));
  const restored: AlertStateEntry[] = [];
  for (const entry of next) {
    if (!failedKeys.has(entry.key)) restored.push(entry);
    else if (before.has(entry.key)) restored.push(before.get(entry.key)!);
  }
  return restored;
}
