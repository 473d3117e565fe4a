/**
 * Trust-path findings about client certificates and validity windows: a client certificate
 * without the clientAuth EKU, and a certificate that is not valid yet.
 */
import type { Finding, ProbeResult } from '../model';
import { clientAuthPermission } from '../trust/eku';
import type { FindingContext } from './context';

export function clientAuthEkuFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const c of ctx.certificates) {
    const info = c.record.info;
    // A partner's copy is the same certificate as the inbound one: said once, through the inbound.
    if (!info || !c.clientUse || c.copyOf !== null) continue;
    const permission = clientAuthPermission(info.extendedKeyUsage);
    if (permission === 'yes') continue;
    if (permission === 'unrestricted' && c.clientUse !== 'salesforce-inbound') continue;
    findings.push({
      code: 'CLIENT_AUTH_EKU_MISSING',
      severity: 'critical',
      subject: c.record.id,
      certificateId: c.record.id,
      message: `${c.record.name} is used as a client certificate but ${ekuPhrase(info.extendedKeyUsage)}. ${
        c.clientUse === 'salesforce-inbound'
          ? 'Salesforce mutual authentication (port 8443) requires the Client Authentication EKU: the handshake fails.'
          : 'A server that checks the client purpose (OpenSSL, nginx, most load balancers) refuses it in the handshake.'
      } Reissue it with clientAuth in extendedKeyUsage (public CAs are ending clientAuth: a private CA may be needed; see docs/trust.md).`,
    });
  }
  return findings;
}

/** The probe's own client certificate, which is a client certificate by definition. */
export function probeClientEkuFindings(probes: readonly ProbeResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const probe of probes) {
    const eku = probe.clientCertificate?.extendedKeyUsage;
    if (!probe.clientCertificate || clientAuthPermission(eku) !== 'no') continue;
    findings.push({
      code: 'CLIENT_AUTH_EKU_MISSING',
      severity: 'critical',
      subject: probe.target,
      source: 'probe',
      message: `The client certificate the probe of ${probe.host}:${probe.port} presents (${probe.clientCertificate.subject}) ${ekuPhrase(eku)}: a server that checks the client purpose refuses it. Reissue it with clientAuth.`,
    });
  }
  return findings;
}

export function notYetValidFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const c of ctx.certificates) {
    if (!c.notYetValid) continue;
    const from = c.record.notBefore as string;
    findings.push({
      code: 'NOT_YET_VALID',
      severity: 'warning',
      subject: c.record.id,
      certificateId: c.record.id,
      message: `${c.record.name} is not valid until ${from}: every handshake that presents it fails before then. Keep the certificate it replaces in place until that instant (or check the issuing side's clock).`,
    });
  }
  return findings;
}

function ekuPhrase(eku: readonly string[] | undefined): string {
  if (eku === undefined) return 'has no extendedKeyUsage extension';
  if (eku.length === 1 && eku[0] === 'anyExtendedKeyUsage')
    return 'its extendedKeyUsage is anyExtendedKeyUsage only, which OpenSSL does not accept for a client';
  return `its extendedKeyUsage (${eku.join(', ') || 'empty'}) lacks clientAuth`;
}
