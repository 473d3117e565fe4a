/**
 * The one read path for secret values, shared by the scheduled scan and the change-event handler:
 * BatchGetSecretValue with up to 20 ids a call, never one GetSecretValue per secret. A secret the
 * batch cannot read (its Errors[] entries, or a failed call) becomes a SECRET_UNREADABLE finding.
 */
import { BatchGetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createVerdictCache } from '../../core/certificates/verdict-cache';
import type { Inventory } from '../../core/model';
import { describeError, redact } from './secret-format';
import { inventoryFromSecret, problemFinding, type SecretScope } from './secret-record';

/** The service's limit for SecretIdList. */
export const BATCH_SIZE = 20;

/** A secret chosen for reading: ARN when known (names can be reused after deletion), and its tags. */
export interface SecretRef {
  name: string;
  arn?: string;
  tags?: Record<string, string>;
}

export interface CollectedSecrets extends Omit<Inventory, 'sources' | 'probes'> {
  /** HTTP requests made, retries included (from the SDK's $metadata.attempts). */
  requests: number;
  /** Secrets whose value could not be read at all. */
  unreadable: number;
}

/** Reads the secrets' values in batches and turns each into certificates or findings. */
export async function collectSecrets(
  client: SecretsManagerClient,
  secrets: SecretRef[],
  scope: SecretScope,
): Promise<CollectedSecrets> {
  const out: CollectedSecrets = {
    certificates: [],
    nodes: [],
    edges: [],
    findings: [],
    requests: 0,
    unreadable: 0,
  };
  const verdicts = createVerdictCache();
  const unreadable = (secret: SecretRef, reason: string) => {
    out.unreadable++;
    out.findings.push(problemFinding(secret, scope, { code: 'SECRET_UNREADABLE', reason }));
  };
  for (let start = 0; start < secrets.length; start += BATCH_SIZE) {
    const batch = secrets.slice(start, start + BATCH_SIZE);
    const ids = batch.map((s) => s.arn ?? s.name);
    const pending = new Map(batch.map((s) => [s.arn ?? s.name, s]));
    const find = (id: string | undefined, name?: string): SecretRef | undefined =>
      (id && pending.get(id)) || [...pending.values()].find((s) => s.name === (name ?? id) || s.arn === id);
    let nextToken: string | undefined;
    do {
      let response: Awaited<ReturnType<typeof send>>;
      try {
        response = await send(client, ids, nextToken);
        out.requests += response.$metadata?.attempts ?? 1;
      } catch (error) {
        out.requests += (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        const reason = `BatchGetSecretValue failed: ${describeError(error)}`;
        for (const secret of pending.values()) unreadable(secret, reason);
        pending.clear();
        break;
      }
      for (const value of response.SecretValues ?? []) {
        const secret = find(value.ARN, value.Name);
        if (!secret) continue;
        pending.delete(secret.arn ?? secret.name);
        const part = inventoryFromSecret(
          {
            name: value.Name ?? secret.name,
            arn: value.ARN ?? secret.arn,
            secretString: value.SecretString,
            secretBinary: value.SecretBinary,
            tags: secret.tags,
          },
          scope,
          verdicts,
        );
        out.certificates.push(...part.certificates);
        out.nodes.push(...part.nodes);
        out.edges.push(...part.edges);
        out.findings.push(...part.findings);
      }
      for (const error of response.Errors ?? []) {
        const secret = find(error.SecretId) ?? { name: error.SecretId ?? 'unknown secret' };
        pending.delete(secret.arn ?? secret.name);
        unreadable(secret, `${error.ErrorCode ?? 'Error'}: ${redact(error.Message ?? 'no message')}`);
      }
      nextToken = response.NextToken;
    } while (nextToken && pending.size > 0);
    for (const secret of pending.values())
      unreadable(secret, 'BatchGetSecretValue returned neither its value nor an error');
  }
  return out;
}

function send(client: SecretsManagerClient, ids: string[], nextToken: string | undefined) {
  return client.send(new BatchGetSecretValueCommand({ SecretIdList: ids, NextToken: nextToken }));
}
