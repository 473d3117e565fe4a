/**
 * What travels between the states of the "scan" state machine. Only names, keys and small
 * results: inventories stay in S3 because a Step Functions payload is limited to 256 KB.
 */
import type { ProbeTarget } from '../core/config';
import type { ProbeResult, SourceState } from '../core/model';

/** Input of collect-org, one Map iteration per configured org. */
export interface CollectOrgEvent {
  org: string;
  scanId: string;
}

/** Input of collect-partner: one selector (by its position in `secrets`) in one region. */
export interface CollectPartnerEvent {
  selector: number;
  region: string;
  scanId: string;
}

/** What a collector returns: where its inventory is, and how the source fared. */
export interface CollectResult {
  source: string;
  status: SourceState;
  /** S3 key of the inventory JSON; absent when the collector itself failed (caught by the state machine). */
  key?: string;
  certificates?: number;
  /** What the state machine caught when the collector failed: its error output as JSON text. */
  error?: string;
}

/**
 * What collect-partner returns: its CollectResult plus the probe targets its secrets name
 * (`probeEndpoint`), which the state machine probes inside the same Map iteration.
 */
export interface CollectPartnerResult extends CollectResult {
  probeTargets: ProbeTarget[];
}

/** One CollectPartners iteration as evaluate receives it: the collector's result and its probes. */
export interface PartnerResult extends CollectResult {
  /** Results of probing the targets the partner secrets named; absent when the collector failed. */
  probes?: Array<ProbeResult | ProbeFailure>;
}

/** Input of evaluate: the Parallel state's three branches. */
export interface EvaluateEvent {
  scanId: string;
  orgs: CollectResult[];
  partners: PartnerResult[];
  /** The configured probe targets' results (partner-named targets travel in `partners`). */
  probes: Array<ProbeResult | ProbeFailure>;
}

/** A probe Lambda invocation that failed outright (caught by the state machine). */
export interface ProbeFailure {
  target: string;
  /** The caught error output as JSON text (`{"Error": ..., "Cause": ...}`). */
  error: string;
}

export interface EvaluateResult {
  scanId: string;
  reportKey: string;
  certificates: number;
  minDaysRemaining: number | null;
  sourcesFailed: number;
}

/** Scan ids come from `$$.Execution.Name`; checked because they become part of S3 keys. */
export function assertScanId(scanId: unknown): asserts scanId is string {
  if (typeof scanId !== 'string' || !/^[A-Za-z0-9_.:-]{1,80}$/.test(scanId)) {
    throw new Error('scanId must be 1-80 characters of letters, digits, _ . : or -');
  }
}

export { worstState } from '../core/source-state';
