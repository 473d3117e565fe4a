/**
 * The one alerting entry point for the Lambdas and the CLI: load what was said, plan, publish,
 * then save. State is saved after publishing, and the entries of alerts that failed to publish
 * are saved as they were, so those alerts are planned again on the next run (at least once,
 * never silently dropped). Entries another run changed meanwhile are not overwritten (the store's
 * optimistic concurrency); they are counted in `conflicts`, listed in `errors`, and the next run
 * plans them from the other run's state (an alert published here may then be sent once more).
 */
import type { AlertsConfig } from '../config';
import type { Report } from '../report/model';
import { renderAlert } from './messages';
import type { DeliverySummary } from './model';
import type { AlertStateStore, Notifier } from './ports';
import { resolveAlertSettings } from './severity';
import { planAlerts, restoreEntries } from './state';

export interface DeliveryDeps {
  state: AlertStateStore;
  notifier: Notifier;
  /** Receives monitor failures; without it they go to `notifier`. */
  opsNotifier?: Notifier;
  now: Date;
  alerts?: AlertsConfig;
  /** The report does not cover every source: nothing missing from it is resolved. */
  partial?: boolean;
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export async function deliverAlerts(report: Report, deps: DeliveryDeps): Promise<DeliverySummary> {
  const previous = await deps.state.load();
  const { alerts, next } = planAlerts({
    report,
    previous,
    now: deps.now,
    settings: resolveAlertSettings(deps.alerts),
    partial: deps.partial,
  });
  const summary: DeliverySummary = {
    planned: alerts.length,
    published: 0,
    failed: 0,
    conflicts: 0,
    bySeverity: {},
    errors: [],
  };
  const failedKeys = new Set<string>();
  // One at a time, most urgent first: a throttled topic still gets the critical ones out.
  for (const alert of alerts) {
    const rendered = renderAlert(alert, report);
    const notifier =
      alert.severity === 'monitor-failure' ? (deps.opsNotifier ?? deps.notifier) : deps.notifier;
    try {
      await notifier.publish(rendered);
      summary.published += 1;
      summary.bySeverity[alert.severity] = (summary.bySeverity[alert.severity] ?? 0) + 1;
    } catch (error) {
      summary.failed += 1;
      failedKeys.add(alert.key);
      summary.errors.push(`${alert.severity} ${alert.key}: ${describeError(error)}`);
    }
  }
  const { conflicts } = await deps.state.save(restoreEntries(next, previous, failedKeys));
  summary.conflicts = conflicts.length;
  for (const key of conflicts) {
    summary.errors.push(
      `state conflict ${key}: changed by a concurrent run, not overwritten; re-planned next run`,
    );
  }
  return summary;
}
