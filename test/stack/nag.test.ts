/**
 * cdk-nag AwsSolutions must pass with every finding either fixed or acknowledged with a reason,
 * and must still catch what nobody acknowledged (the negative controls prove the check can fail).
 */
import { Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { buildApp } from './helpers';

const violationsOf = (sentinel: ReturnType<typeof buildApp>) =>
  sentinel.nag.validateScope(sentinel.app).violations.map((v) => ({
    rule: v.ruleName,
    at: v.violatingResources.map((r) => r.constructPath),
  }));

test('the stack has no unacknowledged AwsSolutions finding', () => {
  const sentinel = buildApp();
  expect(violationsOf(sentinel)).toEqual([]);
  expect(sentinel.nag.validateScope(sentinel.app).success).toBe(true);
});

test('every acknowledgement gives a specific reason', () => {
  const sentinel = buildApp();
  const reasons: string[] = [];
  for (const construct of sentinel.app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        reasons.push(...Object.values(entry.data as Record<string, string>));
    }
  }
  expect(reasons.length).toBeGreaterThan(0);
  for (const reason of reasons) expect(reason.length).toBeGreaterThan(40);
});

test('an unacknowledged finding is caught (negative control: a bucket without TLS or logs)', () => {
  const sentinel = buildApp();
  new Bucket(sentinel.stack, 'Careless');
  expect(violationsOf(sentinel)).toEqual(
    expect.arrayContaining([
      { rule: 'AwsSolutions-S1', at: ['CertSentinel/Careless/Resource'] },
      { rule: 'AwsSolutions-S10', at: ['CertSentinel/Careless/Resource'] },
    ]),
  );
});

test('a new wildcard on a function role is caught, even next to acknowledged ones', () => {
  const sentinel = buildApp();
  sentinel.stack.functions.Evaluate.addToRolePolicy(
    new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:*'],
    }),
  );
  expect(violationsOf(sentinel)).toEqual([
    {
      rule: 'AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:eu-west-1:123456789012:secret:*]',
      at: ['CertSentinel/Evaluate/Role/DefaultPolicy/Resource'],
    },
  ]);
});

test('synth itself fails on an unacknowledged finding (the plugin is registered on the app)', () => {
  const sentinel = buildApp();
  new Bucket(sentinel.stack, 'Careless');
  expect(() => sentinel.app.synth()).toThrow(/AwsSolutions-S10/);
});
