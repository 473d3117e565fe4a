/**
 * One X.509 certificate (node:crypto) to the plain `CertificateInfo` every layer shares. Node's
 * parser is OpenSSL's, so anything it accepts is described the way `openssl x509` would.
 */
import type { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../model';
import { keyBitsFromCertificate } from './key-size';

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
 * validity dates cannot be read: without them nothing downstream can work.
 */
export function describeX509(cert: X509Certificate): CertificateInfo {
  const { keyType, keySize } = describeKey(cert);
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    subjectAltNames: splitAltNames(cert.subjectAltName),
    notBefore: isoSecond(cert, 'validFrom', 'notBefore'),
    notAfter: isoSecond(cert, 'validTo', 'notAfter'),
    fingerprintSha256: cert.fingerprint256,
    keyType,
    ...(keySize === undefined ? {} : { keySize }),
    selfSigned: isSelfSigned(cert),
    isCa: cert.ca,
  };
}

/** ISO 8601 UTC without milliseconds: X.509 times have whole seconds. */
export function toIsoSecond(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `validFromDate`/`validToDate` alone cannot be trusted for a malformed time: Node then returns an
 * Invalid Date or, depending on earlier calls, a garbage date (seen: 1899-12-28). The text form says
 * "Bad time value" in that case, so both must agree.
 */
function isoSecond(cert: X509Certificate, field: 'validFrom' | 'validTo', label: string): string {
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

function describeKey(cert: X509Certificate): { keyType: string; keySize?: number } {
  try {
    const key = cert.publicKey;
    const keyType = key.asymmetricKeyType ?? 'unknown';
    const fromDer = keyBitsFromCertificate(cert.raw);
    if (fromDer !== undefined) return { keyType, keySize: fromDer };
    const details = key.asymmetricKeyDetails ?? {};
    if (details.modulusLength !== undefined) return { keyType, keySize: details.modulusLength };
    if (details.namedCurve !== undefined) return { keyType, keySize: CURVE_BITS[details.namedCurve] };
    return { keyType, keySize: EDWARDS_BITS[keyType] };
  } catch {
    // OpenSSL reads certificates whose key algorithm it cannot use (e.g. GOST): still worth listing.
    return { keyType: 'unknown' };
  }
}

/** Same name on both sides is not enough: a self-signed certificate verifies with its own key. */
function isSelfSigned(cert: X509Certificate): boolean {
  if (cert.subject !== cert.issuer) return false;
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}
