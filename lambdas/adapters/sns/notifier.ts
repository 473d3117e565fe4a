/**
 * Publishes rendered alerts to one SNS topic. The per-protocol bodies travel as
 * `MessageStructure: 'json'`; the severity travels as a String message attribute, which is what
 * the e-mail and SMS subscriptions' filter policies match.
 */
import {
  type MessageAttributeValue,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
} from '@aws-sdk/client-sns';
import type { RenderedAlert } from '../../core/alerts/model';
import type { Notifier } from '../../core/alerts/ports';
import { tracedClient } from '../xray/traced-clients';

export interface SnsNotifierOptions {
  topicArn: string;
  /** Defaults to a client for the topic's region (AWS_ENDPOINT_URL_SNS is honoured by the SDK). */
  client?: SNSClient;
}

/** The Publish request for one alert; pure, so tests can check it without a client. */
export function publishInput(topicArn: string, alert: RenderedAlert): PublishCommandInput {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(alert.attributes)) {
    if (value !== undefined) attributes[name] = { DataType: 'String', StringValue: value };
  }
  return {
    TopicArn: topicArn,
    Subject: alert.subject,
    MessageStructure: 'json',
    Message: JSON.stringify(alert.messages),
    MessageAttributes: attributes,
  };
}

/** `arn:aws:sns:eu-west-1:123456789012:alerts` -> `eu-west-1`. */
export function regionOfTopic(topicArn: string): string | undefined {
  const region = topicArn.split(':')[3];
  return region ? region : undefined;
}

export class SnsNotifier implements Notifier {
  readonly topicArn: string;
  private readonly client: SNSClient;

  constructor(options: SnsNotifierOptions) {
    this.topicArn = options.topicArn;
    this.client = options.client ?? tracedClient(new SNSClient({ region: regionOfTopic(options.topicArn) }));
  }

  async publish(alert: RenderedAlert): Promise<void> {
    await this.client.send(new PublishCommand(publishInput(this.topicArn, alert)));
  }
}
