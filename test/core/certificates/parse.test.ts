import { X509Certificate } from 'node:crypto';
import { parseCertificateInput } from '../../../lambdas/core/certificates/parse';
import { effectiveNotAfter, recordFromChain } from '../../../lambdas/core/certificates/record';
import { makeCertificate } from '../../helpers/pki';

const at = (iso: string) => new Date(iso);

const root = makeCertificate({
  commonName: 'Parse Root',
  notBefore: at('2024-01-01T00:00:00Z'),
  notAfter: at('2034-01-01T00:00:00Z'),
  isCa: true,
  keySlot: 'parse-root',
});
const intermediate = makeCertificate({
  commonName: 'Parse Intermediate',
  issuer: root,
  notBefore: at('2024-06-01T00:00:00Z'),
  // Expires before the leaf: the chain's effective expiry is this one.
  notAfter: at('2027-01-15T12:00:00Z'),
  isCa: true,
  keySlot: 'parse-root',
});
const leaf = makeCertificate({
  commonName: 'mtls.partner.example',
  issuer: intermediate,
  notBefore: at('2026-06-01T10:20:30Z'),
  notAfter: at('2027-06-01T10:20:30Z'),
  dnsNames: ['mtls.partner.example'],
  keySlot: 'parse-root',
});

const subjects = (data: string | Uint8Array) =>
  parseCertificateInput({ name: 'input', data }).certificates.map((c) => c.subject);

describe('parseCertificateInput: PEM', () => {
  it('reads one certificate from a string', () => {
    const parsed = parseCertificateInput({ name: 'leaf.pem', data: leaf.certPem });
    expect(parsed).toMatchObject({ input: 'leaf.pem', format: 'pem' });
    expect(parsed.error).toBeUndefined();
    expect(parsed.certificates).toHaveLength(1);
    expect(parsed.certificates[0]).toMatchObject({
      subject: 'CN=mtls.partner.example',
      issuer: 'CN=Parse Intermediate',
      notAfter: '2027-06-01T10:20:30Z',
      fingerprintSha256: new X509Certificate(leaf.der).fingerprint256,
    });
  });

  it('reads a chain from bytes, with text around and between the blocks, CRLF line ends', () => {
    const text = `Bag Attributes\r\n    friendlyName: client\r\nsubject=CN = mtls\r\n${leaf.certPem.replace(/\n/g, '\r\n')}\r\nissuer below\r\n${intermediate.certPem}${root.certPem}trailing notes`;
    expect(subjects(Buffer.from(text))).toEqual([
      'CN=mtls.partner.example',
      'CN=Parse Intermediate',
      'CN=Parse Root',
    ]);
  });

  it.each([
    ['leaf first', [leaf, intermediate, root]],
    ['leaf last', [root, intermediate, leaf]],
    ['shuffled', [intermediate, leaf, root]],
  ])('finds the leaf and the earliest expiry with the %s', (_order, chain) => {
    const parsed = parseCertificateInput({ name: 'chain.pem', data: chain.map((c) => c.certPem).join('') });
    expect(parsed.certificates).toHaveLength(3);
    expect(effectiveNotAfter(parsed.certificates)).toBe('2027-01-15T12:00:00Z');
    const record = recordFromChain(parsed.certificates, { source: 'files', name: 'chain.pem', kind: 'file' });
    expect(record.info?.subject).toBe('CN=mtls.partner.example');
    expect(record.notAfter).toBe('2027-01-15T12:00:00Z');
    expect(record.notBefore).toBe('2026-06-01T10:20:30Z');
  });

  it('reads the old BEGIN X509 CERTIFICATE label', () => {
    const old = leaf.certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '-----$1 X509 CERTIFICATE-----');
    expect(subjects(old)).toEqual(['CN=mtls.partner.example']);
  });

  it('reads BEGIN TRUSTED CERTIFICATE and ignores the trust data after the certificate', () => {
    // OpenSSL's auxiliary trust settings: SEQUENCE { SEQUENCE { OID clientAuth } }.
    const trust = Buffer.from('300c300a06082b06010505070302', 'hex');
    const body = Buffer.concat([leaf.der, trust]).toString('base64');
    const pem = `-----BEGIN TRUSTED CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n')}\n-----END TRUSTED CERTIFICATE-----\n`;
    const parsed = parseCertificateInput({ name: 'trusted.pem', data: pem });
    expect(parsed.error).toBeUndefined();
    expect(parsed.certificates[0].fingerprintSha256).toBe(new X509Certificate(leaf.der).fingerprint256);
  });

  it('skips private key blocks without decoding them', () => {
    const garbageKey =
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\n!!! not base64 !!!\n-----END ENCRYPTED PRIVATE KEY-----\n';
    const parsed = parseCertificateInput({
      name: 'bundle.pem',
      data: leaf.keyPem + garbageKey + leaf.certPem,
    });
    expect(parsed.error).toBeUndefined();
    expect(parsed.certificates.map((c) => c.subject)).toEqual(['CN=mtls.partner.example']);
  });

  it('reports a key-only file as holding no certificate, without echoing the key', () => {
    const parsed = parseCertificateInput({ name: 'key.pem', data: leaf.keyPem });
    expect(parsed.certificates).toEqual([]);
    expect(parsed.error).toBe('key.pem: holds only a private key (skipped, never read), no certificate');
    // A folder scan skips such a file (certbot's privkey.pem) instead of calling it unreadable.
    expect(parsed.privateKeyOnly).toBe(true);
    expect(JSON.stringify(parsed)).not.toContain(leaf.keyPem.split('\n')[1]);
  });

  it('explains a certificate signing request', () => {
    const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
    expect(parseCertificateInput({ name: 'pending.crt', data: csr }).error).toMatch(
      /^pending\.crt: no certificate found \(a certificate signing request is not a certificate/,
    );
  });

  it('reports bad base64 in one block and still returns the good ones', () => {
    const bad = '-----BEGIN CERTIFICATE-----\nMIIB*&^%$#@!\n-----END CERTIFICATE-----\n';
    const parsed = parseCertificateInput({ name: 'mixed.pem', data: leaf.certPem + bad });
    expect(parsed.certificates).toHaveLength(1);
    expect(parsed.error).toBe('mixed.pem: PEM block 2 (CERTIFICATE) is not valid base64');
  });

  it.each([
    ['a stray character', (line: string) => `${line}!`],
    // Node would read these as URL-safe base64: one byte changed in place, nothing shifted.
    ['a "-" for a character', (line: string) => `${line.slice(0, 10)}-${line.slice(11)}`],
    ['a "_" for a character', (line: string) => `${line.slice(0, 10)}_${line.slice(11)}`],
  ])('calls a block with %s bad base64 rather than read other bytes', (_, damage) => {
    const lines = leaf.certPem.split('\n');
    const damaged = [lines[0], damage(lines[1]), ...lines.slice(2)].join('\n');
    expect(parseCertificateInput({ name: 'damaged.pem', data: damaged })).toMatchObject({
      certificates: [],
      error: 'damaged.pem: PEM block 1 (CERTIFICATE) is not valid base64',
    });
  });

  it('reports a block cut off before its END line', () => {
    const cut = leaf.certPem.slice(0, 300);
    expect(parseCertificateInput({ name: 'cut.pem', data: cut }).error).toBe(
      'cut.pem: PEM block 1 (CERTIFICATE) has no "-----END CERTIFICATE-----" line (truncated?)',
    );
  });

  it('reports a block whose DER is truncated', () => {
    const body = leaf.der.subarray(0, 400).toString('base64');
    const pem = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
    expect(parseCertificateInput({ name: 'short.pem', data: pem }).error).toMatch(
      /^short\.pem: PEM block 1 \(CERTIFICATE\): truncated DER/,
    );
  });

  it('reports valid base64 that is not a certificate', () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]).toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(parseCertificateInput({ name: 'junk.pem', data: pem }).error).toMatch(
      /^junk\.pem: PEM block 1 \(CERTIFICATE\): not a readable X\.509 certificate \(.+\)$/,
    );
  });
});

