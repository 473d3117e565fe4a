/**
 * The dependency graph: certificates, what holds or uses them, the systems behind those and the
 * people who own them. Edges point from the dependent to what it depends on, so "what breaks when
 * this certificate expires" is a walk against the edges.
 */
import type { EdgeKind, GraphEdge, GraphNode } from './model';
import type { Dependent } from './report/model';

/** Edges that say who owns or contains something; they do not carry breakage. */
const NON_DEPENDENCY: ReadonlySet<EdgeKind> = new Set(['owned-by', 'belongs-to', 'connects-to']);

export class DependencyGraph {
  private readonly nodesById = new Map<string, GraphNode>();
  private readonly incoming = new Map<string, GraphEdge[]>();
  private readonly outgoing = new Map<string, GraphEdge[]>();

  constructor(nodes: GraphNode[], edges: GraphEdge[]) {
    for (const node of nodes) this.nodesById.set(node.id, node);
    for (const edge of edges) {
      push(this.incoming, edge.to, edge);
      push(this.outgoing, edge.from, edge);
    }
  }

  node(id: string): GraphNode | undefined {
    return this.nodesById.get(id);
  }

  nodes(): GraphNode[] {
    return [...this.nodesById.values()];
  }

  /** Edges into `id` (of one kind, when given). Read-only: without a kind, the graph's own list. */
  edgesTo(id: string, kind?: EdgeKind): readonly GraphEdge[] {
    return ofKind(this.incoming.get(id), kind);
  }

  edgesFrom(id: string, kind?: EdgeKind): readonly GraphEdge[] {
    return ofKind(this.outgoing.get(id), kind);
  }

  /**
   * Blast radius: everything that breaks when `certificateId` expires, nearest first. Walks
   * dependency edges backwards (through copies of the same certificate in both directions), then
   * adds the external systems the affected holders connect to. Certificates themselves are walked
   * through but not listed.
   */
  blastRadius(certificateId: string): Dependent[] {
    const seen = new Set<string>([certificateId]);
    const result: Dependent[] = [];
    // Breadth-first; `via` is the kind of the first edge on the path from the certificate.
    const queue: Array<{ id: string; via: string }> = [{ id: certificateId, via: '' }];
    const visit = (id: string, via: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      const node = this.nodesById.get(id);
      if (!node) return;
      if (node.kind !== 'certificate') result.push({ id: node.id, kind: node.kind, label: node.label, via });
      queue.push({ id, via });
    };
    for (let at = 0; at < queue.length; at++) {
      const { id, via } = queue[at];
      for (const edge of this.edgesTo(id)) {
        if (!NON_DEPENDENCY.has(edge.kind)) visit(edge.from, via || edge.kind);
      }
      for (const edge of this.edgesFrom(id)) {
        if (edge.kind === 'copy-of' || edge.kind === 'connects-to') visit(edge.to, via || edge.kind);
      }
    }
    return result;
  }

  /** Owners reachable by `owned-by` edges from the node. */
  ownersOf(id: string): GraphNode[] {
    return this.edgesFrom(id, 'owned-by')
      .map((e) => this.nodesById.get(e.to))
      .filter((n): n is GraphNode => n !== undefined);
  }
}

const NO_EDGES: readonly GraphEdge[] = [];

function ofKind(edges: readonly GraphEdge[] | undefined, kind: EdgeKind | undefined): readonly GraphEdge[] {
  if (!edges) return NO_EDGES;
  return kind === undefined ? edges : edges.filter((e) => e.kind === kind);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
