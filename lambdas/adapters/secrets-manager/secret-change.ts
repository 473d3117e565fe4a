/**
 * Re-reads the one secret a change event names, through the same read path as the scan
 * (collectSecrets), and hands the resulting inventory on. Secrets outside every selector are
 * ignored: a change event must not widen what the collector reads.
 */
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretSelector } from '../../core/config';
import type { Inventory } from '../../core/model';
import { secretsLocation, secretsSourceName } from '../../core/source-names';
import { secretIdFromEvent } from './change-event';
import { collectSecrets } from './collect';
import { describeError } from './secret-format';
import { matchesSelector, secretsInventory, tagsToRecord } from './source';

export interface SecretChangeDeps {
  client: SecretsManagerClient;
  onInventory: (inventory: Inventory, secretId: string) => Promise<void>;
  /** Only secrets matching one of these are read; all named secrets when absent. */
  selectors?: SecretSelector[];
  /** Region for the source name when the event carries none. */
  region?: string;
  /** Structured log line; never receives a secret's value. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export type SecretChangeOutcome =
  | { status: 'collected'; secretId: string; certificates: number; findings: number }
  | { status: 'ignored'; reason: string };

export async function handleSecretChange(
  event: unknown,
  deps: SecretChangeDeps,
): Promise<SecretChangeOutcome> {
  const log = deps.log ?? (() => {});
  const change = secretIdFromEvent(event);
  if ('ignored' in change) {
    log('secret change event ignored', { reason: change.ignored });
    return { status: 'ignored', reason: change.ignored };
  }
  const { secretId, eventName } = change;
  const region = change.region ?? deps.region ?? 'unknown-region';
  let described: Awaited<ReturnType<typeof describe>>;
  try {
    described = await describe(deps.client, secretId);
  } catch (error) {
    const reason = `DescribeSecret failed: ${describeError(error)}`;
    log('secret change event ignored', { secretId, eventName, reason });
    return { status: 'ignored', reason };
  }
  const secret = { name: described.Name ?? secretId, arn: described.ARN, tags: tagsToRecord(described.Tags) };
  if (described.DeletedDate) return ignored(log, secretId, eventName, 'the secret is scheduled for deletion');
  const selector = deps.selectors?.find(
    (s) => matchesSelector(s, secret) && (!s.regions?.length || s.regions.includes(region)),
  );
  if (deps.selectors && !selector) return ignored(log, secretId, eventName, 'the secret matches no selector');
  // The same source the scan names for this selector, so the update replaces what it reported.
  const name = secretsSourceName(selector, region);
  const read = await collectSecrets(deps.client, [secret], {
    source: name,
    location: secretsLocation(region, selector?.roleArn),
    region,
  });
  const inventory = secretsInventory(name, read, {
    status: read.unreadable > 0 ? 'failed' : 'ok',
    error: read.unreadable > 0 ? `${secret.name} could not be read` : undefined,
    requests: 1 + read.requests,
  });
  await deps.onInventory(inventory, secretId);
  log('secret re-read after change', {
    secretId,
    eventName,
    certificates: read.certificates.length,
    findings: read.findings.map((f) => f.code),
  });
  return {
    status: 'collected',
    secretId,
    certificates: read.certificates.length,
    findings: read.findings.length,
  };
}

function describe(client: SecretsManagerClient, secretId: string) {
  return client.send(new DescribeSecretCommand({ SecretId: secretId }));
}

function ignored(
  log: NonNullable<SecretChangeDeps['log']>,
  secretId: string,
  eventName: string,
  reason: string,
): SecretChangeOutcome {
  log('secret change event ignored', { secretId, eventName, reason });
  return { status: 'ignored', reason };
}
