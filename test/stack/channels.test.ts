/**
 * Destination channels in the synthesised stack: the webhook URL secret (read by exactly the two
 * alerting functions, nothing else).
 */
import { Match } from 'aws-cdk-lib/assertions';
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
  test.each(['Evaluate', 'SecretChange'])(
    '%s is told the secret name and may read that secret',
    (fn) => {
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
    },
  );

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
