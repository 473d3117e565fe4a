import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { daysFrom, makeCertificate, makePkcs12 } from '../../helpers/pki';

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

/**
 * A real JKS made once by the JDK's keytool (see test/fixtures/certificates/README.md), committed so
 * the tests need no Java: one key entry, CN=jks-client.partner.example.
 */
export const JKS_PASSWORD = 'fixture-jks';
export const jksKeystore = readFileSync(
  join(__dirname, '..', '..', 'fixtures', 'certificates', 'single-client.jks'),
);

/** The secret parts of the material above: none may appear in any output. */
export function sensitiveStrings(extra: string[] = []): string[] {
  // A key line the certificates also carry is the public modulus (records keep certificate DER).
  const certificates = [clientCert, partnerCa, otherCert].map((c) => c.der.toString('base64')).join(' ');
  const keyBodies = [clientCert.keyPem, partnerCa.keyPem, otherCert.keyPem].flatMap((pem) =>
    pem
      .split('\n')
      .filter((line) => line.length >= 40 && !line.startsWith('-----'))
      .slice(0, 6)
      .filter((line) => !certificates.includes(line)),
  );
  const keystores = [pkcs12WithPassword, pkcs12Legacy, pkcs12EmptyPassword].map((b) =>
    b.toString('base64').slice(100, 160),
  );
  return [
    PASSWORD,
    JKS_PASSWORD,
    'PRIVATE KEY',
    ...keyBodies,
    ...keystores,
    ...extra.filter((e) => e.length >= 6),
  ];
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
