/**
 * Destination channels in the synthesised stack: the webhook URL secret (named to the two
 * alerting functions, which may read it), and Slack / Teams through Amazon Q Developer in chat
 * applications (a topic per minimum tier, least-privilege role and guardrail, cdk-nag clean).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { buildApp, minimalConfig, templateOf, writeConfig } from './helpers';

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

const config = {
  ...minimalConfig(),
  alerts: { webhook: { urlSecret: 'cert-sentinel/webhook/pagerduty', minTier: 'critical' } },
};
const template = templateOf(buildApp(writeConfig(config)));

function statementsOfRole(prefix: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith(prefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('webhook channel', () => {
  test.each(['Evaluate', 'SecretChange'])('%s is told the secret name and may read that secret', (fn) => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.anyValue(),
      Environment: {
        Variables: Match.objectLike({ WEBHOOK_URL_SECRET: 'cert-sentinel/webhook/pagerduty' }),
      },
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${fn}Role`), 'Arn'] },
    });
    const reads = statementsOfRole(`${fn}Role`).filter((s) =>
      actions(s).includes('secretsmanager:GetSecretValue'),
    );
    const text = JSON.stringify(reads.map((s) => s.Resource));
    expect(text).toContain(':secret:cert-sentinel/webhook/pagerduty-??????');
  });

  test('no other function is told of it', () => {
    const withWebhook = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.WEBHOOK_URL_SECRET !== undefined,
    );
    expect(withWebhook).toHaveLength(2);
  });

  test('without a webhook no function is told of one', () => {
    const plain = templateOf(buildApp(writeConfig(minimalConfig())));
    const withWebhook = Object.values(plain.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.WEBHOOK_URL_SECRET !== undefined,
    );
    expect(withWebhook).toHaveLength(0);
  });
});

describe('chat channels (Amazon Q Developer in chat applications)', () => {
  const chatConfig = {
    ...minimalConfig(),
    alerts: {
      emailMinTier: 'warning',
      slack: [
        { workspaceId: 'T012AB3C4D5', channelId: 'C012AB3CD4E' },
        { workspaceId: 'T012AB3C4D5', channelId: 'C0ONCALL01', minTier: 'critical' },
      ],
      teams: [
        {
          teamId: '74361522-da01-438d-aa2e-ac7918c6bb92',
          channelId: '19:abc123@thread.tacv2',
          tenantId: '3e4d2c1b-0a9f-4e8d-b7c6-a5b4c3d2e1f0',
          minTier: 'critical',
        },
      ],
    },
  };
  const sentinel = buildApp(writeConfig(chatConfig));
  const chat = templateOf(sentinel);
  const topicIdOf = (minTier: string) => {
    const found = sentinel.stack.chat.topics.find((t) => t.minTier === minTier);
    return sentinel.stack.getLogicalId(found!.topic.node.defaultChild as CfnTopic);
  };

  test('one encrypted topic per distinct minimum tier (the default comes from emailMinTier)', () => {
    expect(sentinel.stack.chat.topics.map((t) => t.minTier)).toEqual(['warning', 'critical']);
    const topics = chat.findResources('AWS::SNS::Topic', {
      Properties: { DisplayName: Match.stringLikeRegexp('chat') },
    });
    expect(Object.keys(topics)).toHaveLength(2);
    for (const topic of Object.values(topics)) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  test('each Slack channel watches the topic of its tier, with the shared role and guardrail', () => {
    chat.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T012AB3C4D5',
      SlackChannelId: 'C012AB3CD4E',
      SnsTopicArns: [{ Ref: topicIdOf('warning') }],
      GuardrailPolicies: [{ Ref: Match.stringLikeRegexp('^ChatGuardrail') }],
      UserRoleRequired: false,
    });
    chat.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackChannelId: 'C0ONCALL01',
      SnsTopicArns: [{ Ref: topicIdOf('critical') }],
    });
  });

  test('the Teams channel is configured with its team, tenant and channel on the critical topic', () => {
    chat.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      TeamId: '74361522-da01-438d-aa2e-ac7918c6bb92',
      TeamsTenantId: '3e4d2c1b-0a9f-4e8d-b7c6-a5b4c3d2e1f0',
      TeamsChannelId: '19:abc123@thread.tacv2',
      SnsTopicArns: [{ Ref: topicIdOf('critical') }],
      IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ChatChannelRole'), 'Arn'] },
      GuardrailPolicies: [{ Ref: Match.stringLikeRegexp('^ChatGuardrail') }],
    });
  });

  test('least privilege: the channel role has no permissions; the guardrail only reads the chat topics', () => {
    const policies = Object.values(chat.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith('ChatChannelRole')),
    );
    expect(policies).toEqual([]);
    const role = Object.entries(chat.findResources('AWS::IAM::Role')).find(([id]) =>
      id.startsWith('ChatChannelRole'),
    )!;
    expect(role[1].Properties.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(role[1].Properties.AssumeRolePolicyDocument)).toContain('chatbot.amazonaws.com');
    const [guardrail] = Object.values(chat.findResources('AWS::IAM::ManagedPolicy'));
    const statements = guardrail.Properties.PolicyDocument.Statement as Statement[];
    expect(statements.flatMap(actions)).toEqual(['sns:GetTopicAttributes']);
    expect(JSON.stringify(statements.map((s) => s.Resource))).not.toContain('*');
  });

  test('the alerting functions publish to the chat topics and are told which tier each carries', () => {
    for (const fn of ['EvaluateRole', 'SecretChangeRole']) {
      const publishes = Object.values(chat.findResources('AWS::IAM::Policy'))
        .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith(fn)))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => actions(s).includes('sns:Publish'))
        .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      expect(publishes).toEqual(
        expect.arrayContaining([{ Ref: topicIdOf('warning') }, { Ref: topicIdOf('critical') }]),
      );
    }
    const evaluate = Object.values(chat.findResources('AWS::Lambda::Function')).find(
      (f) => f.Properties.Environment?.Variables?.CHAT_TOPICS !== undefined,
    )!;
    const resolved = JSON.stringify(evaluate.Properties.Environment.Variables.CHAT_TOPICS);
    expect(resolved).toContain('\\"minTier\\":\\"warning\\"');
    expect(resolved).toContain(topicIdOf('critical'));
  });

  test('cdk-nag finds nothing unacknowledged with chat channels', () => {
    const violations = sentinel.nag.validateScope(sentinel.app).violations.map((v) => v.ruleName);
    expect(violations).toEqual([]);
  });

  test('negative control: a guardrail with a wildcard action is caught by cdk-nag', () => {
    const careless = buildApp(writeConfig(chatConfig));
    careless.stack.chat.guardrail!.addStatements(
      new PolicyStatement({ actions: ['sns:*'], resources: ['*'] }),
    );
    const violations = careless.nag.validateScope(careless.app).violations.map((v) => v.ruleName);
    expect(violations.some((r) => r.startsWith('AwsSolutions-IAM5'))).toBe(true);
  });

  test('bad ids fail synth naming the field', () => {
    const bad = { ...chatConfig, alerts: { slack: [{ workspaceId: 'not a workspace', channelId: 'C1' }] } };
    expect(() => buildApp(writeConfig(bad))).toThrow(
      /alerts\.slack\.0\.workspaceId: must be a Slack workspace id/,
    );
  });
});
