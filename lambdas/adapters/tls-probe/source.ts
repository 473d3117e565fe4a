/**
 * The probe as a CertificateSource: runs the handshakes with bounded concurrency and turns the
 * results into inventory (the server certificates seen, probe-target nodes and their edges).
 * A failed handshake is a result, not a source failure; an unusable client credential is a
 * finding naming the target.
 */
import type { CertificateSource, Finding, Inventory } from '../../core/model';
import { inventoryFromProbes, PROBE_SOURCE } from '../../core/probe-inventory';
import { ProbeCredentialError, type ProbeRequest, probeEndpoint } from './probe';

// The pure part lives in core so the evaluate Lambda can use it without the TLS code.
export { inventoryFromProbes, PROBE_SOURCE } from '../../core/probe-inventory';

export interface ProbeSourceOptions {
  /** Handshakes at once (default 4). */
  concurrency?: number;
  /** The instant results are stamped with; default the `now` collect is given. */
  clock?: () => Date;
}

export function createProbeSource(
  targets: ProbeRequest[],
  options: ProbeSourceOptions = {},
): CertificateSource {
  return {
    name: PROBE_SOURCE,
    kind: 'probe',
    async collect(now: Date): Promise<Inventory> {
      const clock = options.clock ?? (() => now);
      const outcomes = await mapBounded(targets, options.concurrency ?? 4, async (target) => {
        try {
          return { probe: await probeEndpoint(target, clock) };
        } catch (error) {
          if (!(error instanceof ProbeCredentialError)) throw error;
          return { finding: credentialFinding(target, error.message) };
        }
      });
      // In the order of the targets, whatever order the handshakes finished in.
      const probes = outcomes.flatMap((o) => (o.probe ? [o.probe] : []));
      const findings = outcomes.flatMap((o) => (o.finding ? [o.finding] : []));
      const inventory = inventoryFromProbes(probes);
      inventory.findings.push(...findings);
      inventory.sources.push({
        name: PROBE_SOURCE,
        kind: 'probe',
        status: findings.length > 0 ? 'partial' : 'ok',
        ...(findings.length > 0
          ? { error: `${findings.length} probe target(s) without a usable client certificate` }
          : {}),
        certificates: inventory.certificates.length,
      });
      return inventory;
    },
  };
}

function credentialFinding(target: ProbeRequest, message: string): Finding {
  return {
    code: 'PROBE_CREDENTIAL_UNREADABLE',
    severity: 'critical',
    subject: `probe-target:${target.host}:${target.port}`,
    message: `${message}. The handshake was not tried: fix the client credential so the probe can check the endpoint.`,
    source: PROBE_SOURCE,
  };
}

/** Runs `work` over `items`, at most `limit` at once, keeping the order of `items`. */
async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
