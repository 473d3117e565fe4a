/**
 * A binary PKCS#12 secret cannot hold its own password: the `cert-sentinel:password-secret` tag
 * names a companion secret holding {"password": ...}, read in the same BatchGetSecretValue call
 * (the companion carries the selector's tag, so the same IAM tag condition grants it). The real
 * SecretsManagerClient over HTTP against the local endpoint; the password never reaches any output.
 */
import { createSecretsManagerSource } from '../../../lambdas/adapters/secrets-manager/source';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../helpers/fake-secrets-manager';
import { expectNoSecrets, NOW, PASSWORD, pkcs12WithPassword, REGION } from './fixtures';

process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';

const selectorTag = { 'cert-sentinel': 'partner' };
let server: FakeSecretsManager;

beforeAll(async () => {
  server = await startFakeSecretsManager([
    {
      name: 'partner/erp-p12',
      secretBinary: pkcs12WithPassword,
      tags: { ...selectorTag, 'cert-sentinel:password-secret': 'partner/erp-p12-password' },
    },
    {
      name: 'partner/erp-p12-password',
      secretString: JSON.stringify({ password: PASSWORD }),
      tags: selectorTag,
    },
    {
      name: 'partner/orphan-p12',
      secretBinary: pkcs12WithPassword,
      tags: { ...selectorTag, 'cert-sentinel:password-secret': 'partner/not-there' },
    },
    {
      name: 'partner/bad-companion-p12',
      secretBinary: pkcs12WithPassword,
      tags: { ...selectorTag, 'cert-sentinel:password-secret': 'partner/bad-companion' },
    },
    { name: 'partner/bad-companion', secretString: 'just text', tags: selectorTag },
  ]);
});
afterAll(() => server.close());

async function scan() {
  server.requests.length = 0;
  const source = createSecretsManagerSource({
    selector: { tag: { key: 'cert-sentinel', value: 'partner' } },
    region: REGION,
    endpoint: server.url,
  });
  return source.collect(NOW);
}

test('opens a binary PKCS#12 with the password its companion secret holds, read in the same batch', async () => {
  const inventory = await scan();
  const opened = inventory.certificates.find((c) => c.name === 'partner/erp-p12');
  expect(opened).toMatchObject({ kind: 'partner-client', info: { fingerprintSha256: expect.any(String) } });
  expect(inventory.findings.map((f) => f.subject)).not.toContain('partner/erp-p12');
  // The companion is part of the read, not a certificate secret of its own.
  expect(inventory.certificates.map((c) => c.name)).not.toContain('partner/erp-p12-password');
  expect(inventory.findings.map((f) => f.subject)).not.toContain('partner/erp-p12-password');
  expect(server.count('BatchGetSecretValue')).toBe(1);
  const batch = server.requests.find((r) => r.target === 'secretsmanager.BatchGetSecretValue');
  expect((batch?.body as { SecretIdList?: string[] } | undefined)?.SecretIdList).toEqual(
    expect.arrayContaining([expect.stringContaining('partner/erp-p12'), 'partner/erp-p12-password']),
  );
  expect(server.count('GetSecretValue')).toBe(0);
  expectNoSecrets(inventory, [PASSWORD]);
});

test('a companion that is missing or holds no password is a finding naming it, never a value', async () => {
  const inventory = await scan();
  const orphan = inventory.findings.find((f) => f.subject === 'partner/orphan-p12');
  expect(orphan).toMatchObject({ code: 'SECRET_UNREADABLE' });
  expect(orphan?.message).toContain('password secret "partner/not-there"');
  const bad = inventory.findings.find((f) => f.subject === 'partner/bad-companion-p12');
  expect(bad).toMatchObject({ code: 'SECRET_MALFORMED' });
  expect(bad?.message).toContain('"partner/bad-companion"');
  expect(bad?.message).toContain('"password"');
  expect(inventory.sources[0]).toMatchObject({ status: 'partial' });
  expectNoSecrets(inventory, [PASSWORD]);
});
