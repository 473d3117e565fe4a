/**
 * Turns parsed certificates plus what a source knows about them into a CertificateRecord, the one
 * place that decides which certificate of a chain is the leaf and what the effective expiry is.
 */
import type {
  CertificateInfo,
  CertificateKind,
  CertificateOwners,
  CertificateRecord,
  CertificateUsage,
  TierThresholds,
} from '../model';
import { derBase64Of } from '../trust/der-memo';
import { toIsoSecond } from './x509';

export interface RecordContext {
  id?: string;
  source: string;
  name: string;
  kind: CertificateKind;
  org?: string;
  externalSystem?: string;
  integrationUser?: string;
  owners?: CertificateOwners;
  publiclyTrusted?: boolean;
  usage?: CertificateUsage;
  thresholds?: Partial<TierThresholds>;
  attributes?: Record<string, string | number | boolean>;
}

/** The leaf: the first certificate that issued none of the others (files list chains in any order). */
export function pickLeaf(chain: CertificateInfo[]): CertificateInfo | undefined {
  const issuedAnother = (c: CertificateInfo) => chain.some((o) => o !== c && o.issuer === c.subject);
  return chain.find((c) => !issuedAnother(c)) ?? chain[0];
}

/** A chain stops working when its first member expires. ISO 8601 UTC strings sort as time. */
export function effectiveNotAfter(chain: CertificateInfo[]): string {
  return chain.map((c) => c.notAfter).sort()[0];
}

/** A record for a certificate whose bytes were read (exact to the second). */
export function recordFromChain(chain: CertificateInfo[], context: RecordContext): CertificateRecord {
  if (chain.length === 0) throw new Error(`recordFromChain: ${context.name} has no certificate`);
  const leaf = pickLeaf(chain) as CertificateInfo;
  const rest = chain.filter((c) => c !== leaf);
  const der = chain.map(derBase64Of);
  return {
    ...baseRecord(context),
    info: leaf,
    chain: rest.length > 0 ? rest : undefined,
    ...(der.every((d) => d !== undefined) ? { der: der as string[] } : {}),
    notBefore: leaf.notBefore,
    notAfter: effectiveNotAfter(chain),
    expiryPrecision: 'second',
  };
}

/**
 * A record known only by its expiry date (Salesforce `ExpirationDate`). The date is read as the
 * start of that UTC day: alerting a few hours early beats alerting late.
 */
export function recordFromExpiryDate(
  expirationDate: string,
  context: RecordContext,
  notBefore?: string,
): CertificateRecord {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(expirationDate) ? `${expirationDate}T00:00:00.000Z` : expirationDate;
  const notAfter = new Date(day);
  if (Number.isNaN(notAfter.getTime())) {
    throw new Error(`${context.name}: expiration date "${expirationDate}" is not a date`);
  }
  return {
    ...baseRecord(context),
    notBefore,
    notAfter: toIsoSecond(notAfter),
    expiryPrecision: 'day',
  };
}

function baseRecord(context: RecordContext): Omit<CertificateRecord, 'notAfter' | 'expiryPrecision'> {
  return {
    id: context.id ?? `${context.source}:${context.name}`,
    source: context.source,
    name: context.name,
    kind: context.kind,
    org: context.org,
    externalSystem: context.externalSystem,
    integrationUser: context.integrationUser,
    owners: { ...context.owners },
    publiclyTrusted: context.publiclyTrusted,
    ...(context.usage ? { usage: context.usage } : {}),
    thresholds: context.thresholds,
    attributes: context.attributes,
  };
}
