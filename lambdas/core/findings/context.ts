import type { DependencyGraph } from '../graph';
import type { CertificateRecord, Tier } from '../model';
import type { Policy } from '../policy';
import type { Dependent } from '../report/model';
import type { ChainAnalysis } from '../trust/chain';
import type { ClientUse } from '../trust/client-use';
import type { ClientAuthSunsetVerdict } from '../trust/sunset-forecast';

/** A certificate after tiering, as the finding rules see it. */
export interface EvaluatedCertificate {
  record: CertificateRecord;
  tier: Tier;
  daysRemaining: number;
  dependents: Dependent[];
  /** The inbound certificate this record is the partner's copy of, if any. */
  copyOf: string | null;
  /** How it is used as a client certificate, when it is one. */
  clientUse?: ClientUse;
  /** notBefore is after "now". */
  notYetValid: boolean;
  /** The chain as held, verified; absent when the source had no bytes. */
  chain?: ChainAnalysis;
  /** Set (by the forecast) when a renewal in the horizon falls after its CA's last clientAuth issuance. */
  sunset?: ClientAuthSunsetVerdict;
}

export interface FindingContext {
  certificates: EvaluatedCertificate[];
  graph: DependencyGraph;
  policy: Policy;
  copies: Array<{ copy: CertificateRecord; inbound: CertificateRecord }>;
  now: Date;
  /** Where the trusted roots came from; undefined when no trust store was given. */
  trustFrom?: 'public' | 'configured';
}

/** The org a graph node id belongs to: ids are `<kind>:<org>:<name>`. */
export function orgOfNodeId(id: string): string | undefined {
  return id.split(':')[1];
}
