/**
 * The engine reads subject, issuer, serial number, SANs, validity, key type and size and the CA
 * flag from the DER in JavaScript when the encoding is a plain one, and asks Node otherwise. These
 * tests hold the JavaScript readers to Node's answers on certificates written byte by byte: every
 * plain case must be read in JavaScript and agree with Node, every other case must be left to Node.
 *
 * The reference is `describeX509(cert, EMPTY)`: without the DER bytes no reader can run, so every
 * field comes from Node's getters.
 */
import { generateKeyPairSync, type KeyObject, sign, X509Certificate } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  integerHex,
  NULL,
  octetString,
  oid,
  sequence,
  set,
  time,
  tlv,
  utf8,
} from '../../../bench/der-writer';
import {
  altNamesFromDer,
  extensionValues,
  notCaFromDer,
} from '../../../lambdas/core/certificates/extensions';
import { distinguishedNameFromDer } from '../../../lambdas/core/certificates/names';
import { keyFromSpki } from '../../../lambdas/core/certificates/public-key';
import { tbsLayout } from '../../../lambdas/core/certificates/tbs';
import { describeX509 } from '../../../lambdas/core/certificates/x509';

const EMPTY = Buffer.alloc(0);

type KeyKind = 'rsa2048' | 'rsa3072' | 'p256' | 'p384' | 'p521' | 'secp256k1' | 'ed25519';

const keys = new Map<KeyKind, { privateKey: KeyObject; publicKey: KeyObject }>();
function keyPair(kind: KeyKind) {
  let pair = keys.get(kind);
  if (!pair) {
    pair =
      kind === 'rsa2048' || kind === 'rsa3072'
        ? generateKeyPairSync('rsa', { modulusLength: kind === 'rsa2048' ? 2048 : 3072 })
        : kind === 'ed25519'
          ? generateKeyPairSync('ed25519')
          : generateKeyPairSync('ec', {
              namedCurve: {
                p256: 'prime256v1',
                p384: 'secp384r1',
                p521: 'secp521r1',
                secp256k1: 'secp256k1',
              }[kind],
            });
    keys.set(kind, pair);
  }
  return pair;
}

const printable = (text: string) => tlv(0x13, Buffer.from(text, 'latin1'));
const ia5 = (text: string) => tlv(0x16, Buffer.from(text, 'latin1'));
const teletex = (text: string) => tlv(0x14, Buffer.from(text, 'latin1'));
const bmp = (text: string) => tlv(0x1e, Buffer.from(text, 'utf16le').swap16());
const attribute = (type: string, value: Buffer) => sequence(oid(type), value);
const rdn = (type: string, value: Buffer) => set(attribute(type, value));
const name = (...rdns: Buffer[]) => sequence(...rdns);

const extension = (type: string, value: Buffer, critical = false) =>
  sequence(oid(type), ...(critical ? [boolean(true)] : []), octetString(value));
const san = (...names: Buffer[]) => extension('2.5.29.17', sequence(...names));
const dns = (text: string) => tlv(0x82, Buffer.from(text, 'latin1'));
const basicConstraints = (...content: Buffer[]) => extension('2.5.29.19', sequence(...content), true);
/** keyUsage with keyCertSign and cRLSign (bits 5 and 6), or digitalSignature only (bit 0). */
const keyUsage = (certSign: boolean) =>
  extension('2.5.29.15', tlv(0x03, Buffer.from(certSign ? [0x01, 0x06] : [0x07, 0x80])), true);

interface Options {
  subject?: Buffer;
  issuer?: Buffer;
  extensions?: Buffer[];
  key?: KeyKind;
  serial?: Buffer;
  /** Replaces the key's own SubjectPublicKeyInfo (the certificate is still signed with the key). */
  spki?: Buffer;
  /** Version 1: no version field and no extensions. */
  v1?: boolean;
  notBefore?: Date;
  notAfter?: Date;
}

const DEFAULT_NAME = name(rdn('2.5.4.3', utf8('fields.example')));

/** A certificate signed with its own key (so a subject equal to its issuer makes it self-signed). */
function certificate(options: Options = {}): Buffer {
  const pair = keyPair(options.key ?? 'p256');
  const type = pair.publicKey.asymmetricKeyType;
  const algorithm =
    type === 'rsa'
      ? sequence(oid('1.2.840.113549.1.1.11'), NULL)
      : type === 'ed25519'
        ? sequence(oid('1.3.101.112'))
        : sequence(oid('1.2.840.10045.4.3.2'));
  const subject = options.subject ?? DEFAULT_NAME;
  const tbs = sequence(
    ...(options.v1 ? [] : [explicit(0, integerHex('02'))]),
    options.serial ?? integerHex('1f2e3d'),
    algorithm,
    options.issuer ?? name(rdn('2.5.4.3', utf8('Fields Test CA'))),
    sequence(
      time(options.notBefore ?? new Date('2026-01-01T00:00:00Z')),
      time(options.notAfter ?? new Date('2027-01-01T00:00:00Z')),
    ),
    subject,
    options.spki ?? pair.publicKey.export({ type: 'spki', format: 'der' }),
    ...(options.v1 || !options.extensions ? [] : [explicit(3, sequence(...options.extensions))]),
  );
  const signature = sign(type === 'ed25519' ? null : 'sha256', tbs, pair.privateKey);
  return sequence(tbs, algorithm, bitString(signature));
}

