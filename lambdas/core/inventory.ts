/** Combining what several sources reported into one inventory. */
import {
  type CertificateRecord,
  emptyInventory,
  type Finding,
  type GraphEdge,
  type GraphNode,
  type Inventory,
} from './model';

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

/** What the copies of one certificate said differently (each copy's sidecar), for a finding. */
export interface CopyDisagreement {
  certificateId: string;
  field: string;
  kept: string;
  dropped: string;
  files: string;
}

const JOINED_FIELDS = ['usage', 'org', 'externalSystem', 'integrationUser', 'publiclyTrusted'] as const;
const JOINED_OWNERS = ['owner', 'partnerOwner'] as const;

/**
 * The same certificate read from several files (a PEM and its PKCS#12 copies, one file in two
 * folders) is one certificate: one record, one tier, one forecast. Records are joined by the
 * leaf's fingerprint and effective expiry (a copy whose chain expires sooner stays apart); the
 * first keeps its id, takes what the others know that it does not, and lists every file in
 * `files`, one a line. Where two copies say different things (two sidecars naming different
 * owners), the first copy's value is kept and the other is returned as a disagreement, so the
 * caller can say so instead of losing it. Records without a parsed certificate are kept as they are.
 */
export function joinSameCertificates(records: CertificateRecord[]): {
  certificates: CertificateRecord[];
  disagreements: CopyDisagreement[];
} {
  const joined: CertificateRecord[] = [];
  const disagreements: CopyDisagreement[] = [];
  const byFingerprint = new Map<string, CertificateRecord>();
  for (const record of records) {
    const fingerprint = record.info?.fingerprintSha256;
    const first =
      fingerprint === undefined ? undefined : byFingerprint.get(`${fingerprint}/${record.notAfter}`);
    if (!first) {
      if (fingerprint !== undefined) byFingerprint.set(`${fingerprint}/${record.notAfter}`, record);
      joined.push(record);
      continue;
    }
    const files = [first.attributes?.files ?? first.attributes?.file, record.attributes?.file]
      .filter((f): f is string => typeof f === 'string')
      .join('\n');
    const differ = (field: string, kept: unknown, other: unknown) => {
      if (kept !== undefined && other !== undefined && kept !== other) {
        disagreements.push({
          certificateId: first.id,
          field,
          kept: String(kept),
          dropped: String(other),
          files,
        });
      }
    };
    for (const field of JOINED_FIELDS) {
      differ(field, first[field], record[field]);
      if (first[field] === undefined && record[field] !== undefined)
        Object.assign(first, { [field]: record[field] });
    }
    for (const field of JOINED_OWNERS) differ(field, first.owners[field], record.owners[field]);
    Object.assign(first, {
      // A sidecar's kind and name say more than a bare file's.
      kind: first.kind === 'file' ? record.kind : first.kind,
      name: first.attributes?.namedBySidecar
        ? first.name
        : record.attributes?.namedBySidecar
          ? record.name
          : first.name,
      thresholds: first.thresholds ?? record.thresholds,
      owners: {
        owner: first.owners.owner ?? record.owners.owner,
        partnerOwner: first.owners.partnerOwner ?? record.owners.partnerOwner,
      },
      attributes: { ...record.attributes, ...first.attributes, files, copies: files.split('\n').length },
    });
  }
  return { certificates: joined, disagreements };
}

/** A disagreement between copies as a finding: the value kept, the one set aside, the files. */
export function copyDisagreementFinding(d: CopyDisagreement, source: string): Finding {
  return {
    code: 'CERT_COPIES_DISAGREE',
    severity: 'warning',
    subject: d.certificateId,
    certificateId: d.certificateId,
    source,
    message: `The copies of one certificate say different things about ${d.field}: "${d.kept}" was kept, "${d.dropped}" set aside. Make their sidecars agree. Files: ${d.files.split('\n').join(', ')}`,
  };
}
