/**
 * One org per invocation (the state machine's Map bounds how many run at once): read the org's
 * credential secret, collect with the Salesforce source, store the inventory in S3 and return its
 * key. A credential that cannot be read is a failed source in the inventory, not an exception, so
 * the scan still reports every other org.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSalesforceSource } from '../adapters/salesforce/source';
import { tracedClient } from '../adapters/xray/traced-clients';
import { collectInventory } from '../core/collect';
import type { OrgConfig } from '../core/config';
import { emptyInventory, type Inventory } from '../core/model';
import { salesforceSourceName } from '../core/source-names';
import { errorMessage, lambdaHandler, logger, runtimeConfig } from '../shared/runtime';
import { assertScanId, type CollectOrgEvent, type CollectResult, worstState } from '../shared/scan-contract';
import { readSecretString } from '../shared/secrets';
import { SNAPSHOT_KEYS, snapshotStoreFromEnv } from '../shared/snapshots';

const snapshots = snapshotStoreFromEnv();
const secretsManager = tracedClient(new SecretsManagerClient({}));

type Credentials = Parameters<typeof createSalesforceSource>[0]['credentials'];

async function readCredentials(org: OrgConfig): Promise<Credentials> {
  if (org.auth.type === 'jwt') {
    if (!org.auth.privateKeySecret) throw new Error('auth.privateKeySecret is required in AWS');
    return { kind: 'jwt', privateKeyPem: await readSecretString(secretsManager, org.auth.privateKeySecret) };
  }
  if (!org.auth.accessTokenSecret || !org.instanceUrl) {
    throw new Error('session auth in AWS needs auth.accessTokenSecret and instanceUrl');
  }
  const accessToken = await readSecretString(secretsManager, org.auth.accessTokenSecret);
  return { kind: 'session', instanceUrl: org.instanceUrl, accessToken };
}

async function collectOrg(event: CollectOrgEvent): Promise<CollectResult> {
  assertScanId(event.scanId);
  const config = runtimeConfig();
  const org = config.orgs?.find((o) => o.name === event.org);
  if (!org) throw new Error(`org "${event.org}" is not in the configuration`);
  const sourceName = salesforceSourceName(org.name);
  const now = new Date();

  let inventory: Inventory;
  try {
    const credentials = await readCredentials(org);
    const certificateLimit = org.certificateLimit ?? config.policy?.certificateLimit;
    inventory = await collectInventory([createSalesforceSource({ org, credentials, certificateLimit })], now);
  } catch (error) {
    logger.error('could not read the org credential', { org: org.name, error: errorMessage(error) });
    inventory = emptyInventory();
    inventory.sources.push({
      name: sourceName,
      kind: 'salesforce',
      status: 'failed',
      error: `credential: ${errorMessage(error)}`,
      certificates: 0,
    });
  }

  const key = SNAPSHOT_KEYS.orgInventory(event.scanId, org.name);
  await snapshots.putJson(key, inventory);
  const status = worstState(inventory.sources.map((s) => s.status));
  logger.info('org collected', { org: org.name, status, certificates: inventory.certificates.length });
  return { source: sourceName, status, key, certificates: inventory.certificates.length };
}

export const handler = lambdaHandler(collectOrg);
