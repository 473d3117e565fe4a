/**
 * Credentials for reading secrets in another account: STS AssumeRole with the collector's own
 * credentials. (@aws-sdk/credential-providers is not a dependency; client-sts is.) The SDK client
 * memoizes what this returns and asks again only when the expiration is near.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { tracedClient } from '../xray/traced-clients';

export function assumeRoleCredentials(
  roleArn: string,
  region: string,
  base?: AwsCredentialIdentityProvider,
  sts?: STSClient,
): AwsCredentialIdentityProvider {
  let client = sts;
  return async () => {
    // Loaded on first use: most estates never read another account's secrets, and loading the
    // STS client would add to every cold start of the partner collectors (docs/performance.md).
    const { AssumeRoleCommand, STSClient } =
      require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
    client ??= tracedClient(new STSClient({ region, credentials: base }));
    const out = await client.send(
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
