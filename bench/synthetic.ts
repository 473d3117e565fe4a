/**
 * Synthetic certificate inputs for the benchmark: a handful of real keys, thousands of distinct
 * certificates (subject, serial and validity vary), signed for real with node:crypto.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import forge from 'node-forge';
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
} from './der-writer';

interface Signer {
  name: Buffer;
  key: KeyObject;
  algorithm: Buffer;
}

interface SubjectKey {
  spki: Buffer;
  privateKeyPem: string;
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const RSA_SHA256 = sequence(oid('1.2.840.113549.1.1.11'), NULL);
const DAY = 86_400_000;

const name = (cn: string, org = 'Cert Sentinel Bench') =>
  sequence(set(sequence(oid('2.5.4.10'), utf8(org))), set(sequence(oid('2.5.4.3'), utf8(cn))));

function subjectKey(type: 'rsa' | 'ec'): SubjectKey {
  const pair =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    spki: pair.publicKey.export({ type: 'spki', format: 'der' }),
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function certificate(options: {
  serial: string;
  subject: Buffer;
  issuer: Signer;
  subjectKey: SubjectKey;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  dnsName?: string;
}): Buffer {
  const extensions = [
    sequence(
      oid('2.5.29.19'),
      boolean(true),
      octetString(sequence(...(options.isCa ? [boolean(true)] : []))),
    ),
  ];
  if (options.dnsName) {
    extensions.push(
      sequence(oid('2.5.29.17'), octetString(sequence(tlv(0x82, Buffer.from(options.dnsName))))),
    );
  }
  const tbs = sequence(
    explicit(0, integerHex('02')),
    integerHex(options.serial),
    options.issuer.algorithm,
    options.issuer.name,
    sequence(time(options.notBefore), time(options.notAfter)),
    options.subject,
    options.subjectKey.spki,
    explicit(3, sequence(...extensions)),
  );
  return sequence(tbs, options.issuer.algorithm, bitString(sign('sha256', tbs, options.issuer.key)));
}

const toPem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)
    ?.join('\n')}\n-----END CERTIFICATE-----\n`;

export interface SyntheticInput {
  name: string;
  data: Uint8Array | string;
  password?: string;
  kind: 'pem' | 'der' | 'chain' | 'pkcs12';
  /** Certificates the input holds. */
  certificates: number;
}

export const PKCS12_PASSWORD = 'bench-only-password';

/**
 * About `count` certificates: 70 % single PEM, 15 % DER, the rest three-certificate PEM chains,
 * plus `pkcs12` PKCS#12 bundles (slow by design: password-based key derivation).
 */
