/**
 * A distinguished name read from DER in the form the engine reports: Node's `subject`/`issuer`
 * (OpenSSL's `X509_NAME_print_ex` with RFC 2253 escaping, short names, one RDN per line) with the
 * lines joined by ", ". Only names whose every attribute is a single-valued RDN of a type in
 * `X520_SHORT_NAMES` or `OTHER_SHORT_NAMES` with a printable ASCII value that needs no escaping are read here; any other name
 * is left to Node (undefined), so the text is always the one OpenSSL would print.
 */
import { contentHex, type DerElement, readDerElement } from './der';

/** OpenSSL's short names of the attribute types 2.5.4.N (DER `55 04 N`), by N. */
const X520_SHORT_NAMES: Record<number, string> = {
  3: 'CN',
  4: 'SN',
  5: 'serialNumber',
  6: 'C',
  7: 'L',
  8: 'ST',
  9: 'street',
  10: 'O',
  11: 'OU',
  12: 'title',
  15: 'businessCategory',
  17: 'postalCode',
  42: 'GN',
  97: 'organizationIdentifier',
};

/** The same for other attribute types, by the DER content of their OID in hex. */
const OTHER_SHORT_NAMES: Record<string, string> = {
  '2a864886f70d010901': 'emailAddress',
  '0992268993f22c640119': 'DC',
  '0992268993f22c640101': 'UID',
  '2b0601040182373c020101': 'jurisdictionL',
  '2b0601040182373c020102': 'jurisdictionST',
  '2b0601040182373c020103': 'jurisdictionC',
};

const TAG_SET = 0x31;
const TAG_SEQUENCE = 0x30;
const TAG_OID = 0x06;
/** UTF8String, PrintableString, IA5String: for ASCII content all three print as the bytes. */
const STRING_TAGS = new Set([0x0c, 0x13, 0x16]);

/** `name` is the Name SEQUENCE (issuer or subject) located by `tbsLayout`. */
export function distinguishedNameFromDer(
  der: Buffer,
  name: { contentStart: number; end: number },
): string | undefined {
  if (name.contentStart === name.end) return undefined;
  let text = '';
  let offset = name.contentStart;
  while (offset < name.end) {
    const rdn = readDerElement(der, offset);
    if (typeof rdn === 'string' || rdn.tag !== TAG_SET || rdn.end > name.end) return undefined;
    const attribute = readDerElement(der, rdn.contentStart);
    // Exactly one attribute per RDN: OpenSSL joins multi-valued RDNs with " + ".
    if (typeof attribute === 'string' || attribute.tag !== TAG_SEQUENCE || attribute.end !== rdn.end) {
      return undefined;
    }
    const type = readDerElement(der, attribute.contentStart);
    if (typeof type === 'string' || type.tag !== TAG_OID) return undefined;
    const shortName = shortNameOf(der, type);
    if (shortName === undefined) return undefined;
    const value = readDerElement(der, type.end);
    if (typeof value === 'string' || value.end !== attribute.end || !STRING_TAGS.has(value.tag)) {
      return undefined;
    }
    if (!printsUnescaped(der, value.contentStart, value.end)) return undefined;
    const valueText = der.toString('latin1', value.contentStart, value.end);
    text += text.length === 0 ? `${shortName}=${valueText}` : `, ${shortName}=${valueText}`;
    offset = rdn.end;
  }
  return text;
}

/**
 * Printable ASCII that RFC 2253 escaping leaves alone: none of `, + " \ < > ;`, no `#` or space
 * first and no space last. Empty values are left to Node too.
 */
function printsUnescaped(der: Buffer, start: number, end: number): boolean {
  if (start === end || der[start] === 0x23 || der[start] === 0x20 || der[end - 1] === 0x20) return false;
  for (let i = start; i < end; i++) {
    const c = der[i];
    if (c < 0x20 || c > 0x7e) return false;
    if (c === 0x2c || c === 0x2b || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x3b) {
      return false;
    }
  }
  return true;
}

function shortNameOf(der: Buffer, type: DerElement): string | undefined {
  const at = type.contentStart;
  if (type.end - at === 3 && der[at] === 0x55 && der[at + 1] === 0x04) return X520_SHORT_NAMES[der[at + 2]];
  return OTHER_SHORT_NAMES[contentHex(der, type)];
}
