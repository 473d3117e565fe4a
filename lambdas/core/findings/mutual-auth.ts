/**
 * Findings about mutual-TLS edges as a whole: whether the map is complete (the four facts) and
 * whether both companies hold the same certificate.
 */
import { issuerOf, serialOf } from '../copies';
import type { CertificateRecord, Finding } from '../model';
import type { FindingContext } from './context';

/** For each mutual-auth certificate: external system, integration user, expiry, owner on each side. */
export function completenessFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const { record } of ctx.certificates) {
    if (record.kind !== 'mutual-auth') continue;
    const missing = [
      record.externalSystem ? undefined : 'external system',
      record.integrationUser ? undefined : 'integration user',
      record.notAfter ? undefined : 'expiry',
      record.owners.owner ? undefined : 'owner on our side',
      record.owners.partnerOwner ? undefined : "owner on the partner's side",
    ].filter((m): m is string => m !== undefined);
    if (missing.length === 0) continue;
    findings.push({
      code: 'MUTUAL_AUTH_INCOMPLETE',
      severity: 'warning',
      subject: record.id,
      certificateId: record.id,
      message: `${record.name} is missing: ${missing.join(', ')}. When it expires nobody will know what broke or whom to call: add them under "certificates" in the configuration or as partner-secret metadata.`,
    });
  }
  return findings;
}

/** A partner copy that matches no inbound certificate of its org, while one for the same edge exists. */
export function rotatedOneSideFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  const matched = new Set(ctx.copies.map((p) => p.copy.id));
  const inbound = ctx.certificates.map((c) => c.record).filter((r) => r.kind === 'mutual-auth');
  for (const { record: copy } of ctx.certificates) {
    if (copy.kind !== 'partner-client' || matched.has(copy.id) || !copy.org) continue;
    const sameEdge = inbound.filter(
      (r) =>
        r.org === copy.org &&
        ((copy.externalSystem !== undefined && r.externalSystem === copy.externalSystem) ||
          (copy.integrationUser !== undefined && r.integrationUser === copy.integrationUser)),
    );
    if (sameEdge.length > 0) {
      const other = sameEdge[0];
      const partnerNewer = copy.notAfter > other.notAfter;
      findings.push({
        code: 'ROTATED_ONE_SIDE_ONLY',
        severity: 'critical',
        subject: copy.id,
        certificateId: copy.id,
        message:
          `The partner's certificate ${describe(copy)} does not match the org's inbound certificate ${describe(other)} for the same edge. ` +
          (partnerNewer
            ? `The partner has rotated: upload their new certificate to org ${copy.org} (Mutual Authentication Certificates) before they switch.`
            : `The org holds a newer certificate than the partner's copy: update the partner side or the secret.`),
      });
    } else if (!inbound.some((r) => r.org === copy.org)) {
      findings.push({
        code: 'PARTNER_CERTIFICATE_NOT_IN_ORG',
        severity: 'warning',
        subject: copy.id,
        certificateId: copy.id,
        message: `${describe(copy)} names org ${copy.org}, which reported no inbound certificate to match it. Either the org is not scanned, mutual authentication is not enabled there, or the certificate was never uploaded.`,
      });
    }
  }
  return findings;
}

function describe(record: CertificateRecord): string {
  const serial = serialOf(record);
  const issuer = issuerOf(record)?.replace(/\n/g, ', ');
  const parts = [serial && `serial ${serial}`, issuer && `issuer ${issuer}`].filter(Boolean);
  return parts.length > 0 ? `${record.name} (${parts.join('; ')})` : record.name;
}
