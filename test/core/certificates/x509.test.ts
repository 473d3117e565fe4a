import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { describeX509 } from '../../../lambdas/core/certificates/x509';
import { makeCertificate } from '../../helpers/pki';

const fixtures = join(__dirname, '../../fixtures/certificates');
const at = (iso: string) => new Date(iso);

const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

/** The ASN.1 tag written in front of a time string, to prove which encoding the test exercises. */
function timeTag(der: Buffer, time: string): number {
  const at = der.indexOf(time);
  if (at < 2) throw new Error(`${time} not found in the certificate`);
  return der[at - 2];
}

describe('describeX509', () => {
  const ca = makeCertificate({
    commonName: 'Test Root CA',
    organization: 'Cert Sentinel',
    notBefore: at('2025-01-01T00:00:00Z'),
    notAfter: at('2035-01-01T00:00:00Z'),
    isCa: true,
    keySlot: 'x509-ca',
  });
  const leaf = makeCertificate({
    commonName: 'client.partner.example',
    issuer: ca,
    notBefore: at('2026-03-20T08:15:30Z'),
    notAfter: at('2026-10-06T08:15:29Z'),
    dnsNames: ['client.partner.example', 'alt.partner.example'],
    ipAddresses: ['192.0.2.7'],
    serialHex: '0a1b2c3d4e5f',
    keySlot: 'x509-leaf',
  });

  it('describes a CA-issued leaf', () => {
    const info = describeX509(new X509Certificate(leaf.der));
    expect(info).toEqual({
      subject: 'CN=client.partner.example',
      issuer: 'CN=Test Root CA, O=Cert Sentinel',
      serialNumber: '0A1B2C3D4E5F',
      subjectAltNames: ['DNS:client.partner.example', 'DNS:alt.partner.example', 'IP Address:192.0.2.7'],
      notBefore: '2026-03-20T08:15:30Z',
      notAfter: '2026-10-06T08:15:29Z',
      fingerprintSha256: new X509Certificate(leaf.certPem).fingerprint256,
      keyType: 'rsa',
      keySize: 2048,
      selfSigned: false,
      isCa: false,
    });
  });

  it('marks a root as a self-signed CA', () => {
    const info = describeX509(new X509Certificate(ca.der));
    expect(info.selfSigned).toBe(true);
    expect(info.isCa).toBe(true);
    expect(info.subjectAltNames).toEqual([]);
  });

  it('does not call a certificate self-signed when only the names match', () => {
    const impostor = makeCertificate({
      commonName: 'Test Root CA',
      organization: 'Cert Sentinel',
      notBefore: at('2026-01-01T00:00:00Z'),
      notAfter: at('2027-01-01T00:00:00Z'),
      issuer: ca,
      keySlot: 'x509-leaf',
    });
    const info = describeX509(new X509Certificate(impostor.der));
    expect(info.subject).toBe(info.issuer);
    expect(info.selfSigned).toBe(false);
  });

  it.each([
    ['1950-01-01T00:00:00Z', '500101000000Z', UTC_TIME],
    ['2049-12-31T23:59:59Z', '491231235959Z', UTC_TIME],
    ['2050-01-01T00:00:00Z', '20500101000000Z', GENERALIZED_TIME],
    ['1949-12-31T23:59:59Z', '19491231235959Z', GENERALIZED_TIME],
    ['9999-12-31T23:59:59Z', '99991231235959Z', GENERALIZED_TIME],
  ])('reads %s exactly (encoded as %s)', (iso, encoded, tag) => {
    const notBefore = iso < '2000' ? at('1940-06-15T12:00:00Z') : at('2026-01-01T00:00:00Z');
    const cert = makeCertificate({
      commonName: `time ${iso}`,
      notBefore,
      notAfter: at(iso),
      keySlot: 'x509-leaf',
    });
    expect(timeTag(cert.der, encoded)).toBe(tag);
    const info = describeX509(new X509Certificate(cert.der));
    expect(info.notAfter).toBe(iso);
    expect(info.notBefore).toBe(notBefore.toISOString().replace('.000Z', 'Z'));
  });

  it('reads EC key sizes from the curve', () => {
    const info = describeX509(new X509Certificate(readFileSync(join(fixtures, 'ec-p256.crt'))));
    expect(info).toMatchObject({
      keyType: 'ec',
      keySize: 256,
      subject: 'CN=ec-p256.example',
      serialNumber: '0EC1',
    });
  });

  it('reports an empty subject as empty (the identity is then in subjectAltName)', () => {
    const key = forge.pki.privateKeyFromPem(
      makeCertificate({
        commonName: 'key',
        notBefore: at('2026-01-01T00:00:00Z'),
        notAfter: at('2027-01-01T00:00:00Z'),
        keySlot: 'x509-leaf',
      }).keyPem,
    );
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.setRsaPublicKey(
      (key as forge.pki.rsa.PrivateKey).n,
      (key as forge.pki.rsa.PrivateKey).e,
    );
    cert.serialNumber = '0e11';
    cert.validity.notBefore = at('2026-01-01T00:00:00Z');
    cert.validity.notAfter = at('2027-01-01T00:00:00Z');
    cert.setSubject([]);
    cert.setIssuer(ca.forgeCert.subject.attributes);
    cert.setExtensions([
      { name: 'subjectAltName', critical: true, altNames: [{ type: 2, value: 'no-subject.example' }] },
    ]);
    cert.sign(ca.forgeKey, forge.md.sha256.create());
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
    expect(describeX509(new X509Certificate(der))).toMatchObject({
      subject: '',
      issuer: 'CN=Test Root CA, O=Cert Sentinel',
      subjectAltNames: ['DNS:no-subject.example'],
      selfSigned: false,
    });
  });

  it('refuses a certificate whose notBefore is not a time', () => {
    const der = Buffer.from(leaf.der);
    der.write('261320081530Z', der.indexOf('260320081530Z'));
    const cert = new X509Certificate(der);
    expect(() => describeX509(cert)).toThrow('notBefore is not a readable time');
  });
});
