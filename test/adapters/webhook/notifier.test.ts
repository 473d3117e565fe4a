/**
 * The webhook channel against a real HTTPS server on 127.0.0.1: the body on the wire is the
 * rendered webhook JSON, failures are retried with a growing pause (5xx, 429, network) or not (4xx),
 * and no error names the URL (its query carries a token).
 */
import { parseWebhookUrl, WebhookNotifier } from '../../../lambdas/adapters/webhook/notifier';
import { renderAlert } from '../../../lambdas/core/alerts/messages';
import type { Alert } from '../../../lambdas/core/alerts/model';
import { certificateKey } from '../../../lambdas/core/alerts/state';
import { inTier, report } from '../../core/alerts/fixtures';
import { type HttpsReceiver, startHttpsReceiver } from '../../helpers/https-receiver';

const certificate = inTier('critical');
const alert: Alert = {
  type: 'tier',
  severity: 'critical',
  key: certificateKey(certificate),
  certificate,
  previousTier: 'warning',
  repeat: false,
};
const rendered = renderAlert(alert, report({ certificates: [certificate] }));
let receiver: HttpsReceiver;
const pauses: number[] = [];
const notifier = (extra: Partial<ConstructorParameters<typeof WebhookNotifier>[0]> = {}) =>
  new WebhookNotifier({
    url: receiver.url,
    ca: receiver.caPem,
    sleep: async (ms) => {
      pauses.push(ms);
    },
    ...extra,
  });

beforeAll(async () => {
  receiver = await startHttpsReceiver();
});
afterAll(() => receiver.stop());
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.respondWith([]);
  pauses.length = 0;
});

test('POSTs the webhook body as JSON over HTTPS', async () => {
  await notifier().publish(rendered);
  expect(receiver.requests).toHaveLength(1);
  const [request] = receiver.requests;
  expect(request.method).toBe('POST');
  expect(request.path).toBe('/hooks/cert-sentinel?token=s3cr3t-token-value');
  expect(request.headers['content-type']).toBe('application/json');
  expect(request.body).toBe(rendered.messages.webhook);
  expect(JSON.parse(request.body)).toMatchObject({
    schemaVersion: 1,
    source: 'cert-sentinel',
    dedupeKey: certificateKey(certificate),
    severity: 'critical',
    resolved: false,
    owners: ['sf-admins@acme.example', 'pki@partner.example'],
    facts: { certificateName: 'ERP_Client', daysRemaining: 4, tier: 'critical' },
  });
});

test('retries 503 and 429 with a doubling pause, then succeeds', async () => {
  receiver.respondWith([503, 429]);
  await notifier().publish(rendered);
  expect(receiver.requests).toHaveLength(3);
  expect(pauses).toEqual([500, 1000]);
});

test('gives up after the attempts, naming the host and status but never the URL or its token', async () => {
  receiver.respondWith([500, 502, 504]);
  const error = await notifier()
    .publish(rendered)
    .catch((e: Error) => e);
  expect(receiver.requests).toHaveLength(3);
  expect((error as Error).message).toMatch(
    /^webhook 127\.0\.0\.1:\d+ did not accept the alert after 3 attempts: HTTP 504$/,
  );
  expect((error as Error).message).not.toContain('s3cr3t');
});

test('a 4xx answer is final: one attempt', async () => {
  receiver.respondWith([400]);
  await expect(notifier().publish(rendered)).rejects.toThrow(/after 1 attempt: HTTP 400/);
  expect(receiver.requests).toHaveLength(1);
});

test('an untrusted server certificate fails (no CA given), without the URL in the message', async () => {
  const error = await notifier({ ca: undefined, attempts: 1 })
    .publish(rendered)
    .catch((e: Error) => e);
  expect((error as Error).message).toMatch(/did not accept the alert after 1 attempt: [A-Z_]+/);
  expect((error as Error).message).not.toContain('token');
  expect(receiver.requests).toHaveLength(0);
});

test('reads the URL lazily (a secret is fetched on the first publish only)', async () => {
  let reads = 0;
  const lazy = notifier({
    url: async () => {
      reads += 1;
      return receiver.url;
    },
  });
  await lazy.publish(rendered);
  await lazy.publish(rendered);
  expect(reads).toBe(1);
});

test.each([
  ['http://hooks.example/x', 'must be an https:// URL, not http://'],
  ['not a url', 'is not a URL'],
])('refuses %s', (url, message) => {
  expect(() => parseWebhookUrl(url, 'the webhook URL')).toThrow(message);
});
