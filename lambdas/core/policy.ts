/** The evaluation policy: the configuration's `policy` section with every default filled in. */
import type { PolicyConfig } from './config';
import { DEFAULT_HORIZON, DEFAULT_RENEW_BEFORE } from './forecast';
import type { CertificateRecord, ThresholdSpec, TierThresholds } from './model';
import { type LifetimeStep, normaliseSchedule, SC081_SCHEDULE } from './schedule';
import { DEFAULT_THRESHOLDS, mergeThresholds } from './tiers';

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
 * Whether SC-081 binds the certificate. The rule binds publicly trusted TLS certificates; we
 * cannot check a root store from here, so the default is: self-signed or issued by a configured
 * private CA -> no; CA-signed -> yes (partners increasingly follow the schedule for client
 * certificates too); only an expiry date known -> Salesforce's `caSigned` flag, else no.
 * A per-certificate `publiclyTrusted` always wins.
 */
export function isPubliclyTrusted(record: CertificateRecord, policy: Policy): boolean {
  if (record.publiclyTrusted !== undefined) return record.publiclyTrusted;
  const info = record.info;
  if (!info) return record.attributes?.caSigned === true;
  if (info.selfSigned) return false;
  const issuer = info.issuer.toLowerCase();
  return !policy.privateIssuers.some((p) => issuer.includes(p.toLowerCase()));
}
