import { DependencyGraph } from '../../lambdas/core/graph';
import type { GraphEdge, GraphNode } from '../../lambdas/core/model';

const node = (id: string, kind: GraphNode['kind']): GraphNode => ({ id, kind, label: id });

describe('DependencyGraph', () => {
  const nodes = [
    node('cert:inbound', 'certificate'),
    node('cert:copy', 'certificate'),
    node('user', 'integration-user'),
    node('secret', 'partner-secret'),
    node('nc', 'named-credential'),
    node('apex', 'apex-class'),
    node('system', 'external-system'),
    node('owner', 'owner'),
    node('org', 'org'),
    node('cert:other', 'certificate'),
  ];
  const edges: GraphEdge[] = [
    { from: 'user', to: 'cert:inbound', kind: 'mutual-auth' },
    { from: 'cert:copy', to: 'cert:inbound', kind: 'copy-of' },
    { from: 'secret', to: 'cert:copy', kind: 'client-certificate' },
    { from: 'nc', to: 'cert:other', kind: 'client-certificate' },
    { from: 'apex', to: 'nc', kind: 'references' },
    { from: 'nc', to: 'system', kind: 'connects-to' },
    { from: 'cert:inbound', to: 'owner', kind: 'owned-by' },
    { from: 'cert:inbound', to: 'org', kind: 'belongs-to' },
  ];
  const graph = new DependencyGraph(nodes, edges);

  it('walks through both halves of an mTLS edge, listing holders but not certificates', () => {
    expect(graph.blastRadius('cert:inbound').map((d) => d.id)).toEqual(['user', 'secret']);
    expect(graph.blastRadius('cert:copy').map((d) => d.id)).toEqual(['secret', 'user']);
  });

  it('follows dependants transitively and adds the systems they connect to', () => {
    const radius = graph.blastRadius('cert:other');
    expect(radius.map((d) => [d.id, d.via])).toEqual([
      ['nc', 'client-certificate'],
      ['apex', 'client-certificate'],
      ['system', 'client-certificate'],
    ]);
  });

  it('does not treat ownership or membership as breakage', () => {
    const ids = graph.blastRadius('cert:inbound').map((d) => d.id);
    expect(ids).not.toContain('owner');
    expect(ids).not.toContain('org');
    expect(graph.ownersOf('cert:inbound').map((n) => n.id)).toEqual(['owner']);
  });

  it('survives cycles', () => {
    const cyclic = new DependencyGraph(
      [node('a', 'certificate'), node('b', 'named-credential'), node('c', 'apex-class')],
      [
        { from: 'b', to: 'a', kind: 'client-certificate' },
        { from: 'c', to: 'b', kind: 'references' },
        { from: 'b', to: 'c', kind: 'references' },
      ],
    );
    expect(cyclic.blastRadius('a').map((d) => d.id)).toEqual(['b', 'c']);
  });
});
