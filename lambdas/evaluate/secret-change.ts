/**
 * Entry of the secret-change function: the secrets adapter's `handleSecretChange` decides whether
 * a Secrets Manager event concerns a watched secret and reads it; this wiring folds what it read
 * into the latest inventory and runs the same evaluate-alert-metrics tail as the daily scan.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Inventory } from '../core/model';
import { depsFromEnv, handleSecretChange } from '../secret-change/handler';
import { alertCollaborators } from '../shared/alerting';
import { ENV, requiredEnv } from '../shared/environment';
import { evaluateAndPublish } from '../shared/evaluation';
import { applyPartnerUpdate } from '../shared/partner-change';
import { logger, metrics, runtimeConfig } from '../shared/runtime';
import { SNAPSHOT_KEYS, SnapshotStore } from '../shared/snapshots';

const snapshots = new SnapshotStore({ client: new S3Client({}), bucket: requiredEnv(ENV.snapshotBucket) });
const alerting = alertCollaborators();

async function onInventory(update: Inventory, secretId: string): Promise<void> {
  const now = new Date();
  const latest = await snapshots.getJson<Inventory>(SNAPSHOT_KEYS.latestInventory);
  const inventory = applyPartnerUpdate(latest, update, secretId);
  const scanId = `secret-change-${now.toISOString().replace(/[:.]/g, '-')}`;
  const { report } = await evaluateAndPublish(inventory, scanId, {
    config: runtimeConfig(),
    now,
    snapshots,
    ...alerting,
    metrics,
    scheduledScan: false,
    onDeliveryErrors: (errors) => logger.error('some alerts were not published', { errors }),
  });
  logger.info('re-evaluated after a secret change', { secretId, scanId, summary: report.summary });
}

// SECRET_SELECTORS (the configuration's `secrets`) is read by the adapter's own depsFromEnv.
const deps = depsFromEnv(process.env, onInventory);

export const handler = (event: unknown) => handleSecretChange(event, deps);
