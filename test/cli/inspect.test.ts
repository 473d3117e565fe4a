import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InspectOutput } from '../../bin/cli/commands/inspect';
import { ROOT, runCli } from '../helpers/cli';
import { makeCertificate, makePkcs12, pemBodyLines } from '../helpers/pki';

const NOW = '2026-11-23T09:00:00Z';
const PASSWORD = 'p12-Pa55word-for-inspect';
const fixtures = join(ROOT, 'test/fixtures/certificates');

describe('cert-sentinel inspect', () => {
  let dir: string;
  let keyLines: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cert-sentinel-inspect-'));
    const ca = makeCertificate({
      commonName: 'Inspect CA',
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      isCa: true,
      keySlot: 'inspect',
    });
    const leaf = makeCertificate({
      commonName: 'orders.partner.example',
      issuer: ca,
      notBefore: new Date('2026-06-01T00:00:00Z'),
      notAfter: new Date('2026-12-03T09:00:00Z'),
      dnsNames: ['orders.partner.example'],
      keySlot: 'inspect',
    });
    keyLines = pemBodyLines(leaf.keyPem);
    writeFileSync(join(dir, 'chain.pem'), leaf.certPem + ca.certPem + leaf.keyPem);
    writeFileSync(join(dir, 'client.p12'), makePkcs12(leaf, PASSWORD, { chain: [ca] }));
    writeFileSync(
      join(dir, 'broken.pem'),
      '-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n',
    );
  });

  const expectNoSecrets = (text: string, password: string) => {
    expect(text).not.toContain(password);
    for (const line of keyLines) expect(text).not.toContain(line);
    expect(text).not.toContain('PRIVATE KEY');
  };

  it('prints a table of every certificate, with days left from --now', async () => {
    const run = await runCli(['inspect', '--now', NOW, 'chain.pem', join(fixtures, 'partner.jks')], {
      cwd: dir,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^FILE\s+FORMAT\s+SUBJECT\s+ISSUER\s+NOT AFTER \(UTC\)\s+LEFT\s+TIER\s+KEY\s+FLAGS$/,
    );
    expect(lines[1]).toMatch(
      /^chain\.pem\s+PEM\s+CN=orders\.partner\.example\s+CN=Inspect CA\s+2026-12-03 09:00:00\s+in 10 days\s+warning\s+rsa 2048$/,
    );
    expect(lines[2]).toMatch(
      /CN=Inspect CA\s+CN=Inspect CA\s+2030-01-01 00:00:00\s+in 1134 days\s+ok\s+rsa 2048\s+CA, self-signed$/,
    );
    expect(run.stdout).toMatch(/partner\.jks\s+JKS\s+CN=ec-client\.example .*ec 384/);
    expect(run.stdout).toContain('5 certificates in 2 files.');
    expectNoSecrets(run.stdout, PASSWORD);
  });

  it('prints JSON with the input, the tier and the days left of every certificate', async () => {
    const run = await runCli(
      [
        'inspect',
        '--json',
        '--now',
        '2026-11-23T09:00:00Z',
        '--password',
        PASSWORD,
        'client.p12',
        'chain.pem',
      ],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as InspectOutput;
    expect(output.errors).toEqual([]);
    expect(output.certificates.map((c) => [c.input, c.subject])).toEqual([
      ['client.p12', 'CN=orders.partner.example'],
      ['client.p12', 'CN=Inspect CA'],
      ['chain.pem', 'CN=orders.partner.example'],
      ['chain.pem', 'CN=Inspect CA'],
    ]);
    expect(output.certificates[0]).toEqual({
      input: 'client.p12',
      subject: 'CN=orders.partner.example',
      issuer: 'CN=Inspect CA',
      serialNumber: expect.stringMatching(/^[0-9A-F]+$/),
      subjectAltNames: ['DNS:orders.partner.example'],
      notBefore: '2026-06-01T00:00:00Z',
      notAfter: '2026-12-03T09:00:00Z',
      fingerprintSha256: output.certificates[2].fingerprintSha256,
      keyType: 'rsa',
      keySize: 2048,
      selfSigned: false,
      isCa: false,
      // As a scan would tier it: 10 days left of a 186-day life is past min(30 d, 1/6).
      daysRemaining: 10,
      lifetimeDays: 186,
      tier: 'warning',
      // Its chain ends at Inspect CA, a root outside Node's public store: SC-081 does not bind it.
      publiclyTrusted: false,
      chain: ['CN=orders.partner.example', 'CN=Inspect CA'],
      trustAnchor: null,
    });
    expectNoSecrets(run.stdout + run.stderr, PASSWORD);
  });

  it('reports each bad file, still prints the good ones, and exits 3 (incomplete)', async () => {
    const args = [
      'inspect',
      '--json',
      '--password-env',
      'P12_PASSWORD',
      'chain.pem',
      'client.p12',
      'broken.pem',
      'missing.pem',
    ];
    const run = await runCli(args, { cwd: dir, env: { P12_PASSWORD: 'wrong-password-value' } });
    expect(run.code).toBe(3);
    const output = JSON.parse(run.stdout) as InspectOutput;
    expect(output.certificates.map((c) => c.input)).toEqual(['chain.pem', 'chain.pem']);
    expect(output.errors).toEqual([
      {
        input: 'client.p12',
        error: 'client.p12: wrong password or corrupt file (PKCS#12 integrity check failed)',
      },
      { input: 'broken.pem', error: 'broken.pem: PEM block 1 (CERTIFICATE) is not valid base64' },
      { input: 'missing.pem', error: 'missing.pem: cannot be read (no such file)' },
    ]);
    expectNoSecrets(run.stdout + run.stderr, 'wrong-password-value');
  });

  it('writes errors to stderr in table mode without the password', async () => {
    const run = await runCli(
      ['inspect', '--password', 'wrong-password-value', '--now', NOW, 'client.p12', 'chain.pem'],
      { cwd: dir },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'cert-sentinel inspect: client.p12: wrong password or corrupt file (PKCS#12 integrity check failed)\n',
    );
    expect(run.stdout).toContain('2 certificates in 2 files, 1 with errors.');
    expectNoSecrets(run.stdout + run.stderr, 'wrong-password-value');
  });

  it.each([
    [['inspect'], 'give at least one FILE'],
    [['inspect', '--colour', 'a.pem'], "Unknown option '--colour'"],
    [
      ['inspect', '--password-env', 'NO_SUCH_VARIABLE_SET', 'a.pem'],
      'environment variable NO_SUCH_VARIABLE_SET is not set',
    ],
    [
      ['inspect', '--password', 'x', '--password-env', 'HOME', 'a.pem'],
      'give --password or --password-env, not both',
    ],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const run = await runCli(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Run `cert-sentinel inspect --help` for its options.');
  });

  it('explains itself with --help', async () => {
    const run = await runCli(['inspect', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--password-env VAR');
  });
});
