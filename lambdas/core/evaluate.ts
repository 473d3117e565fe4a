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
import { analyseChain, ChainCache } from './trust/chain';
import { sunsetTable } from './trust/client-auth-sunset';
import { clientUseOf } from './trust/client-use';
import { clientAuthPermission } from './trust/eku';
import type { TrustStore } from './trust/store';
import { type ClientAuthSunsetVerdict, clientAuthSunsetOf } from './trust/sunset-forecast';

export interface EvaluateOptions {
  now: Date;
  config?: Config;
  /** When the report was produced; defaults to `now`. */
  generatedAt?: Date;
  /**
   * The roots chains may end at (lambdas/adapters/trust/roots.ts builds it). Without one, chains
   * are still followed through the certificates held, but no root is trusted, CHAIN_UNTRUSTED is
   * not judged and SC-081 falls back to its estimate.
   */
  trust?: TrustStore;
}

export function evaluate(inventory: Inventory, options: EvaluateOptions): Report {
  const { now } = options;
  const policy = resolvePolicy(options.config?.policy);
  const records = inventory.certificates.map((r) => withMetadata(r, options.config?.certificates));
  const copies = matchCopies(records);
  for (const { copy, inbound } of copies) shareFacts(copy, inbound);
  const graph = new DependencyGraph(...graphOf(inventory, records, copies));

  const copyOf = new Map(copies.map((p) => [p.copy.id, p.inbound.id]));
  const chainCache = new ChainCache();
  const evaluated: EvaluatedCertificate[] = records.map((record) => {
    const lifetime = lifetimeOf(record, policy);
    const thresholds = mergeThresholds(policy.thresholds, record.thresholds);
    const notAfter = new Date(record.notAfter);
    const clientUse = clientUseOf(record, graph);
    // Followed where a rule reads it: client certificates, and every certificate once roots are
    // known (SC-081 by the chain). Without a trust store other certificates skip the cost.
    const chain =
      record.der && record.info && (clientUse || options.trust)
        ? analyseChain(record.der, record.info.fingerprintSha256, options.trust, chainCache)
        : undefined;
    return {
      record,
      chain,
      tier: tierAt(now, notAfter, lifetime, thresholds),
      daysRemaining: daysRemaining(now, notAfter),
      dependents: graph.blastRadius(record.id),
      copyOf: copyOf.get(record.id) ?? null,
      clientUse,
      notYetValid: record.notBefore !== undefined && Date.parse(record.notBefore) > now.getTime(),
    };
  });

  const horizon = horizonEnd(policy.horizon);
  const sunsets = sunsetTable(
    options.config?.trust?.clientAuthSunset?.map((e) => ({
      ...e,
      ca: e.ca ?? e.match.issuer ?? 'configured CA',
    })),
  );
  const certificates: ReportCertificate[] = evaluated.map((c) => {
    const record = c.record;
    const lifetime = lifetimeOf(record, policy);
    const publiclyTrusted = isPubliclyTrusted(record, policy, options.trust ? c.chain : undefined);
    const renewals = renewalTimes(
      { notAfter: new Date(record.notAfter), lifetimeDays: lifetime, publiclyTrusted },
      { now, horizon, schedule: policy.schedule, renewBefore: policy.renewBefore },
    );
    // Only a client certificate that has clientAuth today can lose it at its next renewal.
    if (c.clientUse && clientAuthPermission(record.info?.extendedKeyUsage) !== 'no')
      c.sunset = clientAuthSunsetOf(record, c.chain, renewals, sunsets, now);
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
      chain: c.chain?.subjects ?? null,
      trustAnchor: c.chain?.trustAnchor ?? null,
      expiryLimitedBy: c.chain?.expiresBeforeLeaf?.subject ?? null,
      clientAuthSunset: c.sunset
        ? {
            ca: c.sunset.entry.ca,
            lastIssuance: c.sunset.entry.lastIssuance,
            source: c.sunset.entry.source,
            migrationRenewal: new Date(c.sunset.migrationAt).toISOString(),
            nextRenewal: c.sunset.next,
          }
        : null,
      twoParty: isTwoParty(record, graph),
      org: record.org ?? null,
      externalSystem: record.externalSystem ?? null,
      integrationUser: record.integrationUser ?? null,
      owners: { ...record.owners },
      dependents: c.dependents,
      forecast: withMigration(toYearCounts(rotationsByYear(renewals, { now, horizon })), c.sunset),
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
    ...certificateFindings({
      certificates: evaluated,
      graph,
      policy,
      copies,
      now,
      trustFrom: options.trust?.trustedFrom,
    }),
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

/** The forecast marks the renewal that loses clientAuth: a migration, not a routine rotation. */
function withMigration(years: YearCount[], sunset: ClientAuthSunsetVerdict | undefined): YearCount[] {
  if (!sunset) return years;
  const year = new Date(sunset.migrationAt).getUTCFullYear();
  return years.map((y) => (y.year === year ? { ...y, migrations: 1 } : y));
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
  const years = new Map<number, { rotations: number; twoPartyRotations: number; migrations?: number }>();
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
    for (const { year, rotations, migrations } of c.forecast) {
      const y = years.get(year) ?? { rotations: 0, twoPartyRotations: 0 };
      y.rotations += rotations;
      if (c.twoParty) y.twoPartyRotations += rotations;
      if (migrations) y.migrations = (y.migrations ?? 0) + migrations;
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
