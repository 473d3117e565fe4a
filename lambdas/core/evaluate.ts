/**
 * Evaluation: merged inventory in, report out. Applies the metadata Salesforce cannot know,
 * joins both halves of each mTLS edge, builds the dependency graph, then tiers, forecasts and
 * judges every certificate. Pure: `now` is a parameter.
 */
import type { CertificateMetadata, Config } from './config';
import { matchCopies, shareFacts } from './copies';
import {
  certificateFindings,
  type EvaluatedCertificate,
  pinFindings,
  probeClientEkuFindings,
  scanFindings,
} from './findings';
import { horizonEnd, renewalTimes, rotationsByYear } from './forecast';
import { DependencyGraph } from './graph';
import { edgeKey } from './inventory';
import type { CertificateOwners, CertificateRecord, GraphEdge, GraphNode, Inventory, Tier } from './model';
import { TIERS } from './model';
import { isPubliclyTrusted, type Policy, resolvePolicy } from './policy';
import type { ForecastGroup, Report, ReportCertificate, YearCount } from './report/model';
import { lifetimeDays } from './schedule';
import { daysRemaining, mergeThresholds, tierAt } from './tiers';
import { clientUseOf } from './trust/client-use';

export interface EvaluateOptions {
  now: Date;
  config?: Config;
  /** When the report was produced; defaults to `now`. */
  generatedAt?: Date;
}

export function evaluate(inventory: Inventory, options: EvaluateOptions): Report {
  const { now } = options;
  const policy = resolvePolicy(options.config?.policy);
  const records = inventory.certificates.map((r) => withMetadata(r, options.config?.certificates));
  const copies = matchCopies(records);
  for (const { copy, inbound } of copies) shareFacts(copy, inbound);
  const graph = new DependencyGraph(...graphOf(inventory, records, copies));

  const copyOf = new Map(copies.map((p) => [p.copy.id, p.inbound.id]));
  const evaluated: EvaluatedCertificate[] = records.map((record) => {
    const lifetime = lifetimeOf(record, policy);
    const thresholds = mergeThresholds(policy.thresholds, record.thresholds);
    const notAfter = new Date(record.notAfter);
    return {
      record,
      tier: tierAt(now, notAfter, lifetime, thresholds),
      daysRemaining: daysRemaining(now, notAfter),
      dependents: graph.blastRadius(record.id),
      copyOf: copyOf.get(record.id) ?? null,
      clientUse: clientUseOf(record, graph),
      notYetValid: record.notBefore !== undefined && Date.parse(record.notBefore) > now.getTime(),
    };
  });

  const horizon = horizonEnd(policy.horizon);
  const certificates: ReportCertificate[] = evaluated.map((c) => {
    const record = c.record;
    const lifetime = lifetimeOf(record, policy);
    const publiclyTrusted = isPubliclyTrusted(record, policy);
    const renewals = renewalTimes(
      { notAfter: new Date(record.notAfter), lifetimeDays: lifetime, publiclyTrusted },
      { now, horizon, schedule: policy.schedule, renewBefore: policy.renewBefore },
    );
    return {
      id: record.id,
      source: record.source,
      name: record.name,
      kind: record.kind,
      subject: record.info?.subject ?? null,
      issuer:
        record.info?.issuer ??
        (typeof record.attributes?.issuer === 'string' ? record.attributes.issuer : null),
      serialNumber: record.info?.serialNumber ?? null,
      fingerprintSha256: record.info?.fingerprintSha256 ?? null,
      notBefore: record.notBefore ?? null,
      notYetValid: c.notYetValid,
      notAfter: record.notAfter,
      expiryPrecision: record.expiryPrecision,
      daysRemaining: c.daysRemaining,
      lifetimeDays: lifetime,
      tier: c.tier,
      publiclyTrusted,
      extendedKeyUsage: record.info?.extendedKeyUsage ?? null,
      usage: c.clientUse ? 'client' : (record.usage ?? null),
      twoParty: isTwoParty(record, graph),
      org: record.org ?? null,
      externalSystem: record.externalSystem ?? null,
      integrationUser: record.integrationUser ?? null,
      owners: { ...record.owners },
      dependents: c.dependents,
      forecast: toYearCounts(rotationsByYear(renewals, { now, horizon })),
      renewals: renewals.map((ms) => new Date(ms).toISOString()),
      copyOf: c.copyOf,
      attributes: { ...record.attributes },
    };
  });
  certificates.sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.id.localeCompare(b.id));

  const findings = [
    ...scanFindings(inventory),
    ...pinFindings(inventory),
    ...inventory.findings,
    ...certificateFindings({ certificates: evaluated, graph, policy, copies, now }),
    ...probeClientEkuFindings(inventory.probes),
  ];
  const live = certificates.filter((c) => c.tier !== 'expired');
  return {
    generatedAt: (options.generatedAt ?? now).toISOString(),
    now: now.toISOString(),
    summary: {
      certificates: certificates.length,
      byTier: Object.fromEntries(
        TIERS.map((t) => [t, certificates.filter((c) => c.tier === t).length]),
      ) as Record<Tier, number>,
      minDaysRemaining: live.length > 0 ? Math.min(...live.map((c) => c.daysRemaining)) : null,
      findings: {
        info: findings.filter((f) => f.severity === 'info').length,
        warning: findings.filter((f) => f.severity === 'warning').length,
        critical: findings.filter((f) => f.severity === 'critical').length,
      },
      sourcesFailed: inventory.sources.filter((s) => s.status === 'failed').length,
    },
    certificates,
    findings,
    forecast: summariseForecast(certificates, now, policy),
    sources: inventory.sources,
    probes: inventory.probes,
  };
}

