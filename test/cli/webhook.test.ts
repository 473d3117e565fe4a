/**
 * `scan --webhook-url-env VAR` through the real CLI in a child process, POSTing to a local HTTPS
 * receiver whose CA the child trusts through NODE_EXTRA_CA_CERTS.
 */
import { runCli } from '../helpers/cli';
import { type HttpsReceiver, startHttpsReceiver } from '../helpers/https-receiver';

const now = '2026-11-23T09:00:00Z';
let receiver: HttpsReceiver;

beforeAll(async () => {
  receiver = await startHttpsReceiver();
});
afterAll(() => receiver.stop());
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.respondWith([]);
});

const scan = (env: Record<string, string>, extra: string[] = []) =>
  runCli(['scan', '--demo', '--format', 'json', '--now', now, '--webhook-url-env', 'HOOK', ...extra], {
    env: { NODE_EXTRA_CA_CERTS: receiver.caFile, ...env },
  });

test('posts each alert the webhook channel hears, as JSON, without a topic', async () => {
  const run = await scan({ HOOK: receiver.url });
  const bodies = receiver.requests.map((r) => JSON.parse(r.body));
  expect(bodies.length).toBeGreaterThan(0);
  // What the webhook does not hear (owner digests, monitor failures) goes nowhere without a topic.
  expect(run.stderr).toContain(`published, 0 failed`);
  expect(run.stderr).toMatch(new RegExp(`Alerts: \\d+ planned, ${bodies.length} published, 0 failed`));
  for (const body of bodies) expect(body).toMatchObject({ schemaVersion: 1, source: 'cert-sentinel' });
  const severities = bodies.map((b) => b.severity);
  expect(severities).toContain('expired');
  // Owner digests are for owner subscriptions, monitor failures for ops: not for the webhook.
  expect(severities).not.toContain('owner-digest');
  expect(severities).not.toContain('monitor-failure');
});

test('a receiver that keeps failing: the failures are listed and retried next run, never the URL', async () => {
  receiver.respondWith(Array(200).fill(503));
  const run = await scan({ HOOK: receiver.url });
  expect(run.stderr).toMatch(/Alerts: \d+ planned, 0 published, [1-9]\d* failed/);
  expect(run.stderr).toContain('alert not published (retried next run): webhook expired');
  expect(run.stderr).toContain('did not accept the alert after 3 attempts: HTTP 503');
  expect(run.stderr).not.toContain('s3cr3t-token-value');
});

test.each([
  [{}, '--webhook-url-env HOOK: the environment variable is not set'],
  [{ HOOK: 'http://127.0.0.1:1/x' }, 'must be an https:// URL'],
])('usage error (exit 2) for %j', async (env, message) => {
  const run = await scan(env as Record<string, string>);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
});
