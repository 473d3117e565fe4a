/**
 * The "rotation forecast" dashboard and the alarms that make the monitor fail loudly. Metric
 * names and dimensions come from the catalogue the evaluate step emits with, so a widget cannot
 * watch a metric nobody sends. Orgs are listed from the configuration (bounded); years come from
 * a SEARCH so the dashboard follows the forecast horizon without a redeploy. The per-org forecast
 * and the expiry table are custom widgets backed by the dashboard-widget function, which reads
 * the latest stored report (no per-org-and-year metrics to pay for).
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  CustomWidget,
  Dashboard,
  GraphWidget,
  GraphWidgetView,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TIERS } from '../lambdas/core/model';
import { DIMENSIONS, METRIC_NAMESPACE, METRIC_SERVICE, METRICS } from '../lambdas/shared/metric-catalog';

export const FORECAST_WIDGET_TITLE = 'Projected rotations per org and year (latest scan)';
export const EXPIRY_WIDGET_TITLE = 'What expires next, and what depends on it';

/** The scan runs daily; a day without a successful one plus two hours of slack is an outage. */
export const HEARTBEAT_HOURS = 26;

export interface RotationDashboardProps {
  /** Orgs from the configuration (one series each) and the certificate limit each is held to. */
  readonly orgs: Array<{ name: string; certificateLimit: number }>;
  readonly stateMachine: IStateMachine;
  /** Renders "what expires next, and what depends on it". */
  readonly widgetFunction: IFunction;
  /** Receives every alarm. */
  readonly opsTopic: ITopic;
  /** @default 'CertSentinel-RotationForecast' */
  readonly dashboardName?: string;
}

export function sentinelMetric(
  name: string,
  dimensions: Record<string, string> = {},
  statistic = 'Maximum',
): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: { [DIMENSIONS.service]: METRIC_SERVICE, ...dimensions },
    statistic,
    period: Duration.days(1),
  });
}

/** Every series of a metric with exactly these dimensions, whatever their values (e.g. every Year). */
function search(metricName: string, dimensionNames: string[], label: string): MathExpression {
  const schema = [METRIC_NAMESPACE, ...dimensionNames, DIMENSIONS.service].join(',');
  return new MathExpression({
    expression: `SEARCH('{${schema}} MetricName="${metricName}" ${DIMENSIONS.service}="${METRIC_SERVICE}"', 'Maximum', 86400)`,
    usingMetrics: {},
    label,
    period: Duration.days(1),
  });
}

export class RotationDashboard extends Construct {
  public readonly dashboard: Dashboard;
  public readonly heartbeatAlarm: Alarm;
  public readonly scanFailureAlarm: Alarm;
  public readonly probeFailureAlarm: Alarm;

