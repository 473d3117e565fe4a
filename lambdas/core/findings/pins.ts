/**
 * Mobile certificate pins (MobSecurityCertPinConfig): the Salesforce mobile app refuses a server
 * whose certificate does not match the pin, so a pin that matches nothing the host presents locks
 * every mobile user out. What the host presents is known only when the handshake probe reached it.
 */
import type { Finding, GraphNode, Inventory, ProbeResult } from '../model';

/** The forms a SHA-256 certificate fingerprint is written in: hex (with or without colons) and base64. */
function fingerprintForms(fingerprint: string): Set<string> {
  const hex = fingerprint.replace(/:/g, '').toLowerCase();
  return new Set([
    hex,
    Buffer.from(hex, 'hex').toString('base64'),
    Buffer.from(hex, 'hex').toString('base64url'),
  ]);
}

function normalizedPin(pin: string): string {
  const bare = pin.replace(/^sha256\//i, '').trim();
  return /^[0-9a-f:]+$/i.test(bare) ? bare.replace(/:/g, '').toLowerCase() : bare.replace(/=+$/, '');
}

function matches(pin: string, probe: ProbeResult): boolean {
  const fingerprint = probe.serverCertificate?.fingerprintSha256;
  if (!fingerprint) return false;
  const forms = [...fingerprintForms(fingerprint)].map((f) => f.replace(/=+$/, ''));
  return forms.includes(normalizedPin(pin));
}

export function pinFindings(inventory: Pick<Inventory, 'nodes' | 'probes'>): Finding[] {
  const findings: Finding[] = [];
  const pins = inventory.nodes.filter(
    (n): n is GraphNode & { attributes: Record<string, string | number | boolean> } =>
      n.kind === 'certificate-pin' && n.attributes?.enabled === true,
  );
  for (const pin of pins) {
    const host = pin.attributes.host;
    const hash = pin.attributes.certificateHash;
    if (typeof host !== 'string' || typeof hash !== 'string') continue;
    const seen = inventory.probes.filter((p) => p.host.toLowerCase() === host && p.serverCertificate);
    if (seen.length === 0) {
      findings.push({
        code: 'CERTIFICATE_PIN_UNVERIFIED',
        severity: 'info',
        subject: pin.id,
        message: `Mobile certificate pin ${pin.label} pins ${host}, which no probe reached in this scan: add it as a probe target (port 443) so the pin is checked against what the host presents.`,
      });
      continue;
    }
    if (seen.some((p) => matches(hash, p))) continue;
    const presented = seen.map((p) => p.serverCertificate?.fingerprintSha256).join(', ');
    findings.push({
      code: 'CERTIFICATE_PIN_STALE',
      severity: 'critical',
      subject: pin.id,
      message: `Mobile certificate pin ${pin.label} for ${host} matches no certificate the host presents (SHA-256 ${presented}): the Salesforce mobile app refuses the connection for every user it applies to. Update the pin (Setup > Mobile Security) to the certificate now served, or disable pinning; Salesforce advises against pinning its own hosts, whose certificates rotate.`,
    });
  }
  return findings;
}