function fromNode(der: Buffer) {
  return describeX509(new X509Certificate(der), EMPTY);
}

function fromDer(der: Buffer) {
  return describeX509(new X509Certificate(der), der);
}

function layoutOf(der: Buffer) {
  const layout = tbsLayout(der);
  if (!layout) throw new Error('no layout');
  return layout;
}

describe('distinguished names read from DER', () => {
  it.each([
    ['one CN', name(rdn('2.5.4.3', utf8('client.partner.example')))],
    [
      'the usual attributes, in the order of the DER',
      name(
        rdn('2.5.4.6', printable('DE')),
        rdn('2.5.4.8', utf8('Bayern')),
        rdn('2.5.4.7', utf8('Muenchen')),
        rdn('2.5.4.10', utf8('Partner GmbH')),
        rdn('2.5.4.11', utf8('Integration Ops')),
        rdn('2.5.4.3', utf8('sync.partner.example')),
      ),
    ],
    [
      'every other attribute type in the table',
      name(
        rdn('0.9.2342.19200300.100.1.25', ia5('example')),
        rdn('0.9.2342.19200300.100.1.25', ia5('com')),
        rdn('1.3.6.1.4.1.311.60.2.1.3', printable('US')),
        rdn('1.3.6.1.4.1.311.60.2.1.2', utf8('Delaware')),
        rdn('1.3.6.1.4.1.311.60.2.1.1', utf8('Wilmington')),
        rdn('2.5.4.15', utf8('Private Organization')),
        rdn('2.5.4.5', printable('HRB 12345')),
        rdn('2.5.4.97', utf8('VATDE-123456789')),
        rdn('2.5.4.9', utf8('1 Main Street')),
        rdn('2.5.4.17', utf8('80331')),
        rdn('2.5.4.12', utf8('Integration Lead')),
        rdn('2.5.4.42', utf8('Ada')),
        rdn('2.5.4.4', utf8('Lovelace')),
        rdn('0.9.2342.19200300.100.1.1', utf8('ada01')),
        rdn('1.2.840.113549.1.9.1', ia5('ops@partner.example')),
      ),
    ],
    [
      'printable characters that need no escaping',
      name(rdn('2.5.4.3', utf8("a=b c-d.e_f@g(h)i/j:k'l?m*n!o#p%q&r")), rdn('2.5.4.10', utf8('O#1 x'))),
    ],
  ])('reads %s as Node prints it', (_, subject) => {
    const der = certificate({ subject });
    const expected = fromNode(der).subject;
    expect(distinguishedNameFromDer(der, layoutOf(der).subject)).toBe(expected);
    expect(fromDer(der).subject).toBe(expected);
  });

  it.each([
    ['a comma (escaped by Node)', name(rdn('2.5.4.10', utf8('Acme, Inc.')))],
    ...['+', '"', '\\', '<', '>', ';'].map(
      (c) => [`"${c}" (escaped by Node)`, name(rdn('2.5.4.3', utf8(`a${c}b`)))] as [string, Buffer],
    ),
    ['a leading "#"', name(rdn('2.5.4.3', utf8('#1')))],
    ['a leading space', name(rdn('2.5.4.3', utf8(' x')))],
    ['a trailing space', name(rdn('2.5.4.3', utf8('x ')))],
    ['non-ASCII UTF-8', name(rdn('2.5.4.10', utf8('Société Générale')))],
    ['a control character', name(rdn('2.5.4.3', utf8('a\tb')))],
    ['an empty value', name(rdn('2.5.4.3', utf8('')))],
    [
      'a multi-valued RDN',
      name(set(attribute('2.5.4.3', utf8('multi.example')), attribute('2.5.4.10', utf8('Multi')))),
    ],
    ['an attribute type outside the table', name(rdn('1.2.3.4.5', utf8('custom')))],
    ['a BMPString', name(rdn('2.5.4.3', bmp('bmp.example')))],
    ['a TeletexString', name(rdn('2.5.4.3', teletex('t61.example')))],
    ['an empty name', name()],
  ])('leaves a name with %s to Node', (_, subject) => {
    const der = certificate({ subject });
    expect(distinguishedNameFromDer(der, layoutOf(der).subject)).toBeUndefined();
    expect(fromDer(der)).toEqual(fromNode(der));
  });
});

