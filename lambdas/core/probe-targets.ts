/**
 * Probe targets named by partner-secret metadata (`probeEndpoint`): the secret that holds the
 * partner's client certificate also says where it is presented, so its handshake is probed with
 * that very secret, without anyone listing the target twice. Targets the configuration already
 * names win (they may carry a CA bundle or a server name).
 */
import type { ProbeTarget } from './config';
import { parseEndpoint } from './endpoint';
import type { Finding, Inventory } from './model';

const DEFAULT_TIMEOUT_MS = 10_000;

export function probeTargetsFromSecrets(
  inventory: Pick<Inventory, 'certificates'>,
  configured: readonly ProbeTarget[],
): { targets: ProbeTarget[]; findings: Finding[] } {
  const taken = new Set(configured.map((t) => `${t.host.toLowerCase()}:${t.port}`));
  const targets: ProbeTarget[] = [];
  const findings: Finding[] = [];
  for (const record of inventory.certificates) {
    const endpoint = record.attributes?.probeEndpoint;
    const secret = record.attributes?.secretArn;
    if (record.kind !== 'partner-client' || typeof endpoint !== 'string' || typeof secret !== 'string')
      continue;
    const parsed = parseEndpoint(endpoint.trim());
    if ('error' in parsed) {
      findings.push({
        code: 'PROBE_ENDPOINT_INVALID',
        severity: 'warning',
        subject: record.id,
        certificateId: record.id,
        source: record.source,
        message: `${record.name} names the probe endpoint "${endpoint}", which cannot be used: ${parsed.error}. Write it as host or host:port.`,
      });
      continue;
    }
    const key = `${parsed.host.toLowerCase()}:${parsed.port}`;
    if (taken.has(key)) continue;
    taken.add(key);
    targets.push({
      name: key,
      host: parsed.host,
      port: parsed.port,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      clientCertificate: { secret },
      ...(record.org ? { org: record.org } : {}),
      ...(record.externalSystem ? { externalSystem: record.externalSystem } : {}),
      ...(record.owners.owner ? { owner: record.owners.owner } : {}),
      ...(record.owners.partnerOwner ? { partnerOwner: record.owners.partnerOwner } : {}),
    });
  }
  return { targets, findings };
}
