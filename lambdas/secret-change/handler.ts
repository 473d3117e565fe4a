/**
 * Secrets Manager change events (EventBridge, CloudTrail API calls) -> re-read that one secret.
 * Thin: configuration from the environment, the work in the adapter. The stack wires
 * `onInventory` to evaluation and alerting through `handleSecretChange`.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { handleSecretChange, type SecretChangeDeps } from '../adapters/secrets-manager/secret-change';
import { secretSelectorSchema } from '../core/config';
import type { Inventory } from '../core/model';

export {
  handleSecretChange,
  type SecretChangeDeps,
  type SecretChangeOutcome,
} from '../adapters/secrets-manager/secret-change';

const logger = new Logger({ serviceName: 'cert-sentinel', logLevel: 'INFO' });

/** SECRET_SELECTORS: the configuration's `secrets` array as JSON. Bad JSON stops the function. */
export function depsFromEnv(
  env: NodeJS.ProcessEnv,
  onInventory: SecretChangeDeps['onInventory'] = logInventory,
): SecretChangeDeps {
  const selectors = env.SECRET_SELECTORS
    ? z.array(secretSelectorSchema).parse(JSON.parse(env.SECRET_SELECTORS))
    : undefined;
  return {
    client: new SecretsManagerClient({ region: env.AWS_REGION }),
    onInventory,
    selectors,
    region: env.AWS_REGION,
    log: (message, fields) => logger.info(message, { ...fields }),
  };
}

/** Until the stack wires evaluation in: a summary line with counts and codes, never values. */
async function logInventory(inventory: Inventory, secretId: string): Promise<void> {
  logger.info('secret inventory', {
    secretId,
    certificates: inventory.certificates.map((c) => ({ id: c.id, notAfter: c.notAfter })),
    findings: inventory.findings.map((f) => f.code),
  });
}

let deps: SecretChangeDeps | undefined;

export const handler = async (event: unknown) => {
  deps ??= depsFromEnv(process.env);
  return handleSecretChange(event, deps);
};