describe('subjectAltName read from DER', () => {
  it('reads DNS, e-mail, URI and IPv4 names as Node prints them', () => {
    const der = certificate({
      extensions: [
        san(
          dns('api.partner.example'),
          dns('*.partner.example'),
          tlv(0x87, Buffer.from([192, 0, 2, 7])),
          tlv(0x81, Buffer.from('ops@partner.example')),
          tlv(0x86, Buffer.from('https://partner.example/sync?x=1&y=%20')),
        ),
      ],
    });
    const expected = fromNode(der).subjectAltNames;
    expect(expected).toHaveLength(5);
    const extensions = extensionValues(der, layoutOf(der).extensions);
    expect(extensions && altNamesFromDer(der, extensions)).toEqual(expected);
    expect(fromDer(der).subjectAltNames).toEqual(expected);
  });

  it('reads no SAN as none', () => {
    const der = certificate({ extensions: [basicConstraints()] });
    const extensions = extensionValues(der, layoutOf(der).extensions);
    expect(extensions && altNamesFromDer(der, extensions)).toEqual([]);
    expect(fromNode(der).subjectAltNames).toEqual([]);
  });

  it.each([
    ['an IPv6 address', san(tlv(0x87, Buffer.from('20010db8000000000000000000000001', 'hex')))],
    ['an otherName (UPN)', san(tlv(0xa0, oid('1.3.6.1.4.1.311.20.2.3'), explicit(0, utf8('upn@example'))))],
    ['a directory name', san(explicit(4, name(rdn('2.5.4.3', utf8('dir')))))],
    ['a DNS name with a comma', san(dns('a,b.example'))],
    ['a DNS name with a quote', san(dns('a"b.example'))],
    ['a DNS name with a space', san(dns('a b.example'))],
    ['an empty list', extension('2.5.29.17', sequence())],
  ])('leaves %s to Node', (_, sanExtension) => {
    const der = certificate({ extensions: [sanExtension] });
    const extensions = extensionValues(der, layoutOf(der).extensions);
    expect(extensions && altNamesFromDer(der, extensions)).toBeUndefined();
    expect(fromDer(der)).toEqual(fromNode(der));
  });

  it('leaves a certificate with two subjectAltName extensions to Node', () => {
    const der = certificate({ extensions: [san(dns('a.example')), san(dns('b.example'))] });
    expect(extensionValues(der, layoutOf(der).extensions)).toBeUndefined();
    expect(fromDer(der)).toEqual(fromNode(der));
  });
});

describe('the CA flag', () => {
  it.each([
    ['no basicConstraints', [keyUsage(true)]],
    ['no extensions at all', []],
    ['an empty basicConstraints', [basicConstraints()]],
    ['cA FALSE written out', [basicConstraints(boolean(false))]],
    ['a path length without cA', [basicConstraints(integerHex('01'))]],
  ])('is false without asking Node for %s', (_, extensions) => {
    const der = certificate({ extensions });
    const read = extensionValues(der, layoutOf(der).extensions);
    expect(read && notCaFromDer(der, read)).toBe(false);
    expect(fromNode(der).isCa).toBe(false);
  });

  it('is false for a version 1 certificate, as OpenSSL says', () => {
    const der = certificate({ v1: true, issuer: DEFAULT_NAME });
    expect(layoutOf(der).extensions).toBeUndefined();
    expect(fromNode(der)).toMatchObject({ isCa: false, selfSigned: true });
    expect(fromDer(der)).toEqual(fromNode(der));
  });

  it.each([
    ['cA TRUE with keyCertSign', [basicConstraints(boolean(true)), keyUsage(true)], true],
    ['cA TRUE without keyUsage', [basicConstraints(boolean(true))], true],
    ['cA TRUE but keyUsage without keyCertSign', [basicConstraints(boolean(true)), keyUsage(false)], false],
  ])('asks Node when %s', (_, extensions, ca) => {
    const der = certificate({ extensions });
    const read = extensionValues(der, layoutOf(der).extensions);
    expect(read && notCaFromDer(der, read)).toBeUndefined();
    expect(fromNode(der).isCa).toBe(ca);
    expect(fromDer(der)).toEqual(fromNode(der));
  });
});

