/**
 * Where the fields of a certificate's tbsCertificate sit in its DER, so the engine can read the
 * simple ones in JavaScript instead of one call into OpenSSL per field. Each reader here and in
 * `names.ts`, `extensions.ts` and `public-key.ts` accepts only encodings whose meaning is beyond
 * doubt and returns undefined for anything else; callers then ask Node, so the result never
 * differs from Node's. OpenSSL has already accepted the certificate when these run.
 */
import { type DerElement, readDerElement } from './der';

export interface TbsLayout {
  serial: DerElement;
  issuer: DerElement;
  notBefore: DerElement;
  notAfter: DerElement;
  subject: DerElement;
  spki: DerElement;
  /** The `[3]` wrapper of the extensions, absent when the certificate has none (v1, v2). */
  extensions?: DerElement;
}

const TAG_VERSION = 0xa0;
const TAG_INTEGER = 0x02;
const TAG_SEQUENCE = 0x30;
const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;
const TAG_ISSUER_UID = 0x81;
const TAG_SUBJECT_UID = 0x82;
const TAG_EXTENSIONS = 0xa3;

/**
 * Certificate -> tbsCertificate -> [version] serial signature issuer validity subject SPKI
 * [issuerUID] [subjectUID] [extensions]; undefined unless the tbsCertificate is exactly that.
 */
export function tbsLayout(der: Uint8Array): TbsLayout | undefined {
  const certificate = readDerElement(der);
  if (typeof certificate === 'string') return undefined;
  const tbs = readDerElement(der, certificate.contentStart);
  if (typeof tbs === 'string' || tbs.tag !== TAG_SEQUENCE) return undefined;
  let serial = readDerElement(der, tbs.contentStart);
  if (typeof serial === 'string') return undefined;
  if (serial.tag === TAG_VERSION) serial = readDerElement(der, serial.end);
  if (typeof serial === 'string' || serial.tag !== TAG_INTEGER) return undefined;
  const signature = readDerElement(der, serial.end);
  if (typeof signature === 'string') return undefined;
  const issuer = readDerElement(der, signature.end);
  if (typeof issuer === 'string' || issuer.tag !== TAG_SEQUENCE) return undefined;
  const validity = readDerElement(der, issuer.end);
  if (typeof validity === 'string' || validity.tag !== TAG_SEQUENCE) return undefined;
  const notBefore = readDerElement(der, validity.contentStart);
  if (typeof notBefore === 'string') return undefined;
  const notAfter = readDerElement(der, notBefore.end);
  if (typeof notAfter === 'string' || notAfter.end !== validity.end) return undefined;
  const subject = readDerElement(der, validity.end);
  if (typeof subject === 'string' || subject.tag !== TAG_SEQUENCE) return undefined;
  const spki = readDerElement(der, subject.end);
  if (typeof spki === 'string' || spki.tag !== TAG_SEQUENCE) return undefined;
  const layout: TbsLayout = { serial, issuer, notBefore, notAfter, subject, spki };
  let offset = spki.end;
  while (offset < tbs.end) {
    const element = readDerElement(der, offset);
    if (typeof element === 'string' || element.end > tbs.end) return undefined;
    if (element.tag === TAG_EXTENSIONS) layout.extensions = element;
    else if (element.tag !== TAG_ISSUER_UID && element.tag !== TAG_SUBJECT_UID) return undefined;
    offset = element.end;
  }
  return layout;
}

/**
 * The serial number as Node prints it (OpenSSL's BN_bn2hex: upper-case hex, whole bytes, no
 * leading zero bytes). Negative and zero serials are left to Node.
 */
export function serialHex(der: Buffer, serial: DerElement): string | undefined {
  let start = serial.contentStart;
  if (start >= serial.end || der[start] & 0x80) return undefined;
  while (start < serial.end && der[start] === 0) start++;
  if (start === serial.end) return undefined;
  return der.toString('hex', start, serial.end).toUpperCase();
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A validity time as ISO 8601 UTC to the second (`2027-03-15T00:00:00Z`), for the strict DER
 * forms only: UTCTime `YYMMDDHHMMSSZ` (years 1950-2049, RFC 5280) and GeneralizedTime
 * `YYYYMMDDHHMMSSZ` (years 1000-9999), every field in range. Built from the digits themselves: no
 * Date object and no formatting (two per certificate, on the engine's hot path).
 */
export function derIsoTime(der: Uint8Array, time: DerElement): string | undefined {
  const length = time.end - time.contentStart;
  let at = time.contentStart;
  let century: number;
  if (time.tag === TAG_UTC_TIME && length === 13) {
    century = twoDigits(der, at) < 50 ? 20 : 19;
  } else if (time.tag === TAG_GENERALIZED_TIME && length === 15) {
    century = twoDigits(der, at);
    at += 2;
  } else {
    return undefined;
  }
  const yy = twoDigits(der, at);
  const month = twoDigits(der, at + 2);
  const day = twoDigits(der, at + 4);
  const hour = twoDigits(der, at + 6);
  const minute = twoDigits(der, at + 8);
  const second = twoDigits(der, at + 10);
  if (der[at + 12] !== 0x5a /* Z */ || Number.isNaN(century + yy + month + day + hour + minute + second)) {
    return undefined;
  }
  const year = century * 100 + yy;
  if (year < 1000) return undefined;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1])) return undefined;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}Z`;
}

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** Two ASCII digits, or NaN. */
function twoDigits(der: Uint8Array, at: number): number {
  const tens = der[at] - 0x30;
  const units = der[at + 1] - 0x30;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}
