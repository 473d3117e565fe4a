/**
 * What the scan's probe branch returned, as inventory for the evaluate step: the same server
 * certificate records, probe-target nodes and edges the CLI's probe source builds
 * (`inventoryFromProbes`), and a failed source for each probe invocation the state machine caught.
 */
import type { Inventory, ProbeResult } from '../core/model';
import { inventoryFromProbes } from '../core/probe-inventory';
import type { EvaluateEvent, ProbeFailure } from './scan-contract';

export function probeInventory(probes: EvaluateEvent['probes']): Inventory {
  const results = probes.filter((p): p is ProbeResult => 'outcome' in p);
  const inventory = inventoryFromProbes(results);
  for (const probe of probes) {
    if ('outcome' in probe) continue;
    const failure = probe as ProbeFailure;
    inventory.sources.push({
      name: `probe:${failure.target}`,
      kind: 'probe',
      status: 'failed',
      error: failure.error,
      certificates: 0,
    });
  }
  return inventory;
}
