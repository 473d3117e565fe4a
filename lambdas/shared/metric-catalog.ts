/**
 * The metrics the evaluate step emits and the dashboard and alarms read. One list, imported by
 * both the Lambda and the CDK stack, so a renamed metric cannot leave a widget or an alarm
 * silently empty. Dimensions are bounded on purpose (custom metrics are billed per metric):
 * Org (one per configured org, certificate count only), Year (the forecast horizon, estate-wide
 * only), Tier (five values). Nothing is ever emitted per certificate.
 */

export const METRIC_NAMESPACE = 'CertSentinel';

/** Powertools adds a `service` dimension to every metric; the stack must ask for the same value. */
export const METRIC_SERVICE = 'cert-sentinel';

export const METRICS = {
  /** 1 after every scan that evaluated and delivered its alerts; the heartbeat alarm watches it. */
  scanSucceeded: 'ScanSucceeded',
  /** Sources that failed in the scan (a failed org or selector still lets the scan finish). */
  sourcesFailed: 'SourcesFailed',
  /** Certificates per tier; dimension Tier. */
  certificates: 'Certificates',
  /** Soonest expiry in whole days, over every certificate. */
  minDaysRemaining: 'MinDaysRemaining',
  /**
   * Projected rotations per calendar year, estate-wide; dimension Year. Per org and year they are
   * in the dashboard's forecast widget (from the stored report), not metrics: docs/cost.md.
   */
  projectedRotations: 'ProjectedRotations',
  /** Certificate and Key Management records an org holds (its limit is drawn from configuration); dimension Org. */
  orgCertificates: 'OrgCertificates',
  /**
   * Client certificates whose forecast renewal loses clientAuth (CLIENT_AUTH_SUNSET; a partner's
   * copy counted once, through the inbound certificate).
   */
  clientAuthMigrations: 'ClientAuthMigrations',
  /** Probe handshakes that succeeded and that failed. */
  probesOk: 'ProbesOk',
  probesFailed: 'ProbesFailed',
  /** Alert messages published in this scan. */
  alertsSent: 'AlertsSent',
  /** Alert messages SNS did not accept (they are planned again on the next run). */
  alertsFailed: 'AlertsFailed',
  /**
   * 1 on each cold start of any function (Powertools' name; dimensions service and function_name,
   * one metric per function, sent only in hours with a cold start: docs/cost.md).
   */
  coldStart: 'ColdStart',
} as const;

export const DIMENSIONS = { org: 'Org', year: 'Year', tier: 'Tier', service: 'service' } as const;