  constructor(scope: Construct, id: string, props: RotationDashboardProps) {
    super(scope, id);
    const action = new SnsAction(props.opsTopic);

    this.heartbeatAlarm = new Alarm(this, 'Heartbeat', {
      alarmDescription: `No successful Cert Sentinel scan for ${HEARTBEAT_HOURS} hours: certificate expiries are not being checked.`,
      metric: sentinelMetric(METRICS.scanSucceeded, {}, 'Sum').with({ period: Duration.hours(1) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: HEARTBEAT_HOURS,
      datapointsToAlarm: HEARTBEAT_HOURS,
      // The metric is sent once per scan; silence is exactly what this alarm is for.
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.scanFailureAlarm = new Alarm(this, 'ScanFailures', {
      alarmDescription: 'A Cert Sentinel scan execution failed (see the state machine execution history).',
      metric: props.stateMachine.metricFailed({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.probeFailureAlarm = new Alarm(this, 'ProbeFailures', {
      alarmDescription:
        'A mutual-TLS handshake probe failed in the last scan: an integration may be down now.',
      metric: sentinelMetric(METRICS.probesFailed),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.heartbeatAlarm, this.scanFailureAlarm, this.probeFailureAlarm]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }

    const orgCertificates = props.orgs.map((org) =>
      sentinelMetric(METRICS.orgCertificates, { [DIMENSIONS.org]: org.name }).with({
        label: `${org.name} certificates`,
      }),
    );
    // One line per distinct limit: most estates share one.
    const limits = [...new Set(props.orgs.map((o) => o.certificateLimit))].map((value) => ({
      value,
      label: `limit ${value} (${props.orgs
        .filter((o) => o.certificateLimit === value)
        .map((o) => o.name)
        .join(', ')})`,
    }));
    const latest = { view: GraphWidgetView.BAR, setPeriodToTimeRange: false, width: 12, height: 6 };

    this.dashboard = new Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName ?? 'CertSentinel-RotationForecast',
      defaultInterval: Duration.days(14),
      widgets: [
        [
          new TextWidget({
            markdown:
              '# Certificate rotation forecast\nRotations each year under CA/Browser Forum ballot SC-081 (200 days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15), from the latest daily scan. A mutual-TLS rotation involves both companies.',
            width: 24,
            height: 2,
          }),
        ],
        [
          new GraphWidget({
            title: 'Projected rotations per year (all orgs and partners)',
            left: [search(METRICS.projectedRotations, [DIMENSIONS.year], '')],
            ...latest,
          }),
          // Per org and year from the stored report, not from metrics: a metric per org and year
          // would be most of the custom-metric bill (docs/cost.md).
          new CustomWidget({
            title: FORECAST_WIDGET_TITLE,
            functionArn: props.widgetFunction.functionArn,
            params: { view: 'forecast' },
            width: 12,
            height: 6,
            updateOnTimeRangeChange: false,
          }),
        ],
        [
          new CustomWidget({
            title: EXPIRY_WIDGET_TITLE,
            functionArn: props.widgetFunction.functionArn,
            params: { view: 'expiring', rows: 15 },
            width: 24,
            height: 10,
            updateOnTimeRangeChange: false,
          }),
        ],
        [
          new GraphWidget({
            title: 'Certificates per tier',
            left: TIERS.map((tier) =>
              sentinelMetric(METRICS.certificates, { [DIMENSIONS.tier]: tier }).with({ label: tier }),
            ),
            stacked: true,
            width: 8,
          }),
          new SingleValueWidget({
            title: 'Minimum days to expiry (all certificates)',
            metrics: [sentinelMetric(METRICS.minDaysRemaining, {}, 'Minimum')],
            width: 8,
          }),
          new SingleValueWidget({
            title: 'Client certificates losing clientAuth at renewal (migrations, docs/trust.md)',
            metrics: [sentinelMetric(METRICS.clientAuthMigrations, {}, 'Maximum')],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: 'Certificates per org vs the org limit',
            left: orgCertificates,
            leftAnnotations: limits,
            width: 12,
          }),
          new GraphWidget({
            title: 'Probe results (mutual-TLS handshakes)',
            left: [
              sentinelMetric(METRICS.probesOk).with({ label: 'handshake OK' }),
              sentinelMetric(METRICS.probesFailed).with({ label: 'handshake failed' }),
            ],
            stacked: true,
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Scan health',
            left: [
              sentinelMetric(METRICS.scanSucceeded, {}, 'Sum').with({ label: 'scans succeeded' }),
              sentinelMetric(METRICS.sourcesFailed).with({ label: 'sources failed' }),
              sentinelMetric(METRICS.alertsFailed, {}, 'Sum').with({ label: 'alerts not published' }),
              props.stateMachine.metricFailed({ period: Duration.days(1), label: 'executions failed' }),
            ] satisfies IMetric[],
            width: 12,
          }),
          new AlarmStatusWidget({
            title: 'Monitor alarms',
            alarms: [this.heartbeatAlarm, this.scanFailureAlarm, this.probeFailureAlarm],
            width: 12,
          }),
        ],
      ],
    });
  }
}