/** Configuration metadata, looked up by certificate id first, then by name. */
function withMetadata(
  record: CertificateRecord,
  metadata: Record<string, CertificateMetadata> | undefined,
): CertificateRecord {
  const m = metadata?.[record.id] ?? metadata?.[record.name];
  const copy: CertificateRecord = { ...record, owners: { ...record.owners } };
  if (!m) return copy;
  return {
    ...copy,
    org: m.org ?? copy.org,
    externalSystem: m.externalSystem ?? copy.externalSystem,
    integrationUser: m.integrationUser ?? copy.integrationUser,
    owners: withNotify(
      { owner: m.owner ?? copy.owners.owner, partnerOwner: m.partnerOwner ?? copy.owners.partnerOwner },
      copy.owners.notify,
      m.notify,
    ),
    publiclyTrusted: m.publiclyTrusted ?? copy.publiclyTrusted,
    usage: m.usage ?? copy.usage,
    thresholds: { ...copy.thresholds, ...m.thresholds },
  };
}

/** Recipients from the source and from the configuration, each once, in the order first named. */
function withNotify(owners: CertificateOwners, ...lists: Array<string[] | undefined>): CertificateOwners {
  const notify = [...new Set(lists.flatMap((list) => list ?? []))];
  return notify.length > 0 ? { ...owners, notify } : owners;
}

function lifetimeOf(record: CertificateRecord, policy: Policy): number {
  if (!record.notBefore) return policy.assumedLifetimeDays;
  return lifetimeDays(new Date(record.notBefore), new Date(record.notAfter));
}

/** Renewing it takes both companies: either half of an inbound mTLS edge, or an outbound client certificate. */
function isTwoParty(record: CertificateRecord, graph: DependencyGraph): boolean {
  if (record.kind === 'mutual-auth' || record.kind === 'partner-client') return true;
  return graph.edgesTo(record.id, 'client-certificate').length > 0;
}

