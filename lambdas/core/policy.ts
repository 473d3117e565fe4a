/** The evaluation policy: the configuration's `policy` section with every default filled in. */
import type { PolicyConfig } from './config';
import { DEFAULT_HORIZON, DEFAULT_RENEW_BEFORE } from './forecast';
import type { CertificateRecord, ThresholdSpec, TierThresholds } from './model';
import { type LifetimeStep, normaliseSchedule, SC081_SCHEDULE } from './schedule';
import { DEFAULT_THRESHOLDS, mergeThresholds } from './tiers';
import type { ChainAnalysis } from './trust/chain';
import { permitsServerAuth } from './trust/eku';

/** What the SC-081 decision needs of a verified chain. */
export type ChainVerdict = Pick<ChainAnalysis, 'complete' | 'publicAnchor'>;

export interface Policy {
  schedule: LifetimeStep[];
  thresholds: TierThresholds;
  renewBefore: ThresholdSpec;
  horizon: string;
  /** Self-signed certificates made in Salesforce Setup last a year (2048/3072-bit keys). */
  assumedLifetimeDays: number;
  privateIssuers: string[];
  certificateLimit: number;
}

export const DEFAULT_CERTIFICATE_LIMIT = 50;

export function resolvePolicy(config: PolicyConfig | undefined): Policy {
  return {
    schedule: normaliseSchedule(config?.schedule ?? SC081_SCHEDULE),
    thresholds: mergeThresholds(DEFAULT_THRESHOLDS, config?.thresholds),
    renewBefore: config?.renewBefore ?? DEFAULT_RENEW_BEFORE,
    horizon: config?.horizon ?? DEFAULT_HORIZON,
    assumedLifetimeDays: config?.assumedLifetimeDays ?? 365,
    privateIssuers: config?.privateIssuers ?? [],
    certificateLimit: config?.certificateLimit ?? DEFAULT_CERTIFICATE_LIMIT,
  };
}

/**
 * Whether SC-081 binds the certificate. The rule binds publicly trusted TLS server certificates,
 * so when the chain was verified against the trust store (`chain`, lambdas/core/trust/chain.ts)
 * the chain decides: it ends at a root of the public store and the leaf may serve TLS
 * (serverAuth, anyExtendedKeyUsage or no EKU). Only when it could not be followed to a root (an
 * intermediate missing, no bytes) does the old estimate stand: self-signed or issued by a
 * configured private CA -> no; CA-signed -> yes; only an expiry date known -> Salesforce's
 * `caSigned` flag, else no. A per-certificate `publiclyTrusted` always wins.
 */
export function isPubliclyTrusted(record: CertificateRecord, policy: Policy, chain?: ChainVerdict): boolean {
  if (record.publiclyTrusted !== undefined) return record.publiclyTrusted;
  const info = record.info;
  if (!info) return record.attributes?.caSigned === true;
  if (info.selfSigned) return false;
  const issuer = info.issuer.toLowerCase();
  if (policy.privateIssuers.some((p) => issuer.includes(p.toLowerCase()))) return false;
  if (chain?.complete) return chain.publicAnchor !== null && permitsServerAuth(info.extendedKeyUsage);
  return true;
}
