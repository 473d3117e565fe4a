/**
 * PEM text to labelled DER blocks. Private key blocks are recognised by their label and never
 * decoded, so their contents cannot leak into anything this module returns.
 */

export interface PemBlock {
  /** 1-based position among the PEM blocks of the text, for error messages. */
  index: number;
  label: string;
  /** Absent for skipped blocks (private keys) and blocks whose body is not base64. */
  der?: Uint8Array;
  error?: string;
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;

export function isPrivateKeyLabel(label: string): boolean {
  return /PRIVATE KEY/.test(label);
}

export function hasPemBlocks(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/** Every PEM block in the text, in order; text around and between blocks is ignored. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BEGIN)) {
    const label = match[1];
    const index = blocks.length + 1;
    const bodyStart = (match.index ?? 0) + match[0].length;
    const endMarker = `-----END ${label}-----`;
    const endAt = text.indexOf(endMarker, bodyStart);
    const nextBegin = text.indexOf('-----BEGIN ', bodyStart);
    if (endAt < 0 || (nextBegin >= 0 && nextBegin < endAt)) {
      blocks.push({ index, label, error: `has no "${endMarker}" line (truncated?)` });
      continue;
    }
    if (isPrivateKeyLabel(label)) {
      blocks.push({ index, label });
      continue;
    }
    const decoded = decodeBase64Body(text.slice(bodyStart, endAt));
    blocks.push(
      typeof decoded === 'string' ? { index, label, error: decoded } : { index, label, der: decoded },
    );
  }
  return blocks;
}

/**
 * Strict base64: Buffer.from(..., 'base64') silently drops bad characters, which hides corruption.
 * One linear regex instead of split/join keeps this off the benchmark's profile.
 */
export function decodeBase64Body(body: string): Uint8Array | string {
  // RFC 1421 headers (Proc-Type, DEK-Info, ...) precede the base64 lines.
  const base64 = body.includes(':')
    ? body
        .split(/\r?\n/)
        .filter((line) => !line.includes(':'))
        .join('\n')
    : body;
  if (!/^[A-Za-z0-9+/\s]*(=\s*){0,2}$/.test(base64)) return 'is not valid base64';
  const der = Buffer.from(base64, 'base64');
  return der.length === 0 ? 'is empty' : der;
}

/** A whole input that is nothing but base64 (e.g. a PKCS#12 stored in a text secret). */
export function isBareBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 !== 1;
}
