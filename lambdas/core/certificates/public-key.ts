/**
 * Key type and size read straight from the certificate's SubjectPublicKeyInfo, for RSA and the
 * common named EC curves. Node's `publicKey` gives the same type and, through
 * `asymmetricKeyDetails`, the size, but builds the whole key in OpenSSL to do so; the engine asks
 * Node only for other key types (and to verify self-signed certificates).
 */
import { contentEquals, type DerElement, readDerElement } from './der';

export interface KeyFacts {
  /** As Node's `KeyObject.asymmetricKeyType` names it. */
  keyType: 'rsa' | 'ec';
  keySize: number;
}

const RSA_ENCRYPTION = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_PUBLIC_KEY = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const CURVES: ReadonlyArray<{ oid: readonly number[]; bits: number }> = [
  { oid: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], bits: 256 }, // prime256v1 / P-256
  { oid: [0x2b, 0x81, 0x04, 0x00, 0x22], bits: 384 }, // secp384r1
  { oid: [0x2b, 0x81, 0x04, 0x00, 0x23], bits: 521 }, // secp521r1
  { oid: [0x2b, 0x81, 0x04, 0x00, 0x0a], bits: 256 }, // secp256k1
];
const TAG_OID = 0x06;
const TAG_SEQUENCE = 0x30;
const TAG_BIT_STRING = 0x03;
const TAG_INTEGER = 0x02;

/** Undefined for any other algorithm or an encoding that is not the plain one. */
export function keyFromSpki(der: Buffer, spki: DerElement): KeyFacts | undefined {
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
    const known = CURVES.find((c) => contentEquals(der, curve, c.oid));
    return known ? { keyType: 'ec', keySize: known.bits } : undefined;
  }
  if (!contentEquals(der, oid, RSA_ENCRYPTION)) return undefined;
  // Skip the unused-bits octet, then RSAPublicKey ::= SEQUENCE { modulus INTEGER, exponent INTEGER }.
  const rsaKey = readDerElement(der, bitString.contentStart + 1);
  if (typeof rsaKey === 'string' || rsaKey.tag !== TAG_SEQUENCE || rsaKey.end !== bitString.end)
    return undefined;
  const modulus = readDerElement(der, rsaKey.contentStart);
  if (typeof modulus === 'string' || modulus.tag !== TAG_INTEGER) return undefined;
  let start = modulus.contentStart;
  while (start < modulus.end && der[start] === 0) start++;
  if (start === modulus.end) return undefined;
  return { keyType: 'rsa', keySize: (modulus.end - start - 1) * 8 + (32 - Math.clz32(der[start])) };
}
