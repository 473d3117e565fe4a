/** Reading one secret's string value at run time; the value never reaches a log or an error. */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export async function readSecretString(client: SecretsManagerClient, secretId: string): Promise<string> {
  const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (result.SecretString === undefined || result.SecretString === '') {
    throw new Error(`secret ${secretId} has no string value`);
  }
  return result.SecretString;
}