describe('parseCertificateInput: DER and bare base64', () => {
  it('reads a DER certificate', () => {
    const parsed = parseCertificateInput({ name: 'leaf.cer', data: new Uint8Array(leaf.der) });
    expect(parsed.format).toBe('der');
    expect(parsed.certificates[0].serialNumber).toBe(new X509Certificate(leaf.der).serialNumber);
  });

  it('reads DER certificates written back to back', () => {
    expect(subjects(Buffer.concat([leaf.der, root.der]))).toEqual([
      'CN=mtls.partner.example',
      'CN=Parse Root',
    ]);
  });

  it('reads a DER certificate stored as bare base64 text', () => {
    expect(subjects(leaf.der.toString('base64'))).toEqual(['CN=mtls.partner.example']);
  });

  it('reports truncated DER', () => {
    const parsed = parseCertificateInput({
      name: 'short.der',
      data: leaf.der.subarray(0, leaf.der.length - 10),
    });
    expect(parsed.certificates).toEqual([]);
    expect(parsed.error).toMatch(/^short\.der: truncated DER \(an element of \d+ bytes, only \d+ present\)$/);
  });

  it('reports a DER certificate with a date that cannot be read', () => {
    const der = Buffer.from(leaf.der);
    der.write('261399102030Z', der.indexOf('260601102030Z'));
    expect(parseCertificateInput({ name: 'baddate.der', data: der }).error).toBe(
      'baddate.der: unreadable certificate: notBefore is not a readable time',
    );
  });
});

describe('parseCertificateInput: inputs with nothing to read', () => {
  it.each([
    ['empty bytes', new Uint8Array(0), 'empty.pem: is empty'],
    ['empty text', '  \n', 'empty.pem: is empty'],
    [
      'plain text',
      'hello, this is not a certificate',
      'empty.pem: no certificate found (not PEM, DER, PKCS#12 or JKS)',
    ],
    [
      'random bytes',
      Buffer.from([0x01, 0x02, 0xff, 0x00]),
      'empty.pem: no certificate found (not PEM, DER, PKCS#12 or JKS)',
    ],
  ])('%s', (_what, data, error) => {
    const parsed = parseCertificateInput({ name: 'empty.pem', data });
    expect(parsed).toEqual({ input: 'empty.pem', certificates: [], error });
  });
});
