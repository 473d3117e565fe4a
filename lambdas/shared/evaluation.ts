/**
 * The tail every run shares, whether it is the daily scan or a partner secret that just changed:
 * evaluate the merged inventory, keep the snapshot, tell the owners, emit the metrics. The
 * collaborators come in as parameters; handlers build the real ones.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadTrustStore } from '../adapters/trust/roots';
import { type DeliveryDeps, deliverAlerts } from '../core/alerts/deliver';
import type { DeliverySummary } from '../core/alerts/model';
import type { Config } from '../core/config';
import { evaluate } from '../core/evaluate';
import type { Inventory } from '../core/model';
import type { Report } from '../core/report/model';
import { renderIcs } from '../core/report/render-ics';
import type { TrustStore } from '../core/trust/store';
import { METRICS } from './metric-catalog';
import { reportMetrics } from './report-metrics';
import { SNAPSHOT_KEYS, type SnapshotStore } from './snapshots';

export interface EvaluationDeps {
  config: Config;
  now: Date;
  snapshots: SnapshotStore;
  state: DeliveryDeps['state'];
  notifier: DeliveryDeps['notifier'];
  opsNotifier?: DeliveryDeps['opsNotifier'];
  /** Chat topics and webhooks, after the alerts topic. */
  destinations?: DeliveryDeps['destinations'];
  metrics: Metrics;
  /**
   * Whether this run is the daily scan: it alone emits the report metrics and the heartbeat. A
   * secret-change run must not keep the heartbeat alarm quiet while the scan is broken, and
   * custom metrics are billed per hour in which they are sent (docs/cost.md).
   */
  scheduledScan: boolean;
  /** Told when some alerts could not be published or their state entries conflicted with a concurrent run (both planned again next run). */
  onDeliveryErrors?: (errors: string[]) => void;
}

export interface EvaluationOutcome {
  report: Report;
  reportKey: string;
  delivery: DeliverySummary;
}

/** The runtime's Mozilla roots, parsed once per process (trust.roots is refused at synth). */
let trustOfProcess: TrustStore | undefined;
function publicTrust(): TrustStore {
  trustOfProcess ??= loadTrustStore(undefined, { cwd: '.' });
  return trustOfProcess;
}

/** `scanId` names the history object; the latest report and inventory are overwritten. */
export async function evaluateAndPublish(
  inventory: Inventory,
  scanId: string,
  deps: EvaluationDeps,
): Promise<EvaluationOutcome> {
  const report = evaluate(inventory, { now: deps.now, config: deps.config, trust: publicTrust() });
  const reportKey = SNAPSHOT_KEYS.scanReport(scanId);
  const { snapshots } = deps;
  await snapshots.putAll([
    [reportKey, () => snapshots.putJson(reportKey, report)],
    [SNAPSHOT_KEYS.latestReport, () => snapshots.putJson(SNAPSHOT_KEYS.latestReport, report)],
    [SNAPSHOT_KEYS.latestInventory, () => snapshots.putJson(SNAPSHOT_KEYS.latestInventory, inventory)],
    [
      SNAPSHOT_KEYS.latestCalendar,
      () =>
        snapshots.putText(SNAPSHOT_KEYS.latestCalendar, renderIcs(report), 'text/calendar; charset=utf-8'),
    ],
  ]);
  // A source that failed saw nothing, which must not read as "its certificates were rotated".
  const partial = report.sources.some((s) => s.status !== 'ok');
  const delivery = await deliverAlerts(report, {
    state: deps.state,
    notifier: deps.notifier,
    opsNotifier: deps.opsNotifier,
    destinations: deps.destinations,
    now: deps.now,
    alerts: deps.config.alerts,
    snoozes: deps.config.snoozes,
    partial,
  });
  if (delivery.errors.length > 0) deps.onDeliveryErrors?.(delivery.errors);
  emitRunMetrics(report, deps.config, deps.metrics, { scheduledScan: deps.scheduledScan, delivery });
  return { report, reportKey, delivery };
}

/**
 * Each dimension set is its own EMF document (singleMetric); the heartbeat goes last, after
 * everything else succeeded. Any run reports its alert delivery.
 */
function emitRunMetrics(
  report: Report,
  config: Config,
  metrics: Metrics,
  run: { scheduledScan: boolean; delivery: DeliverySummary },
): void {
  if (run.scheduledScan) {
    for (const point of reportMetrics(report, config)) {
      const single = metrics.singleMetric();
      for (const [name, value] of Object.entries(point.dimensions)) single.addDimension(name, value);
      single.addMetric(point.name, MetricUnit.Count, point.value);
    }
  }
  metrics.addMetric(METRICS.alertsSent, MetricUnit.Count, run.delivery.published);
  metrics.addMetric(METRICS.alertsFailed, MetricUnit.Count, run.delivery.failed);
  if (run.scheduledScan) metrics.addMetric(METRICS.scanSucceeded, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
