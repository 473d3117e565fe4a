/**
 * The DER a parsed certificate came from, remembered beside its `CertificateInfo` without
 * putting bytes into the info every layer shares (reports, probe results, `inspect --json`).
 * `recordFromChain` copies it into the record (`der`), so the chain can be verified later from
 * the record alone, also after a trip through an S3 snapshot.
 */
import type { CertificateInfo } from '../model';

const derOfInfo = new WeakMap<CertificateInfo, Uint8Array>();

export function rememberDer(info: CertificateInfo, der: Uint8Array): void {
  derOfInfo.set(info, der);
}

/**
 * One string per CA certificate, by fingerprint: the CA certificates of an estate recur in most
 * chain files, and every record keeps its chain's DER. Bounded: emptied when full.
 */
const INTERN_LIMIT = 4096;
const interned = new Map<string, string>();

/** Base64 DER of the certificate, when the parser read it in this process. */
export function derBase64Of(info: CertificateInfo): string | undefined {
  const known = interned.get(info.fingerprintSha256);
  if (known !== undefined) return known;
  const der = derOfInfo.get(info);
  if (!der) return undefined;
  const text = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  // Only CA certificates recur across records; a leaf's string lives in its record alone.
  if (!info.isCa) return text;
  // The string is what records keep: the bytes need not stay alive beside it (peak RSS).
  derOfInfo.delete(info);
  if (interned.size >= INTERN_LIMIT) interned.clear();
  interned.set(info.fingerprintSha256, text);
  return text;
}
