/**
 * Slack and Microsoft Teams through Amazon Q Developer in chat applications (formerly AWS
 * Chatbot). One SNS topic per distinct minimum tier of the configured channels: Amazon Q Developer
 * subscribes to a topic without a filter policy, so the tier is chosen by which topic a channel
 * watches, and the alerting functions publish to each topic only what its tier hears (the channel
 * table's `chat` row). Each message is a custom-notification event, which the chat renders.
 *
 * Least privilege: the channel role has no permissions at all (notifications need none), and the
 * guardrail, the most any chat user could do through the channel, is one read of the chat topics'
 * attributes: no write, no wildcard.
 */
import { CfnMicrosoftTeamsChannelConfiguration, SlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlertTier } from '../lambdas/core/alerts/model';
import { ALERT_TIERS } from '../lambdas/core/alerts/model';
import { channelMinTier } from '../lambdas/core/alerts/severity';
import type { AlertsConfig } from '../lambdas/core/config';

export interface ChatChannelsProps {
  alerts: AlertsConfig | undefined;
  topicKey: IKey;
}

const TITLE: Record<AlertTier, string> = {
  notice: 'Notice',
  warning: 'Warning',
  critical: 'Critical',
  expired: 'Expired',
};

export class ChatChannels extends Construct {
  /** The chat topics, by the minimum tier each carries. */
  readonly topics: Array<{ minTier: AlertTier; topic: Topic }> = [];
  readonly role: Role | undefined;
  readonly guardrail: ManagedPolicy | undefined;

  constructor(scope: Construct, id: string, props: ChatChannelsProps) {
    super(scope, id);
    const { alerts } = props;
    const slack = alerts?.slack ?? [];
    const teams = alerts?.teams ?? [];
    if (slack.length + teams.length === 0) return;

    const tierOf = (minTier: AlertTier | undefined) => channelMinTier('chat', alerts, minTier);
    const tiers = ALERT_TIERS.filter((t) => [...slack, ...teams].some((c) => tierOf(c.minTier) === t));
    for (const minTier of tiers) {
      this.topics.push({
        minTier,
        topic: new Topic(this, `${TITLE[minTier]}Topic`, {
          displayName: `Cert Sentinel chat (${minTier} and worse)`,
          masterKey: props.topicKey,
          enforceSSL: true,
        }),
      });
    }
    const topicFor = (minTier: AlertTier | undefined) =>
      this.topics.find((t) => t.minTier === tierOf(minTier))!.topic;

    this.role = new Role(this, 'ChannelRole', {
      assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
      description: 'Cert Sentinel chat channels: notifications only, no permissions',
    });
    this.guardrail = new ManagedPolicy(this, 'Guardrail', {
      description: 'Cert Sentinel chat channels: the most a chat user may do is read the chat topics',
      statements: [
        new PolicyStatement({
          actions: ['sns:GetTopicAttributes'],
          resources: this.topics.map((t) => t.topic.topicArn),
        }),
      ],
    });

    for (const [i, channel] of slack.entries()) {
      new SlackChannelConfiguration(this, `Slack${i}`, {
        slackChannelConfigurationName: `cert-sentinel-slack-${i}`,
        slackWorkspaceId: channel.workspaceId,
        slackChannelId: channel.channelId,
        notificationTopics: [topicFor(channel.minTier)],
        role: this.role,
        guardrailPolicies: [this.guardrail],
        userRoleRequired: false,
      });
    }
    for (const [i, channel] of teams.entries()) {
      new CfnMicrosoftTeamsChannelConfiguration(this, `Teams${i}`, {
        configurationName: `cert-sentinel-teams-${i}`,
        iamRoleArn: this.role.roleArn,
        teamId: channel.teamId,
        teamsChannelId: channel.channelId,
        teamsTenantId: channel.tenantId,
        snsTopicArns: [topicFor(channel.minTier).topicArn],
        guardrailPolicies: [this.guardrail.managedPolicyArn],
        userRoleRequired: false,
        loggingLevel: 'NONE',
      });
    }
  }
}
