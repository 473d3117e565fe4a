/**
 * One X.509 certificate (node:crypto) to the plain `CertificateInfo` every layer shares. Node's
 * parser is OpenSSL's, so anything it accepts is described the way `openssl x509` would.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../model';
import { keyBitsFromCertificate, keyBitsFromSpki } from './key-size';
import { derTime, serialHex, type TbsLayout, tbsLayout } from './tbs';

/** Bits of the named curves seen in certificates; Node reports the curve name, not its size. */
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  'P-256': 256,
  secp256k1: 256,
  secp384r1: 384,
  'P-384': 384,
  secp521r1: 521,
  'P-521': 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

const EDWARDS_BITS: Record<string, number> = { ed25519: 256, ed448: 456, x25519: 256, x448: 448 };

/**
 * Describes a certificate. Throws (with a reason fit for a user) only when the certificate's
 * validity dates cannot be read: without them nothing downstream can work. `der` is the bytes the
 * certificate was built from, when the caller has them (saves copying them back out of OpenSSL).
 *
 * Each Node getter is a call into OpenSSL (1-3 us each, a third of the engine's time per
 * certificate), so each is read once, and the serial number and validity dates are read from the
 * DER in JavaScript when their encoding is the strict DER form (`tbs.ts`); anything else is asked
 * of Node, so the result is the same either way.
 */
export function describeX509(cert: X509Certificate, der: Uint8Array = cert.raw): CertificateInfo {
  const layout = tbsLayout(der);
  const key = describeKey(cert, der, layout);
  const subject = cert.subject;
  const issuer = cert.issuer;
  const fingerprintSha256 = cert.fingerprint256;
  const serial = layout ? serialHex(der, layout.serial) : undefined;
  return {
    subject: distinguishedName(subject),
    issuer: distinguishedName(issuer),
    serialNumber: serial ?? cert.serialNumber.toUpperCase(),
    subjectAltNames: splitAltNames(cert.subjectAltName),
    notBefore: isoSecond(cert, 'validFrom', 'notBefore', layout && derTime(der, layout.notBefore)),
    notAfter: isoSecond(cert, 'validTo', 'notAfter', layout && derTime(der, layout.notAfter)),
    fingerprintSha256,
    keyType: key.keyType,
    ...(key.keySize === undefined ? {} : { keySize: key.keySize }),
    selfSigned: subject === issuer && isSelfSigned(cert, key.publicKey, fingerprintSha256),
    isCa: cert.ca,
  };
}

/** ISO 8601 UTC without milliseconds: X.509 times have whole seconds. */
export function toIsoSecond(date: Date): string {
  const iso = date.toISOString();
  // Same as dropping a trailing `.sssZ` with a regex, without the regex (hot: two per certificate).
  return iso.length === 24 && iso[19] === '.' ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `validFromDate`/`validToDate` alone cannot be trusted for a malformed time: Node then returns an
 * Invalid Date or, depending on earlier calls, a garbage date (seen: 1899-12-28). The text form says
 * "Bad time value" in that case, so both must agree. `fromDer` is the time when `derTime` could
 * read it (a well-formed time, on which Node agrees); Node is asked only otherwise.
 */
function isoSecond(
  cert: X509Certificate,
  field: 'validFrom' | 'validTo',
  label: string,
  fromDer: number | undefined,
): string {
  if (fromDer !== undefined) return toIsoSecond(new Date(fromDer));
  let date: Date | undefined;
  let text: string | undefined;
  try {
    date = field === 'validFrom' ? cert.validFromDate : cert.validToDate;
    text = cert[field];
  } catch {
    date = undefined;
  }
  // No instanceof: Node builds this Date in its own realm, which differs from jest's sandbox.
  const time = typeof date?.getTime === 'function' ? date.getTime() : Number.NaN;
  const textTime = text === undefined ? Number.NaN : Date.parse(text);
  if (Number.isNaN(time) || Number.isNaN(textTime) || Math.abs(time - textTime) >= 1000) {
    throw new Error(`${label} is not a readable time`);
  }
  return toIsoSecond(new Date(time));
}

/** Node separates RDNs with newlines; one line reads better in tables, logs and JSON. */
function distinguishedName(name: string): string {
  return name
    .split('\n')
    .filter((part) => part.length > 0)
    .join(', ');
}

/** `DNS:a, IP Address:1.2.3.4`; a comma followed by a new `Type:` starts the next name. */
function splitAltNames(altNames: string | undefined): string[] {
  if (!altNames) return [];
  return altNames
    .split(/, (?=[A-Za-z][A-Za-z0-9 ]*:)/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

interface KeyDescription {
  keyType: string;
  keySize?: number;
  /** Kept for the self-signed check, so Node builds the key once. */
  publicKey?: KeyObject;
}

function describeKey(cert: X509Certificate, der: Uint8Array, layout: TbsLayout | undefined): KeyDescription {
  try {
    const publicKey = cert.publicKey;
    const keyType = publicKey.asymmetricKeyType ?? 'unknown';
    const fromDer = layout ? keyBitsFromSpki(der, layout.spki) : keyBitsFromCertificate(der);
    if (fromDer !== undefined) return { keyType, keySize: fromDer, publicKey };
    const details = publicKey.asymmetricKeyDetails ?? {};
    if (details.modulusLength !== undefined) return { keyType, keySize: details.modulusLength, publicKey };
    if (details.namedCurve !== undefined)
      return { keyType, keySize: CURVE_BITS[details.namedCurve], publicKey };
    return { keyType, keySize: EDWARDS_BITS[keyType], publicKey };
  } catch {
    // OpenSSL reads certificates whose key algorithm it cannot use (e.g. GOST): still worth listing.
    return { keyType: 'unknown' };
  }
}

/**
 * Verdicts of the self-signed check by SHA-256 fingerprint: the check verifies a signature
 * (~50-75 us, more than parsing the certificate), and the certificates it applies to, roots, recur
 * in most chain files of an inventory. The verdict depends on the certificate's bytes alone, so a
 * remembered one is the same answer. Bounded: emptied when full. `setSelfSignedMemo(false)` turns
 * it off (the benchmark reports the engine both ways).
 */
const SELF_SIGNED_MEMO_LIMIT = 1024;
let selfSignedMemo: Map<string, boolean> | undefined = new Map();

export function setSelfSignedMemo(enabled: boolean): void {
  selfSignedMemo = enabled ? new Map() : undefined;
}

/**
 * Only for a certificate whose subject equals its issuer; same name on both sides is not enough: a
 * self-signed certificate verifies with its own key.
 */
function isSelfSigned(cert: X509Certificate, publicKey: KeyObject | undefined, fingerprint: string): boolean {
  const remembered = selfSignedMemo?.get(fingerprint);
  if (remembered !== undefined) return remembered;
  let verdict: boolean;
  try {
    verdict = cert.verify(publicKey ?? cert.publicKey);
  } catch {
    verdict = false;
  }
  if (selfSignedMemo) {
    if (selfSignedMemo.size >= SELF_SIGNED_MEMO_LIMIT) selfSignedMemo.clear();
    selfSignedMemo.set(fingerprint, verdict);
  }
  return verdict;
}
