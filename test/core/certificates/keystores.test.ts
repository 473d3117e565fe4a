import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificateInput } from '../../../lambdas/core/certificates/parse';
import { makeCertificate, makePkcs12, pemBodyLines } from '../../helpers/pki';

const root = join(__dirname, '../../..');
const fixture = (name: string) => readFileSync(join(root, 'test/fixtures/certificates', name));
const at = (iso: string) => new Date(iso);

const ca = makeCertificate({
  commonName: 'Keystore CA',
  notBefore: at('2025-01-01T00:00:00Z'),
  notAfter: at('2030-01-01T00:00:00Z'),
  isCa: true,
  keySlot: 'keystore',
});
const client = makeCertificate({
  commonName: 'integration-user.partner.example',
  issuer: ca,
  notBefore: at('2026-05-01T00:00:00Z'),
  notAfter: at('2026-11-17T00:00:00Z'),
  extendedKeyUsage: ['clientAuth'],
  keySlot: 'keystore',
});
const PASSWORD = 'Tr0ub4dor&3-keystore';

/** The base64 lines of the private key, any of which would betray it in an output. */
const keyLines = pemBodyLines(client.keyPem);

function assertNothingSecret(output: unknown, password: string): void {
  const text = JSON.stringify(output);
  expect(text).not.toContain(password);
  for (const line of keyLines) expect(text).not.toContain(line);
  expect(text).not.toMatch(/PRIVATE KEY/);
}

