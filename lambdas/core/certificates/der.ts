/**
 * Just enough DER to split inputs before handing them to a real parser: where one element ends
 * (so trailing trust data or a second certificate can be cut off) and whether a SEQUENCE looks
 * like a PKCS#12 PFX rather than a certificate.
 */

export interface DerElement {
  tag: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the element. */
  end: number;
}

/** Reads the element header at `offset`; a string says why it cannot (truncated or not DER). */
export function readDerElement(bytes: Uint8Array, offset = 0): DerElement | string {
  if (offset + 2 > bytes.length) return 'truncated DER (no room for an element header)';
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const octets = first & 0x7f;
    // Indefinite lengths are BER, not DER; more than 4 length octets is not a file we can hold.
    if (octets === 0 || octets > 4) return 'not DER (unsupported length encoding)';
    if (contentStart + octets > bytes.length) return 'truncated DER (length header cut off)';
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[contentStart + i];
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > bytes.length) {
    return `truncated DER (an element of ${length} bytes, only ${bytes.length - contentStart} present)`;
  }
  return { tag, contentStart, end };
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/**
 * A PFX starts SEQUENCE { INTEGER 3, ... }; a certificate starts SEQUENCE { SEQUENCE tbs, ... }.
 * Only the headers are looked at, so a truncated PKCS#12 file is still recognised as one.
 */
export function looksLikePkcs12(bytes: Uint8Array): boolean {
  if (bytes.length < 5 || bytes[0] !== SEQUENCE) return false;
  const lengthOctets = bytes[1] & 0x80 ? bytes[1] & 0x7f : 0;
  const at = 2 + lengthOctets;
  return bytes[at] === INTEGER && bytes[at + 1] === 1 && bytes[at + 2] === 3;
}

/**
 * Splits back-to-back DER SEQUENCEs (one certificate, or several concatenated). Stops at the first
 * problem and reports it with the elements read so far.
 */
export function splitDerSequences(bytes: Uint8Array): { elements: Uint8Array[]; error?: string } {
  const elements: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const element = readDerElement(bytes, offset);
    if (typeof element === 'string') return { elements, error: element };
    if (element.tag !== SEQUENCE) {
      return { elements, error: `not DER: expected a SEQUENCE at byte ${offset}` };
    }
    elements.push(bytes.subarray(offset, element.end));
    offset = element.end;
  }
  return { elements };
}

/** An element's content as lower-case hex: how readers look up OIDs of their longer tables. */
export function contentHex(bytes: Buffer, element: DerElement): string {
  return bytes.toString('hex', element.contentStart, element.end);
}

/** Whether an element's content is exactly `expected` (an OID's bytes): no string made, on hot paths. */
export function contentEquals(bytes: Uint8Array, element: DerElement, expected: readonly number[]): boolean {
  if (element.end - element.contentStart !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[element.contentStart + i] !== expected[i]) return false;
  return true;
}
