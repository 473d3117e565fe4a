/**
 * One X.509 certificate (node:crypto) to the plain `CertificateInfo` every layer shares. Node's
 * parser is OpenSSL's, so anything it accepts is described the way `openssl x509` would.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../model';
import { extendedKeyUsageOf } from '../trust/eku';
import { altNamesFromDer, extensionValues, notCaFromDer } from './extensions';
import { distinguishedNameFromDer } from './names';
import { CURVE_BITS, type DeclaredKey, EDWARDS_BITS, keyFromSpki } from './public-key';
import { derIsoTime, serialHex, tbsLayout } from './tbs';
import { rememberedVerdict, type VerdictCache } from './verdict-cache';

/**
 * Describes a certificate. Throws (with a reason fit for a user) only when the certificate's
 * validity dates cannot be read: without them nothing downstream can work. `der` is the bytes the
 * certificate was built from, when the caller has them (saves copying them back out of OpenSSL).
 * `verdicts` remembers the self-signed and CA verdicts of certificates met before in the same
 * scan (verdict-cache.ts); without it each verdict is decided again.
 *
 * OpenSSL has parsed and accepted the certificate (`new X509Certificate`); the fields are then read
 * from its DER in JavaScript where the encoding is the plain one (`tbs.ts`, `names.ts`,
 * `extensions.ts`, `public-key.ts`) and asked of Node otherwise. Each Node getter is a call into
 * OpenSSL; reading all of them costs a whole scan measurably more (docs/performance.md).
 */
export function describeX509(
  cert: X509Certificate,
  der: Uint8Array = cert.raw,
  verdicts?: VerdictCache,
): CertificateInfo {
  const bytes = Buffer.isBuffer(der) ? der : Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  const layout = tbsLayout(bytes);
  const extensions = layout && extensionValues(bytes, layout.extensions);
  const declared = layout && keyFromSpki(bytes, layout.spki);
  const key: KeyDescription = declared?.loads ? declared : describeKeyWithNode(cert, declared);
  const subject =
    (layout && distinguishedNameFromDer(bytes, layout.subject)) ?? distinguishedName(cert.subject);
  const issuer = (layout && distinguishedNameFromDer(bytes, layout.issuer)) ?? distinguishedName(cert.issuer);
  const fingerprintSha256 = cert.fingerprint256;
  const info: CertificateInfo = {
    subject,
    issuer,
    serialNumber: (layout && serialHex(bytes, layout.serial)) ?? cert.serialNumber.toUpperCase(),
    subjectAltNames: (extensions && altNamesFromDer(bytes, extensions)) ?? splitAltNames(cert.subjectAltName),
    notBefore: isoSecond(cert, 'validFrom', 'notBefore', layout && derIsoTime(bytes, layout.notBefore)),
    notAfter: isoSecond(cert, 'validTo', 'notAfter', layout && derIsoTime(bytes, layout.notAfter)),
    fingerprintSha256,
    keyType: key.keyType,
    selfSigned: subject === issuer && selfSigned(cert, key.publicKey, fingerprintSha256, verdicts),
    isCa:
      (extensions && notCaFromDer(bytes, extensions)) ??
      rememberedVerdict(verdicts, fingerprintSha256, 'isCa', () => cert.ca),
  };
  if (key.keySize !== undefined) info.keySize = key.keySize;
  const extendedKeyUsage = extendedKeyUsageOf(cert);
  if (extendedKeyUsage) info.extendedKeyUsage = extendedKeyUsage;
  return info;
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
 * "Bad time value" in that case, so both must agree. `fromDer` is the time when `derIsoTime` could
 * read it (a well-formed time, on which Node agrees); Node is asked only otherwise.
 */
function isoSecond(
  cert: X509Certificate,
  field: 'validFrom' | 'validTo',
  label: string,
  fromDer: string | undefined,
): string {
  if (fromDer !== undefined) return fromDer;
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

/**
 * Node separates RDNs with newlines; one line reads better in tables, logs and JSON. An empty name
 * (allowed for a subject that has its identity in subjectAltName) comes back from Node as undefined.
 */
function distinguishedName(name: string | undefined): string {
  return (name ?? '')
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

/**
 * Asks Node for the key: always for the type (OpenSSL may fail to load it: `unknown`), and for the
 * size unless the certificate declares a key of that type whose size `keyFromSpki` read.
 */
function describeKeyWithNode(cert: X509Certificate, declared: DeclaredKey | undefined): KeyDescription {
  try {
    const publicKey = cert.publicKey;
    const keyType = publicKey.asymmetricKeyType ?? 'unknown';
    if (declared?.keyType === keyType) return { keyType, keySize: declared.keySize, publicKey };
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
 * Only for a certificate whose subject equals its issuer; same name on both sides is not enough: a
 * self-signed certificate verifies with its own key.
 */
function selfSigned(
  cert: X509Certificate,
  publicKey: KeyObject | undefined,
  fingerprint: string,
  verdicts: VerdictCache | undefined,
): boolean {
  return rememberedVerdict(verdicts, fingerprint, 'selfSigned', () => {
    try {
      return cert.verify(publicKey ?? cert.publicKey);
    } catch {
      return false;
    }
  });
}
