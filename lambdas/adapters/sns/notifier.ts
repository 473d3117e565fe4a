/**
 * Publishes rendered alerts to one SNS topic. On the alerts topic the bodies of the channel
 * table's topic protocols (e-mail, SMS) travel as `MessageStructure: 'json'`; the severity travels
 * as a String message attribute and the owners as a String.Array one, which is what the team and
 * owner subscriptions' filter policies match. On a chat topic (`channel: 'chat'`) the message is
 * the chat body alone, the custom-notification event Amazon Q Developer renders.
 */
import {
  type MessageAttributeValue,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
} from '@aws-sdk/client-sns';
import { CHANNEL_IDS, CHANNELS, type ChannelId } from '../../core/alerts/channels';
import type { RenderedAlert } from '../../core/alerts/model';
import type { Notifier } from '../../core/alerts/ports';
import { tracedClient } from '../xray/traced-clients';

export interface SnsNotifierOptions {
  topicArn: string;
  /** Defaults to a client for the topic's region (AWS_ENDPOINT_URL_SNS is honoured by the SDK). */
  client?: SNSClient;
  /** A topic of one destination channel (chat): its body alone is the message. Default: the alerts topic. */
  channel?: Extract<ChannelId, 'chat'>;
}

/** The protocols of the alerts topic, as `MessageStructure: 'json'` keys; `default` for the rest. */
const TOPIC_PROTOCOLS = CHANNEL_IDS.filter((id) => CHANNELS[id].delivery === 'topic-protocol');

/** The Publish request for one alert; pure, so tests can check it without a client. */
export function publishInput(
  topicArn: string,
  alert: RenderedAlert,
  channel?: Extract<ChannelId, 'chat'>,
): PublishCommandInput {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(alert.attributes)) {
    if (value === undefined) continue;
    attributes[name] = Array.isArray(value)
      ? { DataType: 'String.Array', StringValue: JSON.stringify(value) }
      : { DataType: 'String', StringValue: value };
  }
  if (channel) return { TopicArn: topicArn, Message: alert.messages[channel], MessageAttributes: attributes };
  const structure: Record<string, string> = { default: alert.messages.default };
  for (const protocol of TOPIC_PROTOCOLS) structure[protocol] = alert.messages[protocol];
  return {
    TopicArn: topicArn,
    Subject: alert.subject,
    MessageStructure: 'json',
    Message: JSON.stringify(structure),
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
  private readonly channel: SnsNotifierOptions['channel'];

  constructor(options: SnsNotifierOptions) {
    this.topicArn = options.topicArn;
    this.channel = options.channel;
    this.client = options.client ?? tracedClient(new SNSClient({ region: regionOfTopic(options.topicArn) }));
  }

  async publish(alert: RenderedAlert): Promise<void> {
    await this.client.send(new PublishCommand(publishInput(this.topicArn, alert, this.channel)));
  }
}
