/**
 * The weekly digest: the whole upcoming picture in one message, so individual alerts can stay rare.
 * It also proves each week that the monitor runs: it goes out even when nothing is upcoming.
 */
import type { Report } from '../report/model';
import { isoWeek, isoWeekday } from './calendar';
import type { AlertSettings, DigestAlert } from './model';

export const DIGEST_KEY = 'digest';

/** Sources mark a certificate `attributes.reportOnly` (the reason) when nobody can act on an alert. */
export function isReportOnly(certificate: Pick<Report['certificates'][number], 'attributes'>): boolean {
  return typeof certificate.attributes.reportOnly === 'string';
}

/**
 * The digest due at `now`, or null before the configured weekday of this ISO week. Sending on the
 * first scan on or after that weekday (rather than on that day only) means one failed Monday scan
 * does not cost a week's digest; planAlerts keeps it to once per ISO week.
 */
export function planDigest(report: Report, now: Date, settings: AlertSettings): DigestAlert | null {
  const dueFrom = settings.digestWeekday === 0 ? 7 : settings.digestWeekday;
  if (isoWeekday(now) < dueFrom) return null;
  const upcoming = report.certificates
    .filter(
      (c) =>
        c.copyOf === null &&
        !isReportOnly(c) &&
        (c.tier !== 'ok' || c.daysRemaining <= settings.upcomingDays),
    )
    .sort((a, b) => a.daysRemaining - b.daysRemaining || a.name.localeCompare(b.name));
  return {
    type: 'digest',
    severity: 'digest',
    key: DIGEST_KEY,
    week: isoWeek(now),
    now: now.toISOString(),
    upcoming,
    forecast: report.forecast.byYear,
    failingProbes: report.probes.filter((p) => p.outcome !== 'OK'),
    failedSources: report.sources.filter((s) => s.status !== 'ok'),
  };
}
