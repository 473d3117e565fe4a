/**
 * Probe results as inventory: a `server` certificate record per server certificate a handshake
 * saw, the probe-target node and its edges. Pure, so both the CLI's probe source
 * (lambdas/adapters/tls-probe/source.ts) and the evaluate Lambda, which receives the probe
 * Lambda's results, build the same records and graph without carrying the TLS probing code.
 */
import { recordFromChain } from './certificates/record';
import { emptyInventory, type Inventory, type ProbeResult } from './model';

/** The `source` of everything the probe contributes. */
export const PROBE_SOURCE = 'probe';

/**
 * Inventory for probe results wherever they were made (the CLI's probe source, or the probe
 * Lambda's results in the evaluate step): a `server` record per server certificate seen, and the graph around it.
 */
export function inventoryFromProbes(probes: ProbeResult[]): Inventory {
  const inventory = emptyInventory();
  const nodeIds = new Set<string>();
  const addNode = (node: Inventory['nodes'][number]) => {
    if (nodeIds.has(node.id)) return;
    nodeIds.add(node.id);
    inventory.nodes.push(node);
  };
  const edgeKeys = new Set<string>();
  const addEdge = (edge: Inventory['edges'][number]) => {
    const key = `${edge.from} ${edge.kind} ${edge.to}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    inventory.edges.push(edge);
  };
  for (const probe of probes) {
    inventory.probes.push(probe);
    const endpoint = `${probe.host}:${probe.port}`;
    const targetId = `probe-target:${endpoint}`;
    addNode({
      id: targetId,
      kind: 'probe-target',
      label: probe.target,
      attributes: { host: probe.host, port: probe.port, outcome: probe.outcome },
    });
    if (probe.serverCertificate && !nodeIds.has(`probe:${endpoint}`)) {
      const record = recordFromChain([probe.serverCertificate], {
        id: `probe:${endpoint}`,
        source: PROBE_SOURCE,
        name: probe.target,
        kind: 'server',
        org: probe.org,
        externalSystem: probe.externalSystem,
        owners: probe.owners,
        attributes: { host: probe.host, port: probe.port, probeOutcome: probe.outcome },
      });
      inventory.certificates.push(record);
      nodeIds.add(record.id);
      addEdge({ from: targetId, to: record.id, kind: 'server-certificate' });
    }
    if (probe.externalSystem) {
      const systemId = `external-system:${probe.externalSystem}`;
      addNode({ id: systemId, kind: 'external-system', label: probe.externalSystem });
      addEdge({ from: targetId, to: systemId, kind: 'connects-to' });
    }
  }
  return inventory;
}
