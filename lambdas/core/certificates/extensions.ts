/**
 * The two extensions the engine reports, read from DER: subjectAltName (in Node's
 * `subjectAltName` form, split into names) and whether basicConstraints can make the certificate
 * a CA. Anything outside the plain cases is left to Node (undefined), see `tbs.ts`.
 */
import { contentEquals, type DerElement, readDerElement } from './der';

const SUBJECT_ALT_NAME = [0x55, 0x1d, 0x11];
const BASIC_CONSTRAINTS = [0x55, 0x1d, 0x13];
const TAG_SEQUENCE = 0x30;
const TAG_OID = 0x06;
const TAG_BOOLEAN = 0x01;
const TAG_OCTET_STRING = 0x04;

/** The DER inside the OCTET STRING of each extension read here, when the certificate has it. */
export interface ReadExtensions {
  subjectAltName?: DerElement;
  basicConstraints?: DerElement;
}

/**
 * Finds subjectAltName and basicConstraints among the extensions (`wrapper` is the `[3]` element);
 * undefined when the list is malformed or repeats one of them (OpenSSL then answers differently).
 */
export function extensionValues(der: Buffer, wrapper: DerElement | undefined): ReadExtensions | undefined {
  const found: ReadExtensions = {};
  if (!wrapper) return found;
  const list = readDerElement(der, wrapper.contentStart);
  if (typeof list === 'string' || list.tag !== TAG_SEQUENCE || list.end !== wrapper.end) return undefined;
  let offset = list.contentStart;
  while (offset < list.end) {
    const extension = readDerElement(der, offset);
    if (typeof extension === 'string' || extension.tag !== TAG_SEQUENCE || extension.end > list.end) {
      return undefined;
    }
    const id = readDerElement(der, extension.contentStart);
    if (typeof id === 'string' || id.tag !== TAG_OID) return undefined;
    let value = readDerElement(der, id.end);
    if (typeof value !== 'string' && value.tag === TAG_BOOLEAN) value = readDerElement(der, value.end);
    if (typeof value === 'string' || value.tag !== TAG_OCTET_STRING || value.end !== extension.end) {
      return undefined;
    }
    if (contentEquals(der, id, SUBJECT_ALT_NAME)) {
      if (found.subjectAltName) return undefined;
      found.subjectAltName = value;
    } else if (contentEquals(der, id, BASIC_CONSTRAINTS)) {
      if (found.basicConstraints) return undefined;
      found.basicConstraints = value;
    }
    offset = extension.end;
  }
  return found;
}

/** GeneralName context tags read here -> the prefix Node prints. */
const ALT_NAME_PREFIX: Record<number, string> = { 129: 'email:', 130: 'DNS:', 134: 'URI:' };
const TAG_IP_ADDRESS = 0x87;

/**
 * `['DNS:a.example', 'IP Address:192.0.2.7']`, as `splitAltNames(cert.subjectAltName)` gives; [] when
 * there is no subjectAltName. Only e-mail, DNS and URI names of printable ASCII without spaces or
 * the characters Node quotes (`" \ , '`) and IPv4 addresses; anything else is left to Node.
 */
export function altNamesFromDer(der: Buffer, extensions: ReadExtensions): string[] | undefined {
  const value = extensions.subjectAltName;
  if (!value) return [];
  const list = readDerElement(der, value.contentStart);
  if (typeof list === 'string' || list.tag !== TAG_SEQUENCE || list.end !== value.end) return undefined;
  if (list.contentStart === list.end) return undefined;
  const names: string[] = [];
  let offset = list.contentStart;
  while (offset < list.end) {
    const name = readDerElement(der, offset);
    if (typeof name === 'string' || name.end > list.end) return undefined;
    const prefix = ALT_NAME_PREFIX[name.tag];
    if (prefix !== undefined) {
      if (!plainAltName(der, name.contentStart, name.end)) return undefined;
      names.push(prefix + der.toString('latin1', name.contentStart, name.end));
    } else if (name.tag === TAG_IP_ADDRESS && name.end - name.contentStart === 4) {
      const at = name.contentStart;
      names.push(`IP Address:${der[at]}.${der[at + 1]}.${der[at + 2]}.${der[at + 3]}`);
    } else {
      return undefined;
    }
    offset = name.end;
  }
  return names;
}

function plainAltName(der: Buffer, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) {
    const c = der[i];
    if (c <= 0x20 || c > 0x7e || c === 0x22 || c === 0x5c || c === 0x2c || c === 0x27) return false;
  }
  return true;
}

/**
 * False when the certificate cannot be a CA in Node's eyes (`ca` is OpenSSL's
 * `X509_check_ca() == 1`, which needs basicConstraints with cA TRUE); undefined when it might be,
 * since the answer then also depends on keyUsage and on every other extension being well-formed.
 */
export function notCaFromDer(der: Buffer, extensions: ReadExtensions): false | undefined {
  const value = extensions.basicConstraints;
  if (!value) return false;
  const constraints = readDerElement(der, value.contentStart);
  if (typeof constraints === 'string' || constraints.tag !== TAG_SEQUENCE || constraints.end !== value.end) {
    return undefined;
  }
  if (constraints.contentStart === constraints.end) return false;
  const first = readDerElement(der, constraints.contentStart);
  if (typeof first === 'string') return undefined;
  // cA is DEFAULT FALSE: absent (pathLen first) or an explicit FALSE both mean "not a CA".
  if (first.tag === 0x02) return false;
  if (first.tag === TAG_BOOLEAN && first.end - first.contentStart === 1 && der[first.contentStart] === 0) {
    return false;
  }
  return undefined;
}
