/**
 * Real certificate material for the Secrets Manager tests, and the check that none of its secret
 * parts (private keys, keystores, passwords) ever shows up in an output.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daysFrom, makeCertificate, makePkcs12, type TestCertificate } from '../../helpers/pki';

export const NOW = new Date('2026-11-23T09:00:00Z');
export const REGION = 'eu-west-1';

export const partnerCa = makeCertificate({
  commonName: 'Partner Issuing CA',
  notBefore: daysFrom(NOW, -400),
  notAfter: daysFrom(NOW, 2000),
  isCa: true,
  keySlot: 'sm-ca',
});

export const clientCert = makeCertificate({
  commonName: 'erp-client.partner.example',
  notBefore: daysFrom(NOW, -100),
  notAfter: daysFrom(NOW, 80),
  issuer: partnerCa,
  extendedKeyUsage: ['clientAuth'],
  keySlot: 'sm-client',
});

export const otherCert = makeCertificate({
  commonName: 'other.partner.example',
  notBefore: daysFrom(NOW, -10),
  notAfter: daysFrom(NOW, 190),
  keySlot: 'sm-other',
});

export const PASSWORD = 'Tr0ub4dor&3-keystore-pw';

export const pkcs12WithPassword = makePkcs12(clientCert, PASSWORD, { chain: [partnerCa] });
export const pkcs12Legacy = makePkcs12(clientCert, PASSWORD, { chain: [partnerCa], algorithm: '3des' });
export const pkcs12EmptyPassword = makePkcs12(clientCert, '', { chain: [partnerCa] });

/** A JKS made by the JDK's own keytool from a PKCS#12, so the format is the real one. */
export function makeJks(leaf: TestCertificate, password: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sm-jks-'));
  try {
    writeFileSync(join(dir, 'in.p12'), makePkcs12(leaf, password, { chain: [partnerCa], algorithm: '3des' }));
    execFileSync(
      'keytool',
      [
        '-importkeystore',
        ...['-srckeystore', join(dir, 'in.p12'), '-srcstoretype', 'PKCS12', '-srcstorepass', password],
        ...['-destkeystore', join(dir, 'out.jks'), '-deststoretype', 'JKS', '-deststorepass', password],
        ...['-destkeypass', password, '-noprompt'],
      ],
      { stdio: 'ignore' },
    );
    return readFileSync(join(dir, 'out.jks'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The secret parts of the material above: none may appear in any output. */
export function sensitiveStrings(extra: string[] = []): string[] {
  const keyBodies = [clientCert.keyPem, partnerCa.keyPem, otherCert.keyPem].flatMap((pem) =>
    pem
      .split('\n')
      .filter((line) => line.length >= 40 && !line.startsWith('-----'))
      .slice(0, 6),
  );
  const keystores = [pkcs12WithPassword, pkcs12Legacy, pkcs12EmptyPassword].map((b) =>
    b.toString('base64').slice(100, 160),
  );
  return [PASSWORD, 'PRIVATE KEY', ...keyBodies, ...keystores, ...extra.filter((e) => e.length >= 6)];
}

export function expectNoSecrets(output: unknown, extra: string[] = []): void {
  const text = typeof output === 'string' ? output : JSON.stringify(output, errorReplacer);
  for (const secret of sensitiveStrings(extra)) {
    if (text.includes(secret)) throw new Error(`output leaks secret material (${secret.slice(0, 6)}...)`);
  }
}

/** JSON.stringify drops Error fields: keep message, stack and cause. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  }
  return value;
}
