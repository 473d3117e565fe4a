/**
 * The weekly digest: the whole upcoming picture in one message, so individual alerts can stay rare.
 * It also proves each week that the monitor runs: it goes out even when nothing is upcoming.
 * Each owner address named on a certificate or probe also gets an `owner-digest` with only what is
 * theirs, so a partner's contact never reads another partner's certificates.
 */
import type { Report, ReportCertificate } from '../report/model';
import { sunsetCertificates } from '../report/trust-text';
import { isoWeek, isoWeekday } from './calendar';
import type { AlertSettings, DigestAlert, SnoozeView } from './model';
import { ownerAddresses } from './owners';

export const DIGEST_KEY = 'digest';
export const ownerDigestKey = (owner: string): string => `digest#${owner}`;

/** Sources mark a certificate `attributes.reportOnly` (the reason) when nobody can act on an alert. */
export function isReportOnly(certificate: Pick<Report['certificates'][number], 'attributes'>): boolean {
  return typeof certificate.attributes.reportOnly === 'string';
}

/**
 * The digests due at `now` (the team's first, then one per owner), or none before the configured
 * weekday of this ISO week. Sending on the first scan on or after that weekday (rather than on that
 * day only) means one failed Monday scan does not cost a week's digest; planAlerts keeps each to
 * once per ISO week.
 */
export function planDigests(
  report: Report,
  now: Date,
  settings: AlertSettings,
  snoozes: readonly SnoozeView[] = [],
): DigestAlert[] {
  const dueFrom = settings.digestWeekday === 0 ? 7 : settings.digestWeekday;
  if (isoWeekday(now) < dueFrom) return [];
  const upcoming = report.certificates
    .filter(
      (c) =>
        c.copyOf === null &&
        !isReportOnly(c) &&
        (c.tier !== 'ok' || c.daysRemaining <= settings.upcomingDays),
    )
    .sort((a, b) => a.daysRemaining - b.daysRemaining || a.name.localeCompare(b.name));
  const failingProbes = report.probes.filter((p) => p.outcome !== 'OK');
  const byOwner = new Map<string, ReportCertificate[]>();
  for (const c of upcoming) {
    for (const owner of ownerAddresses(c.owners)) byOwner.set(owner, [...(byOwner.get(owner) ?? []), c]);
  }
  const probeOwners = new Set(failingProbes.flatMap((p) => ownerAddresses(p.owners)));
  const owners = [...new Set([...byOwner.keys(), ...probeOwners])].sort();
  const base = {
    type: 'digest' as const,
    week: isoWeek(now),
    now: now.toISOString(),
    forecast: report.forecast.byYear,
  };
  const team: DigestAlert = {
    ...base,
    severity: 'digest',
    key: DIGEST_KEY,
    upcoming,
    migrations: sunsetCertificates(report),
    failingProbes,
    failedSources: report.sources.filter((s) => s.status !== 'ok'),
    snoozes: [...snoozes],
    byOwner: owners.map((owner) => ({
      owner,
      certificates: (byOwner.get(owner) ?? []).map((c) => c.name),
    })),
  };
  // Owners hear about what they own only; an owner with nothing upcoming gets no owner digest
  // (the team digest is the weekly proof that the monitor runs).
  const perOwner = owners.map(
    (owner): DigestAlert => ({
      ...base,
      severity: 'owner-digest',
      key: ownerDigestKey(owner),
      owner,
      upcoming: byOwner.get(owner) ?? [],
      // An owner hears of the migrations of what they own only.
      migrations: sunsetCertificates(report).filter((c) => ownerAddresses(c.owners).includes(owner)),
      failingProbes: failingProbes.filter((p) => ownerAddresses(p.owners).includes(owner)),
      failedSources: [],
      snoozes: snoozes.filter((s) =>
        (byOwner.get(owner) ?? []).some((c) => c.id === s.certificate || c.name === s.certificate),
      ),
      byOwner: [],
    }),
  );
  return [team, ...perOwner];
}
