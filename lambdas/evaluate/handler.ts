/**
 * The end of a scan: read every collector's inventory from S3 (only keys travelled through the
 * state machine), merge with the probe results (server certificates and their graph edges, as the
 * CLI's probe source adds them), then evaluate, snapshot, alert and emit metrics.
 * A collector the state machine caught failing becomes a failed source, so the report says which
 * part of the map it could not see.
 */
import { mergeInventories } from '../core/inventory';
import { emptyInventory, type Inventory } from '../core/model';
import { alertCollaborators } from '../shared/alerting';
import { evaluateAndPublish } from '../shared/evaluation';
import { probeInventory } from '../shared/probe-results';
import { lambdaHandler, logger, metrics, runtimeConfig } from '../shared/runtime';
import {
  assertScanId,
  type CollectResult,
  type EvaluateEvent,
  type EvaluateResult,
} from '../shared/scan-contract';
import { snapshotStoreFromEnv } from '../shared/snapshots';
import { describeStepError } from '../shared/step-error';

const snapshots = snapshotStoreFromEnv();
const alerting = alertCollaborators();

async function readPart(result: CollectResult): Promise<Inventory> {
  const stored = result.key ? await snapshots.getJson<Inventory>(result.key) : undefined;
  if (stored) return stored;
  const failed = emptyInventory();
  const error =
    result.error !== undefined
      ? describeStepError(result.error)
      : result.key
        ? `inventory ${result.key} is missing`
        : 'collector failed';
  failed.sources.push({ name: result.source, kind: 'collector', status: 'failed', error, certificates: 0 });
  return failed;
}

async function evaluateScan(event: EvaluateEvent): Promise<EvaluateResult> {
  assertScanId(event.scanId);
  const config = runtimeConfig();
  const parts = await Promise.all([...(event.orgs ?? []), ...(event.partners ?? [])].map(readPart));
  // Configured targets were probed in their own branch; targets partner secrets named were
  // probed inside their partner's iteration and travel with its result.
  const probes = [...(event.probes ?? []), ...(event.partners ?? []).flatMap((p) => p.probes ?? [])];
  const inventory = mergeInventories([...parts, probeInventory(probes)]);
  const { report, reportKey, delivery } = await evaluateAndPublish(inventory, event.scanId, {
    config,
    now: new Date(),
    snapshots,
    ...alerting,
    metrics,
    scheduledScan: true,
    onDeliveryErrors: (errors) =>
      logger.error('some alerts were not published or their state not saved', { errors }),
  });
  logger.info('scan evaluated', { scanId: event.scanId, summary: report.summary, delivery });
  return {
    scanId: event.scanId,
    reportKey,
    certificates: report.summary.certificates,
    minDaysRemaining: report.summary.minDaysRemaining,
    sourcesFailed: report.summary.sourcesFailed,
  };
}

export const handler = lambdaHandler(evaluateScan);
