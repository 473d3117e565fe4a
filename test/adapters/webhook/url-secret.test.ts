/** The webhook URL read from its secret with the real Secrets Manager client, over HTTP on 127.0.0.1. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readWebhookUrl } from '../../../lambdas/adapters/webhook/url-secret';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../helpers/fake-secrets-manager';

let server: FakeSecretsManager;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = await startFakeSecretsManager([
    { name: 'hooks/plain', secretString: ' https://events.example/hook?k=abc \n' },
    { name: 'hooks/json', secretString: '{"url":"https://events.example/json"}' },
    { name: 'hooks/no-url', secretString: '{"endpoint":"https://events.example/json"}' },
    { name: 'hooks/broken', secretString: '{"url": ' },
    { name: 'hooks/denied', secretString: 'https://x.example', denied: true },
  ]);
  client = new SecretsManagerClient({
    region: 'eu-west-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-only' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

test('the SecretString is the URL, or JSON with a url field', async () => {
  expect(await readWebhookUrl(client, 'hooks/plain')).toBe('https://events.example/hook?k=abc');
  expect(await readWebhookUrl(client, 'hooks/json')).toBe('https://events.example/json');
});

test.each([
  ['hooks/no-url', 'is JSON without a "url" string'],
  ['hooks/broken', 'starts with "{" but is not JSON'],
])('%s fails naming the secret and the reason, not the value', async (id, reason) => {
  const error = await readWebhookUrl(client, id).catch((e: Error) => e);
  expect((error as Error).message).toBe(`secret ${id} ${reason}`);
  expect((error as Error).message).not.toContain('events.example');
});

test('a refused read surfaces as an error (deliverAlerts reports it for the webhook)', async () => {
  await expect(readWebhookUrl(client, 'hooks/denied')).rejects.toThrow();
});