describe('PKCS#12', () => {
  it.each(['aes256', '3des'] as const)('reads a %s bundle with its chain', (algorithm) => {
    const p12 = makePkcs12(client, PASSWORD, { chain: [ca], algorithm });
    const parsed = parseCertificateInput({ name: `client-${algorithm}.p12`, data: p12, password: PASSWORD });
    expect(parsed.error).toBeUndefined();
    expect(parsed.format).toBe('pkcs12');
    expect(parsed.certificates.map((c) => c.subject)).toEqual([
      'CN=integration-user.partner.example',
      'CN=Keystore CA',
    ]);
    expect(parsed.certificates[0].notAfter).toBe('2026-11-17T00:00:00Z');
    expect(parsed.certificates[0].fingerprintSha256).toBe(
      parseCertificateInput({ name: 'pem', data: client.certPem }).certificates[0].fingerprintSha256,
    );
  });

  it('reads a legacy RC2-40 bundle made by openssl -legacy', () => {
    const parsed = parseCertificateInput({
      name: 'legacy-rc2.p12',
      data: fixture('legacy-rc2.p12'),
      password: 'fixture-rc2',
    });
    expect(parsed.error).toBeUndefined();
    expect(parsed.certificates).toHaveLength(1);
    expect(parsed.certificates[0]).toMatchObject({
      subject: 'CN=legacy-rc2.example, O=Cert Sentinel Fixtures',
      serialNumber: '0A11',
      notAfter: '2036-11-20T10:45:52Z',
      fingerprintSha256:
        '0E:C5:47:A1:92:24:D4:2F:20:38:FE:EE:55:32:32:42:77:89:54:E8:31:5C:6D:DF:13:F5:0C:14:9E:CC:56:D2',
    });
  });

  it('reads an OpenSSL 3 (AES, PBKDF2) bundle holding an EC certificate', () => {
    const parsed = parseCertificateInput({
      name: 'ec-p256.p12',
      data: fixture('ec-p256.p12'),
      password: 'fixture-ec',
    });
    expect(parsed.error).toBeUndefined();
    expect(parsed.certificates[0]).toMatchObject({
      subject: 'CN=ec-p256.example',
      keyType: 'ec',
      keySize: 256,
      fingerprintSha256:
        '39:9A:C2:6E:7D:0D:DF:D2:F4:ED:B0:29:66:7C:8D:C9:05:4C:A1:4A:15:D6:30:C6:43:EA:20:D4:52:C9:88:45',
    });
  });

  it('reads a bundle stored as bare base64 text (a secret string)', () => {
    const p12 = makePkcs12(client, PASSWORD, { algorithm: 'aes256' });
    const parsed = parseCertificateInput({
      name: 'secret',
      data: p12.toString('base64'),
      password: PASSWORD,
    });
    expect(parsed.error).toBeUndefined();
    expect(parsed.certificates).toHaveLength(1);
  });

  it('says "wrong password" and leaks neither the password nor the key', () => {
    const p12 = makePkcs12(client, PASSWORD, { algorithm: 'aes256' });
    const wrong = 'not-the-password-9876';
    const parsed = parseCertificateInput({ name: 'client.p12', data: p12, password: wrong });
    expect(parsed).toEqual({
      input: 'client.p12',
      certificates: [],
      format: 'pkcs12',
      error: 'client.p12: wrong password or corrupt file (PKCS#12 integrity check failed)',
    });
    assertNothingSecret(parsed, wrong);
    assertNothingSecret(parsed, PASSWORD);
  });

  it('asks for a password when none was given', () => {
    const parsed = parseCertificateInput({ name: 'client.p12', data: makePkcs12(client, PASSWORD) });
    expect(parsed.error).toBe(
      'client.p12: needs a password (none given), or the file is corrupt (PKCS#12 integrity check failed)',
    );
  });

  it('treats a flipped byte as corruption', () => {
    const p12 = Buffer.from(makePkcs12(client, PASSWORD));
    p12[Math.floor(p12.length / 2)] ^= 0xff;
    const parsed = parseCertificateInput({ name: 'flipped.p12', data: p12, password: PASSWORD });
    expect(parsed.certificates).toEqual([]);
    expect(parsed.error).toMatch(
      /^flipped\.p12: (wrong password or corrupt file|not a readable PKCS#12 file)/,
    );
  });

  it('reports a truncated bundle as PKCS#12', () => {
    const p12 = makePkcs12(client, PASSWORD).subarray(0, 300);
    const parsed = parseCertificateInput({ name: 'short.p12', data: p12, password: PASSWORD });
    expect(parsed.format).toBe('pkcs12');
    expect(parsed.error).toMatch(/^short\.p12: not a readable PKCS#12 file \(.+\)$/);
    assertNothingSecret(parsed, PASSWORD);
  });
});

describe('Java KeyStore', () => {
  const keytoolFingerprints = [
    '27:C0:C8:10:7D:27:16:71:3E:1C:DB:F8:16:0A:34:2B:75:E6:0D:EF:8B:46:48:63:F2:A7:75:88:01:A7:49:50',
    'D5:09:CC:09:CE:EA:A2:57:AC:CD:3F:97:D6:21:C7:76:FD:AB:13:F3:3C:76:FF:C4:94:D0:13:69:32:F4:37:AC',
    '0E:C5:47:A1:92:24:D4:2F:20:38:FE:EE:55:32:32:42:77:89:54:E8:31:5C:6D:DF:13:F5:0C:14:9E:CC:56:D2',
  ];

  it('reads key entries and trusted certificates, checking the store password', () => {
    const parsed = parseCertificateInput({
      name: 'partner.jks',
      data: fixture('partner.jks'),
      password: 'fixture-jks',
    });
    expect(parsed.error).toBeUndefined();
    expect(parsed.format).toBe('jks');
    expect(parsed.certificates.map((c) => c.fingerprintSha256).sort()).toEqual(
      [...keytoolFingerprints].sort(),
    );
    const ec = parsed.certificates.find((c) => c.subject === 'CN=ec-client.example');
    expect(ec).toMatchObject({ keyType: 'ec', keySize: 384, selfSigned: true });
  });

  it('reads the certificates without a password (they are not encrypted)', () => {
    const parsed = parseCertificateInput({ name: 'partner.jks', data: fixture('partner.jks') });
    expect(parsed.error).toBeUndefined();
    expect(parsed.certificates).toHaveLength(3);
  });

  it('says "wrong password" without echoing it', () => {
    const parsed = parseCertificateInput({
      name: 'partner.jks',
      data: fixture('partner.jks'),
      password: 'wrong-store-pass',
    });
    expect(parsed.error).toBe('partner.jks: wrong password or corrupt file (JKS integrity check failed)');
    expect(parsed.certificates).toEqual([]);
    assertNothingSecret(parsed, 'wrong-store-pass');
  });

  it('reports a truncated keystore', () => {
    const parsed = parseCertificateInput({
      name: 'short.jks',
      data: fixture('partner.jks').subarray(0, 200),
    });
    expect(parsed.format).toBe('jks');
    expect(parsed.error).toMatch(/^short\.jks: not a readable JKS keystore \(.+\)$/);
  });

  it('refuses JCEKS clearly', () => {
    const parsed = parseCertificateInput({
      name: 'partner.jceks',
      data: fixture('partner.jceks'),
      password: 'fixture-jks',
    });
    expect(parsed.error).toBe(
      'partner.jceks: is a JCEKS keystore, which is unsupported (convert it to PKCS#12)',
    );
  });
});

describe('loading', () => {
  it('loads node-forge and jks-js only when a keystore is met', () => {
    const script = [
      "const { parseCertificateInput } = require('./lambdas/core/certificates/parse');",
      "const { readFileSync } = require('node:fs');",
      'const loaded = () => Object.keys(require.cache).some((k) => /node_modules[\\\\/](node-forge|jks-js)[\\\\/]/.test(k));',
      "parseCertificateInput({ name: 'a', data: readFileSync('test/fixtures/certificates/ec-p256.crt') });",
      'const afterPem = loaded();',
      "parseCertificateInput({ name: 'b', data: readFileSync('test/fixtures/certificates/partner.jks') });",
      'console.log(JSON.stringify({ afterPem, afterJks: loaded() }));',
    ].join('\n');
    const out = execFileSync(join(root, 'node_modules/.bin/tsx'), ['-e', script], {
      cwd: root,
      env: { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim())).toEqual({ afterPem: false, afterJks: true });
  });
});
