/**
 * One secret selector in one region per invocation: the Secrets Manager source lists the secrets
 * the selector picks (by tag or prefix), reads them in batches and stores the partner inventory in
 * S3. A selector with `roleArn` reads another account's secrets through that role.
 */
import { createSecretsManagerSource } from '../adapters/secrets-manager/source';
import { collectInventory } from '../core/collect';
import { probeTargetsFromSecrets } from '../core/probe-targets';
import { lambdaHandler, logger, runtimeConfig } from '../shared/runtime';
import {
  assertScanId,
  type CollectPartnerEvent,
  type CollectPartnerResult,
  worstState,
} from '../shared/scan-contract';
import { SNAPSHOT_KEYS, snapshotStoreFromEnv } from '../shared/snapshots';

const snapshots = snapshotStoreFromEnv();

async function collectPartner(event: CollectPartnerEvent): Promise<CollectPartnerResult> {
  assertScanId(event.scanId);
  const config = runtimeConfig();
  const selector = config.secrets?.[event.selector];
  if (!selector) throw new Error(`secrets[${event.selector}] is not in the configuration`);
  const region = event.region;
  // The source builds its own client for the region, through the selector's role when it has one.
  const source = createSecretsManagerSource({ selector, region });
  const inventory = await collectInventory([source], new Date());
  // Secrets that name their probe endpoint: the state machine probes them in this iteration.
  // The configured targets (host and port only in CONFIG_JSON) win for an endpoint both name.
  const { targets, findings } = probeTargetsFromSecrets(inventory, config.probes ?? []);
  inventory.findings.push(...findings);

  const key = SNAPSHOT_KEYS.partnerInventory(event.scanId, event.selector, region);
  await snapshots.putJson(key, inventory);
  const status = worstState(inventory.sources.map((s) => s.status));
  logger.info('partner secrets collected', {
    selector: event.selector,
    region,
    status,
    probeTargets: targets.length,
  });
  return {
    source: source.name,
    status,
    key,
    certificates: inventory.certificates.length,
    probeTargets: targets,
  };
}

export const handler = lambdaHandler(collectPartner);
