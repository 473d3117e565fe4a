/**
 * The one alerting entry point for the Lambdas and the CLI: load what was said, plan, publish,
 * then save. Each alert is published once to the alerts topic (its e-mail and SMS protocols) and
 * then to every destination channel (chat topics, webhooks) whose severities include it. State is saved after publishing, and the entries of alerts that failed to publish
 * are saved as they were, so those alerts are planned again on the next run (at least once,
 * never silently dropped). Entries another run changed meanwhile are not overwritten (the store's
 * optimistic concurrency); they are counted in `conflicts`, listed in `errors`, and the next run
 * plans them from the other run's state (an alert published here may then be sent once more).
 */
import type { AlertsConfig, SnoozeConfig } from '../config';
import type { Report } from '../report/model';
import { renderAlert, renderChannelFailure } from './messages';
import type { AlertSeverity, DeliverySummary } from './model';
import type { AlertStateStore, Notifier } from './ports';
import { resolveAlertSettings } from './severity';
import { planAlerts, restoreEntries } from './state';

/** One place of a destination channel (chat topic, webhook) and the severities it hears. */
export interface ChannelDestination {
  /** Names it in errors and in the ops message, e.g. `webhook` or `chat (critical and worse)`. */
  name: string;
  severities: readonly AlertSeverity[];
  notifier: Notifier;
}

export interface DeliveryDeps {
  state: AlertStateStore;
  /**
   * The alerts topic: the record of delivery. An alert it did not accept is retried next run and
   * not sent to destinations now. Without it (a CLI run with only a webhook) the destinations are
   * the record and their failures are retried instead.
   */
  notifier?: Notifier;
  destinations?: ChannelDestination[];
  /** Receives monitor failures; without it they go to `notifier`. */
  opsNotifier?: Notifier;
  now: Date;
  alerts?: AlertsConfig;
  /** The report does not cover every source: nothing missing from it is resolved. */
  partial?: boolean;
  /** Config `snoozes`. */
  snoozes?: readonly SnoozeConfig[];
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export async function deliverAlerts(report: Report, deps: DeliveryDeps): Promise<DeliverySummary> {
  const previous = await deps.state.load();
  const { alerts, next, snoozes, snoozed } = planAlerts({
    report,
    previous,
    now: deps.now,
    settings: resolveAlertSettings(deps.alerts),
    partial: deps.partial,
    snoozes: deps.snoozes,
  });
  const summary: DeliverySummary = {
    planned: alerts.length,
    published: 0,
    failed: 0,
    conflicts: 0,
    bySeverity: {},
    errors: [],
    snoozes,
    snoozed,
    destinationFailures: 0,
  };
  const failedKeys = new Set<string>();
  const destinationErrors: string[] = [];
  // One at a time, most urgent first: a throttled topic still gets the critical ones out.
  for (const alert of alerts) {
    const rendered = renderAlert(alert, report);
    const notifier =
      alert.severity === 'monitor-failure' ? (deps.opsNotifier ?? deps.notifier) : deps.notifier;
    try {
      await notifier?.publish(rendered);
    } catch (error) {
      summary.failed += 1;
      failedKeys.add(alert.key);
      summary.errors.push(`${alert.severity} ${alert.key}: ${describeError(error)}`);
      continue;
    }
    let heard = 0;
    const failures: string[] = [];
    for (const destination of deps.destinations ?? []) {
      if (!destination.severities.includes(alert.severity)) continue;
      heard += 1;
      try {
        await destination.notifier.publish(rendered);
      } catch (error) {
        failures.push(`${destination.name} ${alert.severity} ${alert.key}: ${describeError(error)}`);
      }
    }
    // Without a topic, an alert no destination hears went nowhere: neither published nor failed.
    if (notifier === undefined && heard === 0) continue;
    if (notifier === undefined && failures.length === heard) {
      // Nothing else recorded it: retried next run like a failed topic publish.
      summary.failed += 1;
      failedKeys.add(alert.key);
      summary.errors.push(...failures);
      continue;
    }
    destinationErrors.push(...failures);
    summary.published += 1;
    summary.bySeverity[alert.severity] = (summary.bySeverity[alert.severity] ?? 0) + 1;
  }
  if (destinationErrors.length > 0) {
    summary.destinationFailures = destinationErrors.length;
    summary.errors.push(...destinationErrors);
    // The people who run Cert Sentinel hear that a channel is broken (once per run, all failures).
    const ops = deps.opsNotifier ?? deps.notifier;
    try {
      await ops?.publish(renderChannelFailure(destinationErrors, report));
    } catch (error) {
      summary.errors.push(`ops notice of channel failures not published: ${describeError(error)}`);
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
