/** Findings about how certificates are used: the field's two most common design errors. */
import type { Finding } from '../model';
import type { FindingContext } from './context';

export function usageFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const { record } of ctx.certificates) {
    const incoming = ctx.graph.edgesTo(record.id);
    const asClient = incoming.some((e) => e.kind === 'client-certificate' || e.kind === 'mutual-auth');
    const asJwt = incoming.some((e) => e.kind === 'jwt-signing');
    if (asClient && asJwt) {
      findings.push({
        code: 'JWT_AND_MTLS_REUSE',
        severity: 'warning',
        subject: record.id,
        certificateId: record.id,
        message: `${record.name} is both an mTLS client certificate and a JWT signing certificate: one rotation breaks two integrations at once and one leaked key compromises both. Give each purpose its own certificate.`,
      });
    }
  }
  const callers = ctx.graph
    .nodes()
    .filter((n) => n.kind === 'named-credential' || n.kind === 'external-data-source');
  for (const node of callers) {
    const url = node.attributes?.url;
    if (typeof url !== 'string' || ctx.graph.edgesFrom(node.id, 'client-certificate').length === 0) continue;
    let port: string;
    try {
      port = new URL(url).port;
    } catch {
      findings.push({
        code: 'CALLOUT_URL_UNREADABLE',
        severity: 'info',
        subject: node.id,
        message: `${node.label} presents a client certificate but its URL "${url}" could not be read.`,
      });
      continue;
    }
    if (port === '') {
      findings.push({
        code: 'CLIENT_CERT_CALLOUT_WITHOUT_8443',
        severity: 'warning',
        subject: node.id,
        message: `${node.label} presents a client certificate but its URL names no port, so it connects on 443. Mutual TLS endpoints (Salesforce's among them) listen on 8443: verify the partner expects it on 443 or add :8443.`,
      });
    }
  }
  return findings;
}
