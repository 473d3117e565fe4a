/**
 * Which certificates are client certificates, the ones the client-certificate rules (EKU,
 * chain, trusted root, clientAuth sunset) apply to. A declared `usage` wins; otherwise the kind
 * and the graph say it: an inbound mutual-auth certificate, a partner's client certificate, or a
 * certificate something presents as its client certificate (Named Credential, partner secret).
 */
import type { DependencyGraph } from '../graph';
import type { CertificateRecord } from '../model';

/**
 * `salesforce-inbound`: presented to Salesforce on port 8443, so Salesforce's rules bind it
 * (clientAuth EKU required, full chain to a root on its trusted list). `client`: presented to
 * some other server, whose rules we do not know beyond TLS's own.
 */
export type ClientUse = 'salesforce-inbound' | 'client';

export function clientUseOf(record: CertificateRecord, graph: DependencyGraph): ClientUse | undefined {
  if (record.usage === 'server' || record.usage === 'signing') return undefined;
  if (record.kind === 'mutual-auth') return 'salesforce-inbound';
  // A partner's client certificate that names an org is the one it presents to that org.
  if (record.kind === 'partner-client') return record.org ? 'salesforce-inbound' : 'client';
  if (record.usage === 'client') return 'client';
  const incoming = graph.edgesTo(record.id);
  if (incoming.some((e) => e.kind === 'client-certificate' || e.kind === 'mutual-auth')) return 'client';
  return undefined;
}
