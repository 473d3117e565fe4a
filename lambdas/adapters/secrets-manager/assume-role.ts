/**
 * Credentials for reading secrets in another account: STS AssumeRole with the collector's own
 * credentials. (@aws-sdk/credential-providers is not a dependency; client-sts is.) The SDK client
 * memoizes what this returns and asks again only when the expiration is near.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

/** The 12-digit account of an IAM role ARN. */
export function accountOfRole(roleArn: string): string | undefined {
  return /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1];
}

export function assumeRoleCredentials(
  roleArn: string,
  region: string,
  base?: AwsCredentialIdentityProvider,
  sts: STSClient = new STSClient({ region, credentials: base }),
): AwsCredentialIdentityProvider {
  return async () => {
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'cert-sentinel', DurationSeconds: 3600 }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };
}