describe('key type and size read from DER', () => {
  it.each([
    ['rsa2048', 'rsa', 2048],
    ['rsa3072', 'rsa', 3072],
    ['p256', 'ec', 256],
    ['p384', 'ec', 384],
    ['p521', 'ec', 521],
    ['secp256k1', 'ec', 256],
  ] as const)('reads %s', (key, keyType, keySize) => {
    const der = certificate({ key });
    // An RSA key of two INTEGERs is one OpenSSL loads; whether an EC point is on its curve is Node's to say.
    expect(keyFromSpki(der, layoutOf(der).spki)).toEqual({ keyType, keySize, loads: keyType === 'rsa' });
    expect(fromNode(der)).toMatchObject({ keyType, keySize });
    expect(fromDer(der)).toEqual(fromNode(der));
  });

  it('leaves Ed25519 to Node', () => {
    const der = certificate({ key: 'ed25519' });
    expect(keyFromSpki(der, layoutOf(der).spki)).toBeUndefined();
    expect(fromDer(der)).toEqual(fromNode(der));
    expect(fromDer(der)).toMatchObject({ keyType: 'ed25519', keySize: 256 });
  });
});

describe('keys in other forms are left to Node', () => {
  const RSA = sequence(oid('1.2.840.113549.1.1.1'), NULL);
  const P256 = sequence(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7'));
  const modulus = integerHex(`c${'5'.repeat(511)}`);
  const p256Point = () => {
    const spki = keyPair('p256').publicKey.export({ type: 'spki', format: 'der' });
    return Buffer.from(spki.subarray(spki.length - 65));
  };
  const offCurve = p256Point();
  offCurve[64] ^= 1;

  it.each([
    ['an RSA key with a modulus only', sequence(RSA, bitString(sequence(modulus))), 'unknown'],
    [
      'an RSA key with three INTEGERs',
      sequence(RSA, bitString(sequence(modulus, integerHex('010001'), integerHex('03')))),
      'unknown',
    ],
    // OpenSSL ignores the unused-bits count; the reader does not guess and asks.
    [
      'an RSA key whose BIT STRING has unused bits',
      sequence(RSA, tlv(0x03, Buffer.from([3]), sequence(modulus, integerHex('010001')))),
      'rsa',
    ],
    ['an EC point off its curve', sequence(P256, bitString(offCurve)), 'unknown'],
    [
      'an EC point that is not a point',
      sequence(P256, bitString(Buffer.from([0x04, 0x01, 0x02]))),
      'unknown',
    ],
  ])('reports %s as Node does', (_, spki, keyType) => {
    const der = certificate({ spki });
    expect(keyFromSpki(der, layoutOf(der).spki)?.loads ?? false).toBe(false);
    expect(fromNode(der)).toMatchObject({ keyType });
    expect(fromDer(der)).toEqual(fromNode(der));
  });
});

describe('whole certificates', () => {
  it.each([
    ['a serial with a leading zero byte', { serial: integerHex('80aa') }],
    ['a negative serial (left to Node)', { serial: tlv(0x02, Buffer.from([0xff, 0x01])) }],
    ['a self-signed root', { issuer: DEFAULT_NAME, extensions: [basicConstraints(boolean(true))] }],
    [
      'a GeneralizedTime expiry',
      { notBefore: new Date('1949-12-31T23:59:59Z'), notAfter: new Date('2050-01-01T00:00:00Z') },
    ],
  ] as Array<[string, Options]>)('describes %s as Node does', (_, options) => {
    const der = certificate(options);
    expect(fromDer(der)).toEqual(fromNode(der));
  });

  it('reads a certificate with unique identifiers', () => {
    // Splice [1] issuerUniqueID and [2] subjectUniqueID in front of the extensions.
    const plain = certificate({ extensions: [san(dns('uid.example'))] });
    const pair = keyPair('p256');
    const tbsElements = [
      explicit(0, integerHex('02')),
      integerHex('1f2e3d'),
      sequence(oid('1.2.840.10045.4.3.2')),
      name(rdn('2.5.4.3', utf8('Fields Test CA'))),
      sequence(time(new Date('2026-01-01T00:00:00Z')), time(new Date('2027-01-01T00:00:00Z'))),
      DEFAULT_NAME,
      pair.publicKey.export({ type: 'spki', format: 'der' }),
      tlv(0x81, Buffer.from([0x00, 0x01, 0x02])),
      tlv(0x82, Buffer.from([0x00, 0x03, 0x04])),
      explicit(3, sequence(san(dns('uid.example')))),
    ];
    const tbs = sequence(...tbsElements);
    const der = sequence(
      tbs,
      sequence(oid('1.2.840.10045.4.3.2')),
      bitString(sign('sha256', tbs, pair.privateKey)),
    );
    expect(layoutOf(der).extensions).toBeDefined();
    expect(fromDer(der)).toEqual(fromNode(der));
    expect(fromDer(der).subjectAltNames).toEqual(fromDer(plain).subjectAltNames);
  });
});
