/**
 * Where the fields of a certificate's tbsCertificate sit in its DER, so the engine can read the
 * simple ones (serial number, validity) in JavaScript instead of one call into OpenSSL per field.
 * Each reader here accepts only encodings whose meaning is beyond doubt and returns undefined for
 * anything else; callers then ask Node, so the result never differs from Node's.
 */
import { type DerElement, readDerElement } from './der';

export interface TbsLayout {
  serial: DerElement;
  notBefore: DerElement;
  notAfter: DerElement;
  spki: DerElement;
}

const TAG_VERSION = 0xa0;
const TAG_INTEGER = 0x02;
const TAG_SEQUENCE = 0x30;
const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;

/** Certificate -> tbsCertificate -> [version] serial signature issuer validity subject SPKI. */
export function tbsLayout(der: Uint8Array): TbsLayout | undefined {
  const certificate = readDerElement(der);
  if (typeof certificate === 'string') return undefined;
  const tbs = readDerElement(der, certificate.contentStart);
  if (typeof tbs === 'string') return undefined;
  let serial = readDerElement(der, tbs.contentStart);
  if (typeof serial === 'string') return undefined;
  if (serial.tag === TAG_VERSION) serial = readDerElement(der, serial.end);
  if (typeof serial === 'string' || serial.tag !== TAG_INTEGER) return undefined;
  const signature = readDerElement(der, serial.end);
  if (typeof signature === 'string') return undefined;
  const issuer = readDerElement(der, signature.end);
  if (typeof issuer === 'string') return undefined;
  const validity = readDerElement(der, issuer.end);
  if (typeof validity === 'string' || validity.tag !== TAG_SEQUENCE) return undefined;
  const notBefore = readDerElement(der, validity.contentStart);
  if (typeof notBefore === 'string') return undefined;
  const notAfter = readDerElement(der, notBefore.end);
  if (typeof notAfter === 'string' || notAfter.end !== validity.end) return undefined;
  const subject = readDerElement(der, validity.end);
  if (typeof subject === 'string') return undefined;
  const spki = readDerElement(der, subject.end);
  if (typeof spki === 'string') return undefined;
  return { serial, notBefore, notAfter, spki };
}

const HEX = '0123456789ABCDEF';

/**
 * The serial number as Node prints it (OpenSSL's BN_bn2hex: upper-case hex, whole bytes, no
 * leading zero bytes). Negative and zero serials are left to Node.
 */
export function serialHex(der: Uint8Array, serial: DerElement): string | undefined {
  let start = serial.contentStart;
  if (start >= serial.end || der[start] & 0x80) return undefined;
  while (start < serial.end && der[start] === 0) start++;
  if (start === serial.end) return undefined;
  let text = '';
  for (let i = start; i < serial.end; i++) text += HEX[der[i] >> 4] + HEX[der[i] & 15];
  return text;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A validity time in milliseconds, for the strict DER forms only: UTCTime `YYMMDDHHMMSSZ` (years
 * 1950-2049, RFC 5280) and GeneralizedTime `YYYYMMDDHHMMSSZ`, every field in range.
 */
export function derTime(der: Uint8Array, time: DerElement): number | undefined {
  const length = time.end - time.contentStart;
  let at = time.contentStart;
  let year: number;
  if (time.tag === TAG_UTC_TIME && length === 13) {
    const yy = twoDigits(der, at);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
    at += 2;
  } else if (time.tag === TAG_GENERALIZED_TIME && length === 15) {
    year = twoDigits(der, at) * 100 + twoDigits(der, at + 2);
    at += 4;
  } else {
    return undefined;
  }
  // Date.UTC reads years 0-99 as 1900-1999; such certificates are left to Node.
  if (!(year >= 1000)) return undefined;
  const month = twoDigits(der, at);
  const day = twoDigits(der, at + 2);
  const hour = twoDigits(der, at + 4);
  const minute = twoDigits(der, at + 6);
  const second = twoDigits(der, at + 8);
  if (der[at + 10] !== 0x5a /* Z */ || Number.isNaN(year + month + day + hour + minute + second)) {
    return undefined;
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1])) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Two ASCII digits, or NaN. */
function twoDigits(der: Uint8Array, at: number): number {
  const tens = der[at] - 0x30;
  const units = der[at + 1] - 0x30;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}
