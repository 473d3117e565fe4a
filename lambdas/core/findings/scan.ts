/** Findings about the scan itself: a monitor that could not see is never an all-clear. */
import type { Finding, Inventory } from '../model';
import { opensslReason } from '../openssl-reason';

export function scanFindings(inventory: Inventory): Finding[] {
  const findings: Finding[] = [];
  for (const source of inventory.sources) {
    if (source.status === 'ok') continue;
    findings.push({
      code: source.status === 'failed' ? 'SOURCE_FAILED' : 'SOURCE_PARTIAL',
      severity: source.status === 'failed' ? 'critical' : 'warning',
      subject: source.name,
      source: source.name,
      message: `${source.name} ${source.status === 'failed' ? 'failed' : 'was read only in part'}${source.error ? `: ${source.error}` : ''}. Certificates it holds may be missing from this report.`,
    });
  }
  for (const probe of inventory.probes) {
    if (probe.outcome === 'OK') continue;
    const endpoint = `${probe.host}:${probe.port}`;
    if (probe.outcome === 'MTLS_NOT_ENFORCED') {
      findings.push({
        code: 'MTLS_NOT_ENFORCED',
        severity: 'warning',
        subject: probe.target,
        source: 'probe',
        message: `${endpoint} accepts connections without a client certificate: the integration is not protected by mutual TLS as designed. Make the server require and verify client certificates.`,
      });
      continue;
    }
    if (probe.outcome === 'CLIENT_CERT_NOT_CHECKED') {
      findings.push({
        code: 'CLIENT_CERT_NOT_CHECKED',
        severity: 'critical',
        subject: probe.target,
        source: 'probe',
        message: `${endpoint} accepted an expired or not yet valid client certificate: it does not check the certificates it is shown, so any client certificate may pass. Fix its client-certificate verification.`,
      });
      continue;
    }
    findings.push({
      code: 'PROBE_FAILED',
      severity: 'critical',
      subject: probe.target,
      source: 'probe',
      message: `The mutual-TLS handshake with ${probe.host}:${probe.port} failed: ${probe.outcome}${probe.error ? ` (${opensslReason(probe.error.message)})` : ''}.`,
    });
  }
  return findings;
}
