/**
 * A partner secret changed between scans: fold what the secret holds now into the latest merged
 * inventory, so the report, alerts and dashboard reflect the rotation within minutes instead of
 * at the next daily scan.
 */
import { mergeInventories } from '../core/inventory';
import { emptyInventory, type Inventory } from '../core/model';

/**
 * Replaces, in `latest`, everything the changed secret contributed. Records are matched by
 * certificate id; findings about those certificates or about the secret itself are dropped
 * because the update re-reports whatever still applies.
 */
export function applyPartnerUpdate(
  latest: Inventory | undefined,
  update: Inventory,
  secretId: string,
): Inventory {
  const base = latest ?? emptyInventory();
  const replaced = new Set(update.certificates.map((c) => c.id));
  const isAboutChanged = (subject: string, certificateId?: string) =>
    subject === secretId ||
    replaced.has(subject) ||
    (certificateId !== undefined && replaced.has(certificateId));
  const kept: Inventory = {
    ...base,
    // A secret that no longer holds a certificate still names itself in its old record's attributes.
    certificates: base.certificates.filter(
      (c) => !replaced.has(c.id) && !Object.values(c.attributes ?? {}).includes(secretId),
    ),
    findings: base.findings.filter((f) => !isAboutChanged(f.subject, f.certificateId)),
  };
  // The scan's status of a source covers all its secrets; one secret's read only adds news when it failed.
  const known = new Set(base.sources.map((s) => s.name));
  const news = update.sources.filter((s) => s.status !== 'ok' || !known.has(s.name));
  return mergeInventories([{ ...update, sources: news }, kept]);
}
