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

/**
 * The chain of each client certificate as its holder sends it: complete (Salesforce requires the
 * intermediates to be sent), in order, signed, and ending at a trusted root.
 */
export function chainFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const c of ctx.certificates) {
    const { record, chain } = c;
    if (!chain || c.copyOf !== null) continue;
    const about = { subject: record.id, certificateId: record.id };
    if (chain.expiresBeforeLeaf) {
      findings.push({
        code: 'CHAIN_EXPIRES_BEFORE_LEAF',
        severity: 'info',
        ...about,
        message: `${record.name}: ${chain.expiresBeforeLeaf.subject} in its chain expires ${chain.expiresBeforeLeaf.notAfter}, before the certificate itself; that is the chain's expiry (the tier counts from it). Renew or replace that CA certificate in the chain.`,
      });
    }
    if (!c.clientUse) continue;
    const inbound = c.clientUse === 'salesforce-inbound';
    if (!chain.complete) {
      const why = chain.badSignature
        ? `the signature of ${chain.badSignature.subject} does not verify with the key of ${chain.badSignature.issuer}, the certificate held as its issuer`
        : `its issuer ${chain.missingIssuer} is neither held with it nor a trusted root`;
      findings.push({
        code: 'CHAIN_INCOMPLETE',
        severity: inbound ? 'critical' : 'warning',
        ...about,
        message: `${record.name}: the chain stops at ${chain.subjects[chain.subjects.length - 1]}: ${why}. ${
          inbound
            ? 'Salesforce mutual authentication requires the client to send the full chain: the handshake fails.'
            : 'A server that does not hold that intermediate itself refuses the handshake.'
        } Add the intermediate certificate(s) to the file, secret or keystore the client presents.`,
      });
      continue;
    }
    if (inbound && ctx.trustFrom !== undefined && chain.trustAnchor === null) {
      const top = chain.subjects[chain.subjects.length - 1];
      const roots =
        ctx.trustFrom === 'configured'
          ? 'the roots configured in trust.roots'
          : "the public roots (Mozilla's store, as Node ships it)";
      findings.push({
        code: 'CHAIN_UNTRUSTED',
        severity: 'critical',
        ...about,
        message: `${record.name}: the chain ends at ${top}, which is not among ${roots}. Salesforce accepts client certificates only from CAs on its trusted list (/cacerts.jsp): the handshake fails. Have it issued by a CA Salesforce trusts.`,
      });
    }
    if (chain.outOfOrder) {
      findings.push({
        code: 'CHAIN_OUT_OF_ORDER',
        severity: 'info',
        ...about,
        message: `${record.name}: the chain is not held leaf first, each certificate followed by its issuer. TLS 1.2 requires that order and some servers refuse another: reorder the file or secret.`,
      });
    }
  }
  return findings;
}

/**
 * A client certificate whose renewal falls after its CA's last clientAuth issuance: renewed as
 * usual, it comes back without clientAuth and the handshake fails. Warning when that is the next
 * renewal, critical once inside the renew-before window, info when a later renewal is the one.
 */
export function clientAuthSunsetFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const c of ctx.certificates) {
    const sunset = c.sunset;
    if (!sunset || c.copyOf !== null) continue;
    const when = new Date(sunset.migrationAt).toISOString().slice(0, 10);
    const which = sunset.inRenewWindow
      ? 'It is due for renewal now'
      : sunset.next
        ? `Its next renewal (forecast ${when})`
        : `A later renewal (forecast ${when})`;
    const counterparty =
      c.clientUse === 'salesforce-inbound'
        ? 'Salesforce accepts only CAs on its trusted list (/cacerts.jsp): ask which CA it will accept for client certificates, or agree a private CA with the Salesforce org owner where that list allows it'
        : 'a private CA where the other side allows one, or ask the counterparty which CA it will accept';
    findings.push({
      code: 'CLIENT_AUTH_SUNSET',
      severity: sunset.inRenewWindow ? 'critical' : sunset.next ? 'warning' : 'info',
      subject: c.record.id,
      certificateId: c.record.id,
      message: `${c.record.name}: ${which} falls after ${sunset.entry.lastIssuance}, the last day ${sunset.entry.ca} issues certificates with clientAuth (${sunset.entry.source}). Renewed as usual it comes back without clientAuth and the mutual-TLS handshake fails. Plan a migration, not a routine rotation: ${counterparty}; both companies must trust the new issuer before the switch.`,
    });
  }
  return findings;
}
