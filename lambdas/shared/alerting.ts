/**
 * The real alert collaborators (DynamoDB alert state, SNS topics, the channel destinations), built
 * once per process from the environment the stack binds. Shared by the evaluate and secret-change
 * functions.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDbAlertState } from '../adapters/dynamodb/alert-state';
import { SnsNotifier } from '../adapters/sns/notifier';
import { WebhookNotifier } from '../adapters/webhook/notifier';
import { readWebhookUrl } from '../adapters/webhook/url-secret';
import { tracedClient } from '../adapters/xray/traced-clients';
import type { ChannelDestination } from '../core/alerts/deliver';
import type { AlertTier } from '../core/alerts/model';
import { severitiesFor } from '../core/alerts/severity';
import { ENV, requiredEnv } from './environment';
import { runtimeConfig } from './runtime';

/** The destinations the stack bound (chat topics, a webhook URL secret), each hearing its channel's severities. */
function destinations(sns: SNSClient, env: NodeJS.ProcessEnv = process.env): ChannelDestination[] {
  const found: ChannelDestination[] = [];
  const chatTopics = env[ENV.chatTopics];
  if (chatTopics) {
    const alerts = runtimeConfig().alerts;
    for (const { minTier, topicArn } of JSON.parse(chatTopics) as Array<{
      minTier: AlertTier;
      topicArn: string;
    }>) {
      found.push({
        name: `chat (${minTier} and worse)`,
        severities: severitiesFor('chat', alerts, minTier),
        notifier: new SnsNotifier({ client: sns, topicArn, channel: 'chat' }),
      });
    }
  }
  const webhookSecret = env[ENV.webhookUrlSecret];
  if (webhookSecret) {
    const alerts = runtimeConfig().alerts;
    const secrets = tracedClient(new SecretsManagerClient({}));
    found.push({
      name: 'webhook',
      severities: severitiesFor('webhook', alerts, alerts?.webhook?.minTier),
      notifier: new WebhookNotifier({ url: () => readWebhookUrl(secrets, webhookSecret) }),
    });
  }
  return found;
}

export function alertCollaborators() {
  const sns = tracedClient(new SNSClient({}));
  return {
    state: new DynamoDbAlertState({
      client: tracedClient(new DynamoDBClient({})),
      tableName: requiredEnv(ENV.alertStateTable),
    }),
    notifier: new SnsNotifier({ client: sns, topicArn: requiredEnv(ENV.alertTopicArn) }),
    opsNotifier: new SnsNotifier({ client: sns, topicArn: requiredEnv(ENV.opsTopicArn) }),
    destinations: destinations(sns),
  };
}
