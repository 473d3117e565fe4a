/**
 * Alert delivery from the CLI: the same core as the Lambdas, with the adapters chosen by flags.
 * State lives in memory (every run is a first run) unless --state-table names the DynamoDB table
 * the deployed stack uses; --dry-run-alerts prints instead of publishing and never writes state.
 * --webhook-url-env VAR also POSTs each alert the webhook channel hears to the URL in VAR (with or
 * without a topic).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbAlertState } from '../../lambdas/adapters/dynamodb/alert-state';
import { regionOfTopic, SnsNotifier } from '../../lambdas/adapters/sns/notifier';
import { parseWebhookUrl, WebhookNotifier } from '../../lambdas/adapters/webhook/notifier';
import { type ChannelDestination, deliverAlerts } from '../../lambdas/core/alerts/deliver';
import { DryRunNotifier, MemoryAlertState, ReadOnlyAlertState } from '../../lambdas/core/alerts/in-memory';
import type { DeliverySummary } from '../../lambdas/core/alerts/model';
import type { AlertStateStore, Notifier } from '../../lambdas/core/alerts/ports';
import { severitiesFor } from '../../lambdas/core/alerts/severity';
import type { AlertsConfig, SnoozeConfig } from '../../lambdas/core/config';
import type { Report } from '../../lambdas/core/report/model';
import { type CliIo, type FlagSpec, type FlagValues, UsageError } from './command';

export const alertFlags = {
  'sns-topic-arn': { type: 'string', value: 'ARN', help: "publish this scan's alerts to this SNS topic" },
  'ops-topic-arn': { type: 'string', value: 'ARN', help: 'monitor failures (a source failed) to this one' },
  'state-table': {
    type: 'string',
    value: 'TABLE',
    help: 'the DynamoDB alert-state table of the deployed stack (default: every run is a first run)',
  },
  'dry-run-alerts': { type: 'boolean', help: 'print the alerts that would be sent; publish nothing' },
  'webhook-url-env': {
    type: 'string',
    value: 'VAR',
    help: 'also POST each alert the webhook channel hears, as JSON, to the https:// URL in environment variable VAR (with or without a topic)',
  },
} as const satisfies FlagSpec;

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function topicFlag(arn: string | undefined, flag: string): string | undefined {
  if (arn === undefined) return undefined;
  if (!TOPIC_ARN.test(arn)) {
    throw new UsageError(
      `${flag} must be an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:cert-alerts, got "${arn}"`,
    );
  }
  return arn;
}

/**
 * Delivers the report's alerts as the flags say; undefined when no alert flag was given (alerting is
 * opt-in on the CLI). Failed publishes are written to stderr and retried on the next run.
 */
export async function deliverAlertsFromCli(
  values: FlagValues<typeof alertFlags>,
  report: Report,
  alerts: AlertsConfig | undefined,
  io: CliIo,
  now: Date,
  snoozes: readonly SnoozeConfig[] = [],
): Promise<DeliverySummary | undefined> {
  const topicArn = topicFlag(values['sns-topic-arn'], '--sns-topic-arn');
  const opsTopicArn = topicFlag(values['ops-topic-arn'], '--ops-topic-arn');
  const table = values['state-table'];
  const dryRun = values['dry-run-alerts'] === true;
  const webhookEnv = values['webhook-url-env'] === undefined ? undefined : String(values['webhook-url-env']);
  if (!topicArn && !dryRun && !webhookEnv) {
    if (opsTopicArn || table)
      throw new UsageError(
        '--ops-topic-arn and --state-table need --sns-topic-arn, --webhook-url-env or --dry-run-alerts',
      );
    return undefined;
  }
  let webhookUrl: string | undefined;
  if (webhookEnv !== undefined) {
    const value = io.env[webhookEnv];
    if (!value) throw new UsageError(`--webhook-url-env ${webhookEnv}: the environment variable is not set`);
    try {
      webhookUrl = parseWebhookUrl(value, `--webhook-url-env ${webhookEnv}`).href;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  if (table !== undefined && !TABLE_NAME.test(table)) {
    throw new UsageError(
      `--state-table must be a DynamoDB table name (3-255 letters, digits, _ . -), got "${table}"`,
    );
  }

  const region =
    io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? (topicArn ? regionOfTopic(topicArn) : undefined);
  let state: AlertStateStore = table
    ? new DynamoDbAlertState({ tableName: table, client: new DynamoDBClient({ region }) })
    : new MemoryAlertState();
  let notifier: Notifier | undefined;
  let opsNotifier: Notifier | undefined;
  const destinations: ChannelDestination[] = [];
  const webhookSeverities = severitiesFor('webhook', alerts, alerts?.webhook?.minTier);
  if (dryRun) {
    // A dry run must not consume the alerts the next real run is due to send.
    state = new ReadOnlyAlertState(state);
    notifier = new DryRunNotifier(io.stdout, topicArn ?? 'the alerts topic');
    opsNotifier = new DryRunNotifier(io.stdout, opsTopicArn ?? topicArn ?? 'the alerts topic');
    if (webhookUrl) {
      destinations.push({
        name: 'webhook',
        severities: webhookSeverities,
        notifier: new DryRunNotifier(io.stdout, `the webhook (${new URL(webhookUrl).host})`, 'webhook'),
      });
    }
  } else {
    notifier = topicArn ? new SnsNotifier({ topicArn }) : undefined;
    opsNotifier = opsTopicArn ? new SnsNotifier({ topicArn: opsTopicArn }) : undefined;
    if (webhookUrl) {
      destinations.push({
        name: 'webhook',
        severities: webhookSeverities,
        notifier: new WebhookNotifier({ url: webhookUrl }),
      });
    }
  }

  const summary = await deliverAlerts(report, {
    state,
    notifier,
    opsNotifier,
    destinations,
    now,
    alerts,
    snoozes,
    partial: report.sources.some((s) => s.status !== 'ok'),
  });
  const verb = dryRun ? 'would publish' : 'published';
  io.stderr(
    `Alerts: ${summary.planned} planned, ${summary.published} ${verb}, ${summary.failed} failed${summary.snoozed > 0 ? `, ${summary.snoozed} repeat(s) snoozed` : ''}.\n`,
  );
  for (const z of summary.snoozes) {
    const state = z.active ? `until ${z.until}` : `ended early (${z.ended}), was until ${z.until}`;
    io.stderr(`  snoozed: ${z.certificate} ${state}, by ${z.by}: ${z.reason}\n`);
  }
  // deliverAlerts lists the failed publishes first, then the state conflicts (self-describing).
  for (const [i, error] of summary.errors.entries()) {
    io.stderr(i < summary.failed ? `  alert not published (retried next run): ${error}\n` : `  ${error}\n`);
  }
  return summary;
}
