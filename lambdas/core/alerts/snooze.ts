/**
 * Snooze and acknowledge: an owner who knows about a critical certificate and has the rotation
 * booked can silence its daily repeats until a day. A snooze silences repeats only: a worse tier
 * or a replacement (another fingerprint) ends it and alerts as usual, and nothing ever hides a
 * certificate from the digest or the report. Days are UTC, `until` inclusive.
 */
import type { SnoozeConfig } from '../config';
import type { ReportCertificate } from '../report/model';
import { tierRank } from '../tiers';
import type { SnoozeAlertState, SnoozeView } from './model';

export const snoozeKey = (certificate: string): string => `snooze#${certificate}`;

const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

/** A snooze recorded now (the CLI's `snooze` command, or a configured one first seen). */
export function newSnooze(spec: SnoozeConfig, now: Date, by?: string): SnoozeAlertState {
  return {
    type: 'snooze',
    key: snoozeKey(spec.certificate),
    certificate: spec.certificate,
    until: spec.until,
    reason: spec.reason,
    by: spec.by ?? by ?? 'configuration',
    at: now.toISOString(),
    tier: null,
    fingerprint: null,
    ended: null,
  };
}

/**
 * The snoozes of this run: those stored, with the configured ones added (a configured snooze
 * replaces a stored one of the same certificate only when its day or reason changed, so what the
 * first scan learnt, the tier and an early end, is kept), less those whose day has passed.
 */
export function currentSnoozes(
  stored: SnoozeAlertState[],
  configured: readonly SnoozeConfig[],
  now: Date,
): SnoozeAlertState[] {
  const byKey = new Map(stored.map((s) => [s.key, s]));
  for (const spec of configured) {
    const existing = byKey.get(snoozeKey(spec.certificate));
    if (existing && existing.until === spec.until && existing.reason === spec.reason) continue;
    byKey.set(snoozeKey(spec.certificate), newSnooze(spec, now));
  }
  const today = utcDay(now);
  return [...byKey.values()].filter((s) => s.until >= today);
}

export const snoozeMatches = (snooze: SnoozeAlertState, certificate: ReportCertificate): boolean =>
  snooze.certificate === certificate.id || snooze.certificate === certificate.name;

/**
 * The snooze after this scan has seen its certificate, and whether it still silences repeats. The
 * first scan records the tier and fingerprint it silences.
 */
export function applySnooze(
  snooze: SnoozeAlertState,
  certificate: ReportCertificate,
): { snooze: SnoozeAlertState; silences: boolean } {
  if (snooze.ended !== null) return { snooze, silences: false };
  if (snooze.tier === null) {
    return {
      snooze: { ...snooze, tier: certificate.tier, fingerprint: certificate.fingerprintSha256 },
      silences: true,
    };
  }
  if (
    snooze.fingerprint &&
    certificate.fingerprintSha256 &&
    snooze.fingerprint !== certificate.fingerprintSha256
  ) {
    return { snooze: { ...snooze, ended: 'rotated' }, silences: false };
  }
  if (tierRank(certificate.tier) > tierRank(snooze.tier)) {
    return { snooze: { ...snooze, ended: 'worsened' }, silences: false };
  }
  return { snooze, silences: true };
}

export function snoozeView(snooze: SnoozeAlertState): SnoozeView {
  return {
    certificate: snooze.certificate,
    until: snooze.until,
    reason: snooze.reason,
    by: snooze.by,
    active: snooze.ended === null,
    ended: snooze.ended,
  };
}
