/**
 * PEM text to labelled DER blocks. Private key blocks are recognised by their label and never
 * decoded, so their contents cannot leak into anything this module returns.
 */

export interface PemBlock {
  /** 1-based position among the PEM blocks of the text, for error messages. */
  index: number;
  label: string;
  /** Absent for skipped blocks (private keys) and blocks with nothing to decode. */
  der?: Uint8Array;
  /**
   * The body `der` was decoded from. Decoding skips characters outside base64 (as Node does), so
   * a reader that finds `der` unreadable asks `isStrictBase64` whether the text was the cause.
   */
  base64?: string;
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
  // One shared global regex (its lastIndex is the cursor): safe, as nothing here yields or recurses.
  const begin = BEGIN;
  begin.lastIndex = 0;
  for (let match = begin.exec(text); match !== null; match = begin.exec(text)) {
    const label = match[1];
    const index = blocks.length + 1;
    const bodyStart = match.index + match[0].length;
    const endAt = text.indexOf(`-----END ${label}-----`, bodyStart);
    const nextBegin = text.indexOf('-----BEGIN ', bodyStart);
    if (endAt < 0 || (nextBegin >= 0 && nextBegin < endAt)) {
      blocks.push({ index, label, error: `has no "-----END ${label}-----" line (truncated?)` });
      continue;
    }
    begin.lastIndex = endAt;
    if (isPrivateKeyLabel(label)) {
      blocks.push({ index, label });
      continue;
    }
    const decoded = decodeBase64Body(text.slice(bodyStart, endAt));
    blocks.push(
      typeof decoded === 'string'
        ? { index, label, error: decoded }
        : { index, label, der: decoded.der, base64: decoded.base64 },
    );
  }
  return blocks;
}

/**
 * Decodes a PEM body, skipping characters outside base64 as Node does. Not strict on purpose:
 * checking every character up front costs ~0.6 us a certificate, an eighth of what the engine adds
 * to OpenSSL's parse, and a damaged character shifts the bytes after it, which the certificate
 * parser then refuses; the caller checks `isStrictBase64` only then, to say why. A stray character
 * that changes no byte is read past.
 */
export function decodeBase64Body(body: string): { der: Uint8Array; base64: string } | string {
  // RFC 1421 headers (Proc-Type, DEK-Info, ...) precede the base64 lines.
  const base64 = body.includes(':')
    ? body
        .split(/\r?\n/)
        .filter((line) => !line.includes(':'))
        .join('\n')
    : body;
  const der = Buffer.from(base64, 'base64');
  if (der.length === 0) return isStrictBase64(base64) ? 'is empty' : 'is not valid base64';
  return { der, base64 };
}

/** Only base64 characters and whitespace, with at most two `=` at the end. */
export function isStrictBase64(text: string): boolean {
  return /^[A-Za-z0-9+/\s]*(=\s*){0,2}$/.test(text);
}

/** A whole input that is nothing but base64 (e.g. a PKCS#12 stored in a text secret). */
export function isBareBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 !== 1;
}
