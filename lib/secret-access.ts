/**
 * Least-privilege Secrets Manager statements, built from the configuration: org credentials by
 * exact name, partner secrets by the selector's tag (a `secretsmanager:ResourceTag/<key>`
 * condition) and/or name prefix, other accounts only through the selector's role.
 */
import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { SecretSelector } from '../lambdas/core/config';

/**
 * The ARN a secret reference matches. Secrets Manager appends six random characters to a
 * secret's name in its ARN; `-??????` matches them and nothing longer (AWS's own advice).
 */
export function secretArn(scope: IConstruct, ref: string, region?: string): string {
  if (ref.startsWith('arn:')) return /-[A-Za-z0-9]{6}$/.test(ref) ? ref : `${ref}-??????`;
  return Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${ref}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    region,
  });
}

/**
 * The region a secret ARN names; undefined for a bare name (read in the function's own region).
 * The same rule as the probe's `regionOfSecret` (lambdas/adapters/tls-probe/target.ts), which
 * the CDK app does not import because it loads the Secrets Manager client.
 */
export function regionOfSecret(ref: string): string | undefined {
  return /^arn:aws[\w-]*:secretsmanager:([a-z0-9-]+):/.exec(ref)?.[1];
}

/** GetSecretValue on exactly these secrets (org credentials, probe client certificates). */
export function readNamedSecrets(scope: IConstruct, refs: string[]): PolicyStatement[] {
  if (refs.length === 0) return [];
  return [
    new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [...new Set(refs)].map((ref) => secretArn(scope, ref)),
    }),
  ];
}

export interface SelectorGrant {
  statements: PolicyStatement[];
  /** Resources with a wildcard, each one limited by a tag condition or a name prefix. */
  wildcardResources: string[];
}

/**
 * Read access to what a selector can pick in each region. Listing is account-wide by nature
 * (see `listingStatement`); reading is limited per selector.
 */
export function readSelectedSecrets(
  scope: IConstruct,
  selector: SecretSelector,
  regions: string[],
): SelectorGrant {
  if (selector.roleArn) {
    // The role lives in the partner's account and carries its own limits; we may only assume it.
    return {
      statements: [new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [selector.roleArn] })],
      wildcardResources: [],
    };
  }
  const stack = Stack.of(scope);
  const resources = regions.map((region) =>
    Arn.format(
      {
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${selector.prefix ?? ''}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        region,
      },
      stack,
    ),
  );
  const conditions = selector.tag
    ? { StringEquals: { [`secretsmanager:ResourceTag/${selector.tag.key}`]: selector.tag.value } }
    : undefined;
  return {
    statements: [
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources,
        conditions,
      }),
    ],
    wildcardResources: resources,
  };
}

/**
 * ListSecrets has no resource-level permissions, and BatchGetSecretValue is authorised per
 * secret through GetSecretValue (limited above) after a `*` check on the batch call itself.
 * `list: false` for a function that is told which secret to read and never lists.
 */
export function listingStatement(list = true): PolicyStatement {
  return new PolicyStatement({
    actions: [...(list ? ['secretsmanager:ListSecrets'] : []), 'secretsmanager:BatchGetSecretValue'],
    resources: ['*'],
  });
}

/**
 * Secrets encrypted with a customer-managed KMS key also need kms:Decrypt on that key (the
 * AWS-managed `aws/secretsmanager` key needs nothing). Which keys the partners use is not known at
 * synth, so the resource is `*`; the `kms:ViaService` condition limits the permission to
 * decryption that Secrets Manager performs on the function's behalf, in these regions, so the
 * role cannot call KMS directly. The key policy must still allow the role (docs/secrets-manager.md).
 */
export function decryptViaSecretsManager(regions: string[]): PolicyStatement | undefined {
  const unique = [...new Set(regions)];
  if (unique.length === 0) return undefined;
  return new PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'kms:ViaService': unique.map((region) => `secretsmanager.${region}.amazonaws.com`) },
    },
  });
}
