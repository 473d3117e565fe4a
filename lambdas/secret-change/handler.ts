/**
 * The Secrets Manager side of the secret-change function: a Secrets Manager change event
 * (EventBridge, CloudTrail API calls) -> re-read that one secret, in the adapter. The deployed
 * entry is lambdas/evaluate/secret-change.ts, which wires `onInventory` to evaluation and alerting.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretChangeDeps } from '../adapters/secrets-manager/secret-change';
import { tracedClient } from '../adapters/xray/traced-clients';
import type { SecretSelector } from '../core/config';
import { logger } from '../shared/runtime';

export {
  handleSecretChange,
  type SecretChangeDeps,
  type SecretChangeOutcome,
} from '../adapters/secrets-manager/secret-change';

/**
 * Built once per process. Only this account's selectors apply: a selector with `roleArn` picks
 * secrets in another account, whose change events never reach this function (and the function's
 * role may not read this account's secrets for it).
 */
export function secretChangeDeps(
  selectors: SecretSelector[],
  onInventory: SecretChangeDeps['onInventory'],
  region: string | undefined = process.env.AWS_REGION,
): SecretChangeDeps {
  return {
    client: tracedClient(new SecretsManagerClient({ region })),
    onInventory,
    selectors: selectors.filter((selector) => !selector.roleArn),
    region,
    log: (message, fields) => logger.info(message, { ...fields }),
  };
}
