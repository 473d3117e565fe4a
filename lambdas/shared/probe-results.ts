/**
 * What the scan's probe branch returned, as inventory for the evaluate step: the same server
 * certificate records, probe-target nodes and edges the CLI's probe source builds
 * (`inventoryFromProbes`), and a failed source for each probe invocation the state machine caught.
 */
import type { Inventory, ProbeResult } from '../core/model';
import { inventoryFromProbes } from '../core/probe-inventory';
import { probeSourceName } from '../core/source-names';
import type { EvaluateEvent, ProbeFailure } from './scan-contract';
import { describeStepError } from './step-error';

export function probeInventory(probes: EvaluateEvent['probes']): Inventory {
  const results = probes.filter((p): p is ProbeResult => 'outcome' in p);
  const inventory = inventoryFromProbes(results);
  for (const probe of probes) {
    if ('outcome' in probe) continue;
    const failure = probe as ProbeFailure;
    inventory.sources.push({
      name: probeSourceName(failure.target),
      kind: 'probe',
      status: 'failed',
      error: describeStepError(failure.error),
      certificates: 0,
    });
  }
  return inventory;
}
