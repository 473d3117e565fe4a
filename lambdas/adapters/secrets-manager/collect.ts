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

/**
 * The tag naming a secret's password companion: a secret holding `{"password": ...}` for a keystore
 * that cannot carry its own (a binary PKCS#12). The companion is read in the same batch call and
 * must be selected by the same selector (same tag or prefix), so the same IAM condition grants it.
 */
export const PASSWORD_SECRET_TAG = 'cert-sentinel:password-secret';

/** Batches of secrets whose ids, with the ids of their password companions, fit one call. */
function batchesOf(secrets: SecretRef[]): SecretRef[][] {
  const batches: SecretRef[][] = [];
  let batch: SecretRef[] = [];
  let ids = new Set<string>();
  for (const secret of secrets) {
    const own = [secret.arn ?? secret.name, ...companionIds(secret)];
    const added = own.filter((id) => !ids.has(id)).length;
    if (batch.length > 0 && ids.size + added > BATCH_SIZE) {
      batches.push(batch);
      batch = [];
      ids = new Set();
    }
    batch.push(secret);
    for (const id of own) ids.add(id);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

const companionIds = (secret: SecretRef): string[] => {
  const id = secret.tags?.[PASSWORD_SECRET_TAG];
  return id ? [id] : [];
};

/** A companion read back: its password, or why there is none (never the value). */
type Companion = { password: string } | { problem: { code: string; reason: string } };

function companionOf(
  id: string,
  value: { SecretString?: string } | undefined,
  error: string | undefined,
): Companion {
  const named = `password secret "${id}"`;
  if (error !== undefined)
    return { problem: { code: 'SECRET_UNREADABLE', reason: `${named} could not be read (${error})` } };
  if (value === undefined) {
    return {
      problem: { code: 'SECRET_UNREADABLE', reason: `${named} was not returned by BatchGetSecretValue` },
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.SecretString ?? '');
  } catch {
    parsed = undefined;
  }
  const password = (parsed as { password?: unknown } | undefined)?.password;
  if (typeof password !== 'string') {
    return {
      problem: { code: 'SECRET_MALFORMED', reason: `${named} is not a JSON object with a "password" string` },
    };
  }
  return { password };
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
  // A selected secret that another one names as its password companion is part of that read.
  const companions = new Set(secrets.flatMap(companionIds));
  const primaries = secrets.filter((s) => !companions.has(s.name) && !(s.arn && companions.has(s.arn)));
  for (const batch of batchesOf(primaries)) {
    const wanted = batch.flatMap(companionIds);
    const ids = [...new Set([...batch.map((s) => s.arn ?? s.name), ...wanted])];
    const pending = new Map(batch.map((s) => [s.arn ?? s.name, s]));
    const find = (id: string | undefined, name?: string): SecretRef | undefined =>
      (id && pending.get(id)) || [...pending.values()].find((s) => s.name === (name ?? id) || s.arn === id);
    const companionValues = new Map<string, { SecretString?: string }>();
    const companionErrors = new Map<string, string>();
    const isCompanion = (arn?: string, name?: string) => wanted.find((id) => id === arn || id === name);
    const values: Array<{ secret: SecretRef; value: SecretValue }> = [];
    let nextToken: string | undefined;
    let failed: string | undefined;
    do {
      let response: Awaited<ReturnType<typeof send>>;
      try {
        response = await send(client, ids, nextToken);
        out.requests += response.$metadata?.attempts ?? 1;
      } catch (error) {
        out.requests += (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        failed = `BatchGetSecretValue failed: ${describeError(error)}`;
        break;
      }
      for (const value of response.SecretValues ?? []) {
        const companion = isCompanion(value.ARN, value.Name);
        if (companion !== undefined) companionValues.set(companion, value);
        const secret = find(value.ARN, value.Name);
        if (!secret) continue;
        pending.delete(secret.arn ?? secret.name);
        values.push({ secret, value });
      }
      for (const error of response.Errors ?? []) {
        const reason = `${error.ErrorCode ?? 'Error'}: ${redact(error.Message ?? 'no message')}`;
        const companion = isCompanion(error.SecretId, error.SecretId);
        if (companion !== undefined) companionErrors.set(companion, reason);
        const secret =
          find(error.SecretId) ?? (companion ? undefined : { name: error.SecretId ?? 'unknown secret' });
        if (!secret) continue;
        pending.delete(secret.arn ?? secret.name);
        unreadable(secret, reason);
      }
      nextToken = response.NextToken;
    } while (
      nextToken &&
      (pending.size > 0 || wanted.some((id) => !companionValues.has(id) && !companionErrors.has(id)))
    );
    if (failed !== undefined) {
      for (const secret of pending.values()) unreadable(secret, failed);
      pending.clear();
    }
    for (const { secret, value } of values) {
      const [companionId] = companionIds(secret);
      const companion = companionId
        ? companionOf(
            companionId,
            companionValues.get(companionId),
            companionErrors.get(companionId) ?? failed,
          )
        : undefined;
      if (companion && 'problem' in companion) {
        if (companion.problem.code === 'SECRET_UNREADABLE') unreadable(secret, companion.problem.reason);
        else out.findings.push(problemFinding(secret, scope, companion.problem));
        continue;
      }
      const part = inventoryFromSecret(
        {
          name: value.Name ?? secret.name,
          arn: value.ARN ?? secret.arn,
          secretString: value.SecretString,
          secretBinary: value.SecretBinary,
          tags: secret.tags,
          ...(companion ? { companionPassword: companion.password } : {}),
        },
        scope,
        verdicts,
      );
      out.certificates.push(...part.certificates);
      out.nodes.push(...part.nodes);
      out.edges.push(...part.edges);
      out.findings.push(...part.findings);
    }
    for (const secret of pending.values())
      unreadable(secret, 'BatchGetSecretValue returned neither its value nor an error');
  }
  return out;
}

type SecretValue = NonNullable<Awaited<ReturnType<typeof send>>['SecretValues']>[number];

function send(client: SecretsManagerClient, ids: string[], nextToken: string | undefined) {
  return client.send(new BatchGetSecretValueCommand({ SecretIdList: ids, NextToken: nextToken }));
}
