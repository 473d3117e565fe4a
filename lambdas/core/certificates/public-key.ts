/**
 * Key type and size as the certificate declares them in its SubjectPublicKeyInfo. Node's
 * `publicKey.asymmetricKeyDetails` gives the size too, but exports the whole key to do so (for an
 * EC key about as costly as parsing the certificate: docs/performance.md). Whether OpenSSL can
 * load the key is another matter: an RSA key it loads is two INTEGERs, which is checked here
 * (`loads: true`); an EC key loads only if its point is on the curve, which costs as much to check
 * in JavaScript as asking Node (`publicKey`), so the caller asks (`loads: false`). Other
 * algorithms are left to Node.
 */
import { contentEquals, type DerElement, readDerElement } from './der';

export interface DeclaredKey {
  /** As Node's `KeyObject.asymmetricKeyType` names it. */
  keyType: 'rsa' | 'ec';
  keySize: number;
  /** True when OpenSSL is known to load the key; false when Node must be asked. */
  loads: boolean;
}

const RSA_ENCRYPTION = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_PUBLIC_KEY = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/** Bits of the named curves seen in certificates, by the names Node reports (it gives no size). */
export const CURVE_BITS: Record<string, number> = {
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

export const EDWARDS_BITS: Record<string, number> = { ed25519: 256, ed448: 456, x25519: 256, x448: 448 };

/** The curves read from the DER: their OID's content bytes and their name in `CURVE_BITS`. */
const CURVE_OIDS: ReadonlyArray<{ oid: readonly number[]; name: string }> = [
  { oid: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], name: 'prime256v1' },
  { oid: [0x2b, 0x81, 0x04, 0x00, 0x22], name: 'secp384r1' },
  { oid: [0x2b, 0x81, 0x04, 0x00, 0x23], name: 'secp521r1' },
  { oid: [0x2b, 0x81, 0x04, 0x00, 0x0a], name: 'secp256k1' },
];
const TAG_OID = 0x06;
const TAG_SEQUENCE = 0x30;
const TAG_BIT_STRING = 0x03;
const TAG_INTEGER = 0x02;

/** Undefined for other algorithms, EC keys on other curves, and anything not in its plain form. */
export function keyFromSpki(der: Buffer, spki: DerElement): DeclaredKey | undefined {
  const algorithm = readDerElement(der, spki.contentStart);
  if (typeof algorithm === 'string' || algorithm.tag !== TAG_SEQUENCE) return undefined;
  const oid = readDerElement(der, algorithm.contentStart);
  if (typeof oid === 'string' || oid.tag !== TAG_OID) return undefined;
  const bitString = readDerElement(der, algorithm.end);
  if (typeof bitString === 'string' || bitString.tag !== TAG_BIT_STRING || bitString.end !== spki.end) {
    return undefined;
  }
  if (contentEquals(der, oid, EC_PUBLIC_KEY)) {
    const curve = readDerElement(der, oid.end);
    if (typeof curve === 'string' || curve.tag !== TAG_OID) return undefined;
    const known = CURVE_OIDS.find((c) => contentEquals(der, curve, c.oid));
    return known && { keyType: 'ec', keySize: CURVE_BITS[known.name], loads: false };
  }
  if (!contentEquals(der, oid, RSA_ENCRYPTION)) return undefined;
  // No unused bits, then RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
  if (bitString.contentStart >= bitString.end || der[bitString.contentStart] !== 0) return undefined;
  const rsaKey = readDerElement(der, bitString.contentStart + 1);
  if (typeof rsaKey === 'string' || rsaKey.tag !== TAG_SEQUENCE || rsaKey.end !== bitString.end)
    return undefined;
  const modulus = readDerElement(der, rsaKey.contentStart);
  if (typeof modulus === 'string' || modulus.tag !== TAG_INTEGER) return undefined;
  const exponent = readDerElement(der, modulus.end);
  if (typeof exponent === 'string' || exponent.tag !== TAG_INTEGER || exponent.end !== rsaKey.end)
    return undefined;
  let start = modulus.contentStart;
  while (start < modulus.end && der[start] === 0) start++;
  if (start === modulus.end) return undefined;
  return {
    keyType: 'rsa',
    keySize: (modulus.end - start - 1) * 8 + (32 - Math.clz32(der[start])),
    loads: true,
  };
}
