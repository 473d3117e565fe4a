/**
 * Entry of the secret-change function: the secrets adapter's `handleSecretChange` decides whether
 * a Secrets Manager event concerns a watched secret and reads it; this wiring folds what it read
 * into the latest inventory and runs the same evaluate-alert-metrics tail as the daily scan.
 */
import type { Inventory } from '../core/model';
import { handleSecretChange, secretChangeDeps } from '../secret-change/handler';
import { alertCollaborators } from '../shared/alerting';
import { evaluateAndPublish } from '../shared/evaluation';
import { applyPartnerUpdate } from '../shared/partner-change';
import { lambdaHandler, logger, metrics, runtimeConfig } from '../shared/runtime';
import { SNAPSHOT_KEYS, snapshotStoreFromEnv } from '../shared/snapshots';

const snapshots = snapshotStoreFromEnv();
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
    onDeliveryErrors: (errors) =>
      logger.error('some alerts were not published or their state not saved', { errors }),
  });
  logger.info('re-evaluated after a secret change', { secretId, scanId, summary: report.summary });
}

// Only secrets the configured selectors pick are re-read; none when there are no selectors.
const deps = secretChangeDeps(runtimeConfig().secrets ?? [], onInventory);

export const handler = lambdaHandler((event: unknown) => handleSecretChange(event, deps));
