/** Combining what several sources reported into one inventory. */
import { emptyInventory, type GraphEdge, type GraphNode, type Inventory } from './model';

export const edgeKey = (e: GraphEdge): string => `${e.from}\u0000${e.kind}\u0000${e.to}`;

/**
 * Merges inventories. Nodes with the same id are one node (attributes merged; the first label
 * wins) so that global nodes such as `external-system:<name>` join both sides of an edge.
 * Certificates keep the first record per id and a finding says a duplicate was dropped.
 */
export function mergeInventories(parts: Inventory[]): Inventory {
  const merged = emptyInventory();
  const certificateIds = new Set<string>();
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const part of parts) {
    for (const record of part.certificates) {
      if (certificateIds.has(record.id)) {
        merged.findings.push({
          code: 'DUPLICATE_CERTIFICATE_ID',
          severity: 'info',
          subject: record.id,
          source: record.source,
          message: `Two sources reported a certificate with id ${record.id}; the first one was kept.`,
        });
        continue;
      }
      certificateIds.add(record.id);
      merged.certificates.push(record);
    }
    for (const node of part.nodes) {
      const existing = nodes.get(node.id);
      nodes.set(
        node.id,
        existing ? { ...existing, attributes: { ...node.attributes, ...existing.attributes } } : node,
      );
    }
    for (const edge of part.edges) edges.set(edgeKey(edge), edge);
    merged.findings.push(...part.findings);
    merged.sources.push(...part.sources);
    merged.probes.push(...part.probes);
  }
  merged.nodes = [...nodes.values()];
  merged.edges = [...edges.values()];
  return merged;
}
