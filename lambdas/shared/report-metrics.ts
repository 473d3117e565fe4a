/**
 * Turns a report into the metric points the dashboard and alarms read: 15 for the estate plus 1
 * per org (docs/cost.md prices them). Pure, so the bounded-dimension promise is testable: Org
 * only from the configuration, Year up to the horizon, Tier; certificates never become dimensions.
 * Per-org yearly rotations are not metrics: the dashboard's custom widget reads them from the
 * latest report (they were 5 of the 6 metrics each org cost).
 */
import type { Config } from '../core/config';
import { TIERS } from '../core/model';
import type { Report } from '../core/report/model';
import { DIMENSIONS, METRICS } from './metric-catalog';

export interface MetricPoint {
  name: string;
  value: number;
  /** Dimensions besides the `service` one Powertools always adds. */
  dimensions: Record<string, string>;
}

export function reportMetrics(report: Report, config: Config): MetricPoint[] {
  const points: MetricPoint[] = [];
  const add = (name: string, value: number, dimensions: Record<string, string> = {}) =>
    points.push({ name, value, dimensions });

  add(METRICS.sourcesFailed, report.summary.sourcesFailed);
  for (const tier of TIERS)
    add(METRICS.certificates, report.summary.byTier[tier] ?? 0, { [DIMENSIONS.tier]: tier });
  if (report.summary.minDaysRemaining !== null)
    add(METRICS.minDaysRemaining, report.summary.minDaysRemaining);
  for (const year of report.forecast.byYear) {
    add(METRICS.projectedRotations, year.rotations, { [DIMENSIONS.year]: String(year.year) });
  }

  // Per org: 1 metric, the certificates held (the alarmable headroom). The limit is
  // configuration, so the dashboard draws it as an annotation instead of paying for a metric
  // that never changes.
  for (const org of config.orgs ?? []) {
    // Only Certificate and Key Management records count against the org's certificate limit.
    const held = report.certificates.filter((c) => c.org === org.name && c.kind === 'org-certificate');
    add(METRICS.orgCertificates, held.length, { [DIMENSIONS.org]: org.name });
  }

  add(
    METRICS.clientAuthMigrations,
    report.certificates.filter((c) => c.clientAuthSunset !== null && c.copyOf === null).length,
  );

  const failedProbes = report.probes.filter((p) => p.outcome !== 'OK').length;
  add(METRICS.probesOk, report.probes.length - failedProbes);
  add(METRICS.probesFailed, failedProbes);
  return points;
}
