/**
 * Every field the engine reports, read straight from node:crypto as plainly as it can be written:
 * the comparator of the engine target (docs/performance.md). The self-signed check verifies the
 * signature of a certificate named after its issuer, as the engine does.
 */
import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readFields(c: X509Certificate): number {
  const key = c.publicKey;
  const fields = [
    c.subject,
    c.issuer,
    c.serialNumber,
    c.subjectAltName,
    c.validFromDate,
    c.validToDate,
    c.validFrom,
    c.validTo,
    c.fingerprint256,
    c.ca,
    key.asymmetricKeyType,
    key.asymmetricKeyDetails,
    c.subject === c.issuer && c.verify(key),
  ];
  return fields.length > 0 ? 1 : 0;
}

/** Certificates read from one input: PEM blocks of a text, or one DER certificate. */
export function nodeCryptoFields(data: Uint8Array | string): number {
  if (typeof data !== 'string' && data[0] === 0x30) return readFields(new X509Certificate(data));
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  let read = 0;
  for (const block of text.matchAll(PEM_BLOCK)) read += readFields(new X509Certificate(block[0]));
  return read;
}

/** The raw parser alone: what a monitor with no engine does, hand each certificate to OpenSSL and read the expiry. */
export function nodeCryptoExpiry(data: Uint8Array | string): number {
  if (typeof data !== 'string' && data[0] === 0x30) return new X509Certificate(data).validToDate ? 1 : 0;
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  let read = 0;
  for (const block of text.matchAll(PEM_BLOCK)) if (new X509Certificate(block[0]).validToDate) read++;
  return read;
}