export function syntheticInputs(count: number, now: Date, pkcs12 = 10): SyntheticInput[] {
  const rootPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const root: Signer = { name: name('Bench Root CA'), key: rootPair.privateKey, algorithm: RSA_SHA256 };
  const caKey = subjectKey('ec');
  const intermediate: Signer = {
    name: name('Bench Issuing CA'),
    key: createPrivateKey(caKey.privateKeyPem),
    algorithm: ECDSA_SHA256,
  };
  const rootDer = certificate({
    serial: '01',
    subject: root.name,
    issuer: root,
    subjectKey: {
      spki: rootPair.publicKey.export({ type: 'spki', format: 'der' }),
      privateKeyPem: '',
    },
    notBefore: new Date(now.getTime() - 2000 * DAY),
    notAfter: new Date(now.getTime() + 3000 * DAY),
    isCa: true,
  });
  const intermediateDer = certificate({
    serial: '02',
    subject: intermediate.name,
    issuer: root,
    subjectKey: caKey,
    notBefore: new Date(now.getTime() - 400 * DAY),
    notAfter: new Date(now.getTime() + 1500 * DAY),
    isCa: true,
  });
  const keys = [subjectKey('rsa'), subjectKey('rsa'), subjectKey('ec'), subjectKey('ec')];
  const chainTail = toPem(intermediateDer) + toPem(rootDer);

  const inputs: SyntheticInput[] = [];
  let made = 0;
  for (let i = 0; made < count; i++) {
    // Lifetimes from 47 days to 2 years, expiries spread from 60 days ago to 2 years ahead.
    const lifetime = [47, 90, 100, 200, 365, 398, 730][i % 7];
    const notAfter = new Date(now.getTime() + (((i * 7919) % 790) - 60) * DAY + (i % 86_400) * 1000);
    const host = `svc-${i}.partner-${i % 97}.example`;
    const leaf = certificate({
      serial: (0x100000 + i).toString(16),
      subject: name(host, `Partner ${i % 97}`),
      issuer: intermediate,
      subjectKey: keys[i % keys.length],
      notBefore: new Date(notAfter.getTime() - lifetime * DAY),
      notAfter,
      isCa: false,
      dnsName: host,
    });
    const slot = i % 20;
    if (slot < 14) {
      inputs.push({ name: `${host}.pem`, data: toPem(leaf), kind: 'pem', certificates: 1 });
      made += 1;
    } else if (slot < 17) {
      // A copy the size of the certificate: `leaf` is a slice of one of Node's shared 8 KB buffers,
      // and keeping it would keep the whole buffer (1,500 of them: the benchmark's, not the engine's).
      inputs.push({ name: `${host}.cer`, data: new Uint8Array(leaf), kind: 'der', certificates: 1 });
      made += 1;
    } else {
      inputs.push({
        name: `${host}-chain.pem`,
        data: toPem(leaf) + chainTail,
        kind: 'chain',
        certificates: 3,
      });
      made += 3;
    }
  }
  for (let i = 0; i < pkcs12; i++) {
    const host = `bundle-${i}.partner.example`;
    const leaf = certificate({
      serial: (0x900000 + i).toString(16),
      subject: name(host),
      issuer: intermediate,
      subjectKey: keys[0],
      notBefore: new Date(now.getTime() - 100 * DAY),
      notAfter: new Date(now.getTime() + (100 + i) * DAY),
      isCa: false,
      dnsName: host,
    });
    const p12 = forgePkcs12(leaf, keys[0], i % 2 === 0 ? 'aes256' : '3des');
    inputs.push({
      name: `${host}.p12`,
      data: new Uint8Array(p12),
      password: PKCS12_PASSWORD,
      kind: 'pkcs12',
      certificates: 1,
    });
  }
  return inputs;
}

/**
 * `count` distinct mutual-TLS client certificates (serial and subject vary), issued by one RSA CA
 * made here and sharing one RSA key, valid from 100 days ago for 300 to 600 days. For the
 * end-to-end scale run: partner secrets that probes present.
 */
export function syntheticClientCredentials(
  count: number,
  now: Date,
): { caPem: string; keyPem: string; certificates: string[] } {
  const caPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ca: Signer = { name: name('Bench Client CA'), key: caPair.privateKey, algorithm: RSA_SHA256 };
  const caDer = certificate({
    serial: '03',
    subject: ca.name,
    issuer: ca,
    subjectKey: { spki: caPair.publicKey.export({ type: 'spki', format: 'der' }), privateKeyPem: '' },
    notBefore: new Date(now.getTime() - 2000 * DAY),
    notAfter: new Date(now.getTime() + 3000 * DAY),
    isCa: true,
  });
  const key = subjectKey('rsa');
  const certificates = Array.from({ length: count }, (_, i) =>
    toPem(
      certificate({
        serial: (0xa00000 + i).toString(16),
        subject: name(`client-${i}.partner-${i % 97}.example`, `Partner ${i % 97}`),
        issuer: ca,
        subjectKey: key,
        notBefore: new Date(now.getTime() - 100 * DAY),
        notAfter: new Date(now.getTime() + (200 + (i % 300)) * DAY),
        isCa: false,
      }),
    ),
  );
  return { caPem: toPem(caDer), keyPem: key.privateKeyPem, certificates };
}

/** forge holds only RSA-keyed certificates in a PKCS#12, so bundles use an RSA leaf. */
function forgePkcs12(leafDer: Buffer, key: SubjectKey, algorithm: 'aes256' | '3des'): Buffer {
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(leafDer.toString('binary')));
  const forgeKey = forge.pki.privateKeyFromPem(key.privateKeyPem);
  const asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [cert], PKCS12_PASSWORD, { algorithm });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
