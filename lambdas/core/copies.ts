/**
 * Recognising the two halves of one mutual-TLS edge: the inbound certificate uploaded to the org
 * and the partner's copy of it (kept, with its key, in Secrets Manager). Salesforce reports an
 * inbound certificate by serial and issuer only, so the match falls back to those.
 */
import type { CertificateRecord } from './model';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function serialOf(record: CertificateRecord): string | undefined {
  return (
    record.info?.serialNumber ?? text(record.attributes?.serialNumber) ?? text(record.attributes?.serialId)
  );
}

export function issuerOf(record: CertificateRecord): string | undefined {
  return record.info?.issuer ?? text(record.attributes?.issuer);
}

/** Hex serials compare without separators or leading zeros; a decimal serial is converted. */
function serialForms(serial: string): Set<string> {
  const forms = new Set<string>();
  const hex = serial
    .replace(/[^0-9a-fA-F]/g, '')
    .toUpperCase()
    .replace(/^0+/, '');
  if (hex) forms.add(hex);
  if (/^\d+$/.test(serial.trim())) forms.add(BigInt(serial.trim()).toString(16).toUpperCase());
  return forms;
}

function commonName(dn: string): string | undefined {
  return /CN\s*=\s*([^,\n/+]+)/i.exec(dn)?.[1]?.trim().toLowerCase();
}

export function sameCertificate(a: CertificateRecord, b: CertificateRecord): boolean {
  if (a.info && b.info) return a.info.fingerprintSha256 === b.info.fingerprintSha256;
  const serialA = serialOf(a);
  const serialB = serialOf(b);
  if (!serialA || !serialB) return false;
  const formsB = serialForms(serialB);
  if (![...serialForms(serialA)].some((f) => formsB.has(f))) return false;
  const cnA = commonName(issuerOf(a) ?? '');
  const cnB = commonName(issuerOf(b) ?? '');
  return cnA === undefined || cnB === undefined || cnA === cnB;
}

/** Partner copy -> inbound certificate pairs, within the same org when the copy names one. */
export function matchCopies(
  records: CertificateRecord[],
): Array<{ copy: CertificateRecord; inbound: CertificateRecord }> {
  const inbound = records.filter((r) => r.kind === 'mutual-auth');
  const pairs: Array<{ copy: CertificateRecord; inbound: CertificateRecord }> = [];
  for (const copy of records.filter((r) => r.kind === 'partner-client')) {
    for (const candidate of inbound) {
      if (copy.org && candidate.org && copy.org !== candidate.org) continue;
      if (sameCertificate(copy, candidate)) pairs.push({ copy, inbound: candidate });
    }
  }
  return pairs;
}

/**
 * Fills the facts one half knows and the other lacks (owners, system, user, org). They are one
 * certificate, so a half known only by serial and expiry date (Salesforce's inbound metadata)
 * also takes the exact validity of the half whose bytes were read.
 */
export function shareFacts(a: CertificateRecord, b: CertificateRecord): void {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ]) {
    if (!x.info && y.info) {
      x.info = y.info;
      x.chain ??= y.chain;
      x.der ??= y.der;
      x.notBefore = y.notBefore;
      x.notAfter = y.notAfter;
      x.expiryPrecision = y.expiryPrecision;
    }
    x.org ??= y.org;
    x.externalSystem ??= y.externalSystem;
    x.integrationUser ??= y.integrationUser;
    x.owners.owner ??= y.owners.owner;
    x.owners.partnerOwner ??= y.owners.partnerOwner;
  }
}
