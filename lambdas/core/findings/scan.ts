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