/** The inventory's own nodes and edges plus those the records imply. */
function graphOf(
  inventory: Inventory,
  records: CertificateRecord[],
  copies: Array<{ copy: CertificateRecord; inbound: CertificateRecord }>,
): [GraphNode[], GraphEdge[]] {
  const nodes = new Map(inventory.nodes.map((n) => [n.id, n]));
  const edges = new Map(inventory.edges.map((e) => [edgeKey(e), e]));
  const addNode = (node: GraphNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
  };
  const addEdge = (edge: GraphEdge) => edges.set(edgeKey(edge), edge);
  for (const r of records) {
    addNode({ id: r.id, kind: 'certificate', label: r.name });
    if (r.org) {
      addNode({ id: `org:${r.org}`, kind: 'org', label: r.org });
      addEdge({ from: r.id, to: `org:${r.org}`, kind: 'belongs-to' });
    }
    if (r.externalSystem) {
      addNode({
        id: `external-system:${r.externalSystem}`,
        kind: 'external-system',
        label: r.externalSystem,
      });
      addEdge({ from: r.id, to: `external-system:${r.externalSystem}`, kind: 'connects-to' });
    }
    if (r.integrationUser && r.org && (r.kind === 'mutual-auth' || r.kind === 'partner-client')) {
      const userId = `integration-user:${r.org}:${r.integrationUser}`;
      addNode({ id: userId, kind: 'integration-user', label: r.integrationUser });
      addEdge({ from: userId, to: r.id, kind: 'mutual-auth' });
    }
    for (const [side, name] of [
      ['ours', r.owners.owner],
      ['partner', r.owners.partnerOwner],
    ] as const) {
      if (!name) continue;
      addNode({ id: `owner:${name}`, kind: 'owner', label: name });
      addEdge({ from: r.id, to: `owner:${name}`, kind: 'owned-by', attributes: { side } });
    }
  }
  for (const { copy, inbound } of copies) addEdge({ from: copy.id, to: inbound.id, kind: 'copy-of' });
  return [[...nodes.values()], [...edges.values()]];
}

function toYearCounts(counts: Map<number, number>): YearCount[] {
  return [...counts.entries()].map(([year, rotations]) => ({ year, rotations }));
}

/**
 * Roll-ups per year, org, partner (external system) and owner. A partner copy of an inbound
 * certificate is the same certificate: it is not counted twice.
 */
function summariseForecast(certificates: ReportCertificate[], now: Date, policy: Policy): Report['forecast'] {
  const counted = certificates.filter((c) => c.copyOf === null);
  const years = new Map<number, { rotations: number; twoPartyRotations: number }>();
  const groups = {
    org: new Map<string, Map<number, number>>(),
    partner: new Map(),
    owner: new Map(),
  } as Record<'org' | 'partner' | 'owner', Map<string, Map<number, number>>>;
  const add = (group: Map<string, Map<number, number>>, key: string, year: number, n: number) => {
    const byYear = group.get(key) ?? new Map<number, number>();
    byYear.set(year, (byYear.get(year) ?? 0) + n);
    group.set(key, byYear);
  };
  for (const c of counted) {
    const owners = new Set([c.owners.owner, c.owners.partnerOwner].filter((o): o is string => !!o));
    for (const { year, rotations } of c.forecast) {
      const y = years.get(year) ?? { rotations: 0, twoPartyRotations: 0 };
      y.rotations += rotations;
      if (c.twoParty) y.twoPartyRotations += rotations;
      years.set(year, y);
      add(groups.org, c.org ?? 'unassigned', year, rotations);
      add(groups.partner, c.externalSystem ?? 'unassigned', year, rotations);
      for (const owner of owners) add(groups.owner, owner, year, rotations);
    }
  }
  const horizonYear = horizonEnd(policy.horizon).getUTCFullYear();
  for (let y = now.getUTCFullYear(); y <= horizonYear; y++)
    if (!years.has(y)) years.set(y, { rotations: 0, twoPartyRotations: 0 });
  const toGroups = (group: Map<string, Map<number, number>>): ForecastGroup[] =>
    [...group.entries()]
      .map(([key, byYear]) => {
        const list = toYearCounts(new Map([...byYear.entries()].sort((a, b) => a[0] - b[0])));
        return { key, byYear: list, total: list.reduce((s, y) => s + y.rotations, 0) };
      })
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  return {
    from: now.toISOString(),
    horizon: policy.horizon,
    byYear: [...years.entries()].sort((a, b) => a[0] - b[0]).map(([year, y]) => ({ year, ...y })),
    byOrg: toGroups(groups.org),
    byPartner: toGroups(groups.partner),
    byOwner: toGroups(groups.owner),
  };
}
