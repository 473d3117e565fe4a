/**
 * Findings about one org's certificate estate: headroom against the certificate limit, leftovers
 * that still count against it, and certificates nothing references.
 */

import { JWT_AFTER_EXPIRY } from '../alerts/runbooks';
import type { Finding } from '../model';
import { type FindingContext, orgOfNodeId } from './context';

export function orgFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  const orgCertificates = ctx.certificates.filter((c) => c.record.kind === 'org-certificate');
  const orgs = new Set(orgCertificates.map((c) => c.record.org ?? 'unknown'));
  for (const org of [...orgs].sort()) {
    const count = orgCertificates.filter((c) => (c.record.org ?? 'unknown') === org).length;
    const configured = ctx.graph.node(`org:${org}`)?.attributes?.certificateLimit;
    const limit = typeof configured === 'number' ? configured : ctx.policy.certificateLimit;
    const headroom = limit - count;
    const severity = headroom <= 0 ? 'critical' : count >= 0.8 * limit ? 'warning' : 'info';
    findings.push({
      code: 'CERTIFICATE_LIMIT_HEADROOM',
      severity,
      subject: `org:${org}`,
      message:
        `${count} of ${limit} certificates in use (${Math.max(0, headroom)} left).` +
        (severity === 'info'
          ? ''
          : ' A rotation needs room for the new certificate while the old one is still valid: delete expired or unused certificates first.'),
    });
  }
  for (const c of ctx.certificates) {
    const { record } = c;
    if ((record.kind === 'org-certificate' || record.kind === 'mutual-auth') && c.tier === 'expired') {
      findings.push({
        code: 'EXPIRED_CERTIFICATE_PRESENT',
        severity: 'warning',
        subject: record.id,
        certificateId: record.id,
        message: `${record.name} expired ${-c.daysRemaining} day(s) ago and still counts against the org's limit. Once its replacement works, delete it.`,
      });
    }
    if (record.kind === 'connected-app' && c.tier === 'expired') {
      findings.push({
        code: 'JWT_CERTIFICATE_EXPIRED',
        severity: 'critical',
        subject: record.id,
        certificateId: record.id,
        message: `${record.name}, the JWT bearer certificate of ${c.dependents.find((d) => d.kind === 'connected-app' || d.kind === 'external-client-app')?.label ?? 'its app'}, expired ${-c.daysRemaining} day(s) ago. ${JWT_AFTER_EXPIRY}`,
      });
    }
    if (record.attributes?.unusable === true) {
      findings.push({
        code: 'UNUSABLE_CERTIFICATE_PRESENT',
        severity: 'warning',
        subject: record.id,
        certificateId: record.id,
        message: `${record.name} is marked unusable by Salesforce but still counts against the limit. Delete it or replace it.`,
      });
    }
    if (record.kind === 'org-certificate' && c.dependents.length === 0) {
      findings.push({
        code: 'UNUSED_CERTIFICATE',
        severity: 'info',
        subject: record.id,
        certificateId: record.id,
        message: `Nothing in the org references ${record.name}. Check callers outside Salesforce, then delete it to free a slot.`,
      });
    }
  }
  return findings;
}

/** Integration users who must present a client certificate but have none to present. */
export function mutualAuthUserFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  const inbound = ctx.certificates.filter((c) => c.record.kind === 'mutual-auth');
  for (const user of ctx.graph.nodes().filter((n) => n.kind === 'integration-user')) {
    if (user.attributes?.mutualAuthRequired !== true) continue;
    const org = orgOfNodeId(user.id);
    const inOrg = inbound.filter((c) => c.record.org === org);
    const mapped = ctx.graph
      .edgesFrom(user.id, 'mutual-auth')
      .some((e) => inOrg.some((c) => c.record.id === e.to));
    if (!inOrg.some((c) => c.tier !== 'expired')) {
      findings.push({
        code: 'MUTUAL_AUTH_USER_WITHOUT_CERTIFICATE',
        severity: 'critical',
        subject: user.id,
        message: `${user.label} must present a client certificate on port 8443, but org ${org} has no valid mutual authentication certificate: every API call from this user fails the handshake. Upload the partner's certificate.`,
      });
    } else if (!mapped) {
      // A user mapped to an expired certificate is already reported through that certificate's tier.
      findings.push({
        code: 'MUTUAL_AUTH_USER_UNMAPPED',
        severity: 'warning',
        subject: user.id,
        message: `${user.label} must present a client certificate, but no inbound certificate is mapped to this user. Record which one (integrationUser in the configuration or the partner secret) so its expiry reaches the right people.`,
      });
    }
  }
  return findings;
}
