/**
 * From a configured probe target to a ProbeRequest. Shared by the CLI (which also reads files)
 * and the probe Lambda (which only has Secrets Manager), so both carry the same metadata.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadClientCredential } from '../../adapters/secrets-manager/client-credential';
import type { ProbeTarget } from '../../core/config';
import { tracedClient } from '../xray/traced-clients';
import type { ClientCredential, ClientCredentialLoader, ProbeRequest } from './probe';

export function probeRequestFromTarget(
  target: ProbeTarget,
  resources: { clientCredential?: ClientCredential | ClientCredentialLoader; ca?: string | Buffer } = {},
): ProbeRequest {
  const owners =
    target.owner || target.partnerOwner
      ? {
          ...(target.owner ? { owner: target.owner } : {}),
          ...(target.partnerOwner ? { partnerOwner: target.partnerOwner } : {}),
        }
      : undefined;
  return {
    ...(target.name ? { target: target.name } : {}),
    host: target.host,
    port: target.port,
    ...(target.servername ? { servername: target.servername } : {}),
    ...(resources.ca ? { ca: resources.ca } : {}),
    ...(resources.clientCredential ? { clientCredential: resources.clientCredential } : {}),
    timeoutMs: target.timeoutMs,
    ...(target.externalSystem ? { externalSystem: target.externalSystem } : {}),
    ...(target.org ? { org: target.org } : {}),
    ...(owners ? { owners } : {}),
  };
}

/** The region an ARN names; a bare secret name uses the SDK's default region. */
export function regionOfSecret(secretId: string): string | undefined {
  return /^arn:aws[\w-]*:secretsmanager:([a-z0-9-]+):/.exec(secretId)?.[1];
}

/**
 * One client per region and endpoint for the life of the process: a warm probe Lambda and a CLI
 * run over several targets reuse its credentials and connections instead of building them per
 * probe.
 */
const clients = new Map<string, SecretsManagerClient>();

function secretsClient(region: string | undefined, endpoint: string | undefined): SecretsManagerClient {
  const key = `${region ?? ''} ${endpoint ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = tracedClient(
      new SecretsManagerClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) }),
    );
    clients.set(key, client);
  }
  return client;
}

/**
 * Reads the credential from Secrets Manager when the probe runs. The SDK honours
 * AWS_ENDPOINT_URL_SECRETS_MANAGER, which is how tests point it at a local server.
 */
export function secretCredentialLoader(
  secretId: string,
  options: { region?: string; endpoint?: string } = {},
): ClientCredentialLoader {
  // The ARN's own region wins: a secret can only be read in the region it lives in.
  return () =>
    loadClientCredential(
      secretsClient(regionOfSecret(secretId) ?? options.region, options.endpoint),
      secretId,
    );
}
