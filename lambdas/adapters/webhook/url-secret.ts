/**
 * Reads the webhook URL from its secret: the SecretString is the URL itself, or JSON with a `url`
 * field (the shape the Secrets Manager console's key/value editor writes).
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export async function readWebhookUrl(client: SecretsManagerClient, secretId: string): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const text = SecretString?.trim() ?? '';
  if (text.startsWith('{')) {
    let url: unknown;
    try {
      url = (JSON.parse(text) as { url?: unknown }).url;
    } catch {
      throw new Error(`secret ${secretId} starts with "{" but is not JSON`);
    }
    if (typeof url !== 'string') throw new Error(`secret ${secretId} is JSON without a "url" string`);
    return url;
  }
  if (text === '') throw new Error(`secret ${secretId} holds no webhook URL`);
  return text;
}
