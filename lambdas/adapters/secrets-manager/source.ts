/**
 * The Secrets Manager CertificateSource: partner-side client certificates, selected by tag and/or
 * name prefix. Requests per scan = ListSecrets pages + ceil(selected / 20) BatchGetSecretValue
 * calls (+ SDK retries), counted in SourceStatus.requests.
 */
import {
  SecretsManagerClient as Client,
  type Filter,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { SecretSelector } from '../../core/config';
import type { CertificateSource, Inventory, SourceState } from '../../core/model';
import { secretsLocation, secretsSourceName } from '../../core/source-names';
import { tracedClient } from '../xray/traced-clients';
import { assumeRoleCredentials } from './assume-role';
import { type CollectedSecrets, collectSecrets, type SecretRef } from './collect';
import { describeError } from './secret-format';

export interface SecretsManagerSourceOptions {
  selector: SecretSelector;
  region: string;
  /** A ready client (tests, custom endpoints); otherwise one is made for the region. */
  client?: SecretsManagerClient;
  /** Base credentials; the standard chain when absent. With `selector.roleArn` they assume the role. */
  credentials?: AwsCredentialIdentityProvider;
  /** Endpoint override; the SDK also honours AWS_ENDPOINT_URL_SECRETS_MANAGER by itself. */
  endpoint?: string;
}

/** ListSecrets pages hold at most 100 entries. */
const PAGE_SIZE = 100;

/**
 * Server-side filters. They are prefix matches and tag-key/tag-value are not paired, so
 * `matchesSelector` checks the exact selection afterwards.
 */
export function listFilters(selector: SecretSelector): Filter[] {
  const filters: Filter[] = [];
  if (selector.tag) {
    filters.push(
      { Key: 'tag-key', Values: [selector.tag.key] },
      { Key: 'tag-value', Values: [selector.tag.value] },
    );
  }
  if (selector.prefix) filters.push({ Key: 'name', Values: [selector.prefix] });
  return filters;
}

/** Exact selection: the tag key carries exactly the value, the name starts with the prefix (case-sensitive). */
export function matchesSelector(
  selector: SecretSelector,
  secret: { name: string; tags?: Record<string, string> },
): boolean {
  if (selector.tag && secret.tags?.[selector.tag.key] !== selector.tag.value) return false;
  if (selector.prefix && !secret.name.startsWith(selector.prefix)) return false;
  return selector.tag !== undefined || selector.prefix !== undefined;
}

export function tagsToRecord(
  tags: Array<{ Key?: string; Value?: string }> | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}

/** A client for a region, assuming the selector's role when it names one. */
export function secretsClientFor(
  region: string,
  roleArn?: string,
  credentials?: AwsCredentialIdentityProvider,
  endpoint?: string,
): SecretsManagerClient {
  return tracedClient(
    new Client({
      region,
      endpoint,
      credentials: roleArn ? assumeRoleCredentials(roleArn, region, credentials) : credentials,
    }),
  );
}

export function createSecretsManagerSource(options: SecretsManagerSourceOptions): CertificateSource {
  const { selector, region } = options;
  const name = secretsSourceName(selector, region);
  const scope = { source: name, location: secretsLocation(region, selector.roleArn), region };
  let client = options.client;
  return {
    name,
    kind: 'secrets-manager',
    async collect(): Promise<Inventory> {
      client ??= secretsClientFor(region, selector.roleArn, options.credentials, options.endpoint);
      const listed = await listSelectedSecrets(client, selector);
      if (listed.error !== undefined) {
        return secretsInventory(name, undefined, {
          status: 'failed',
          error: listed.error,
          requests: listed.requests,
        });
      }
      const read = await collectSecrets(client, listed.secrets, scope);
      const status: SourceState =
        read.unreadable === 0 ? 'ok' : read.unreadable === listed.secrets.length ? 'failed' : 'partial';
      return secretsInventory(name, read, {
        status,
        error:
          status === 'ok'
            ? undefined
            : `${read.unreadable} of ${listed.secrets.length} selected secrets could not be read`,
        requests: listed.requests + read.requests,
      });
    },
  };
}

/** What one read of Secrets Manager found, with its SourceStatus (the scan's and a change event's alike). */
export function secretsInventory(
  name: string,
  read: CollectedSecrets | undefined,
  outcome: { status: SourceState; error: string | undefined; requests: number },
): Inventory {
  const certificates = read?.certificates ?? [];
  return {
    certificates,
    nodes: read?.nodes ?? [],
    edges: read?.edges ?? [],
    findings: read?.findings ?? [],
    probes: [],
    sources: [
      {
        name,
        kind: 'secrets-manager',
        status: outcome.status,
        error: outcome.error,
        certificates: certificates.length,
        requests: outcome.requests,
      },
    ],
  };
}

/** Every page of ListSecrets for the selector, narrowed to the exact selection. */
export async function listSelectedSecrets(
  client: SecretsManagerClient,
  selector: SecretSelector,
): Promise<{ secrets: SecretRef[]; requests: number; error?: string }> {
  const secrets: SecretRef[] = [];
  let requests = 0;
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListSecretsCommand({
          Filters: listFilters(selector),
          MaxResults: PAGE_SIZE,
          NextToken: nextToken,
        }),
      );
      requests += page.$metadata?.attempts ?? 1;
      for (const entry of page.SecretList ?? []) {
        if (!entry.Name) continue;
        const ref = { name: entry.Name, arn: entry.ARN, tags: tagsToRecord(entry.Tags) };
        if (matchesSelector(selector, ref)) secrets.push(ref);
      }
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    requests += (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    return { secrets, requests, error: `ListSecrets failed: ${describeError(error)}` };
  }
  return { secrets, requests };
}

/** One source per region of the selector (the default region when it names none). */
export function secretsSourcesFor(
  selector: SecretSelector,
  defaultRegion: string,
  options: { credentials?: AwsCredentialIdentityProvider; endpoint?: string } = {},
): CertificateSource[] {
  const regions = selector.regions && selector.regions.length > 0 ? selector.regions : [defaultRegion];
  return [...new Set(regions)].map((region) => createSecretsManagerSource({ selector, region, ...options }));
}
