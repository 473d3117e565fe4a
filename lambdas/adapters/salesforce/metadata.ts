/**
 * Metadata API reads. One `retrieve` brings every certificate file (`certs/*.crt`, the PEM chain)
 * and every configuration that names a certificate, whatever their number: readMetadata takes at
 * most 10 names a call, retrieve takes wildcards. Mutual-auth certificates are also listed and
 * read: their type exists only where Salesforce Support enabled the feature (the list says so),
 * and readMetadata's date is the fallback where the retrieve brings no certificate content.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { SalesforceReadError } from './errors';
import { readZip } from './zip';

export interface InboundCertificateMetadata {
  fullName: string;
  masterLabel?: string;
  expirationDate?: string;
  issuer?: string;
  serialId?: string;
}

/**
 * The types the retrieve asks for, all by wildcard except the one Settings file. A type the org
 * lacks (feature off, add-on not bought, newer than the API version) comes back as a message in
 * the retrieve result, not a failure, so every type costs the same one retrieve.
 */
export const RETRIEVE_TYPES: ReadonlyArray<{ name: string; members: string[] }> = [
  { name: 'Certificate', members: ['*'] },
  { name: 'InboundCertificate', members: ['*'] },
  { name: 'UserAuthCertificate', members: ['*'] },
  { name: 'NamedCredential', members: ['*'] },
  { name: 'ExternalCredential', members: ['*'] },
  { name: 'ConnectedApp', members: ['*'] },
  { name: 'ExtlClntAppGlobalOauthSettings', members: ['*'] },
  { name: 'SamlSsoConfig', members: ['*'] },
  { name: 'ExternalDataSource', members: ['*'] },
  { name: 'PublicKeyCertificate', members: ['*'] },
  { name: 'PublicKeyCertificateSet', members: ['*'] },
  { name: 'MobSecurityCertPinConfig', members: ['*'] },
  { name: 'Settings', members: ['IdentityProvider'] },
];

const READ_BATCH = 10;

function toArray<T>(value: T | T[] | null | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Names of the org's mutual-auth certificates; SalesforceReadError('unsupported') where the type does not exist. */
export async function listInboundCertificates(conn: Connection): Promise<string[]> {
  const listed = await conn.metadata.list([{ type: 'InboundCertificate' }]);
  return toArray(listed)
    .map((p) => p.fullName)
    .sort();
}

/** readMetadata allows 10 names a call: batches run concurrently (one call for up to 10 certificates). */
export async function readInboundCertificates(
  conn: Connection,
  names: string[],
): Promise<InboundCertificateMetadata[]> {
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += READ_BATCH) batches.push(names.slice(i, i + READ_BATCH));
  // jsforce's typings do not know InboundCertificate; the SOAP call is the same for every type.
  const read = conn.metadata.read.bind(conn.metadata) as (type: string, names: string[]) => Promise<unknown>;
  const results = await Promise.all(batches.map((batch) => read('InboundCertificate', batch)));
  return results
    .flatMap((r) => toArray(r as Record<string, unknown> | Array<Record<string, unknown>>))
    .filter((r) => r && typeof r.fullName === 'string' && r.fullName !== '')
    .map((r) => ({
      fullName: String(r.fullName),
      masterLabel: optionalString(r.masterLabel),
      expirationDate: optionalString(r.expirationDate),
      issuer: optionalString(r.issuer),
      serialId: optionalString(r.serialId),
    }));
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface RetrievedMetadata {
  /** Path inside the package (e.g. `certs/Acme_Client.crt`) -> content. */
  files: Map<string, Buffer>;
  /** Problems Salesforce reported for single components (the rest of the package is still good). */
  problems: string[];
}

export interface RetrieveOptions {
  apiVersion: string;
  pollIntervalMs: number;
  maxPolls: number;
  sleep: (ms: number) => Promise<void>;
}

/** Starts one retrieve and polls it to completion (at most `maxPolls` status calls). */
export async function retrieveOrgMetadata(
  conn: Connection,
  options: RetrieveOptions,
): Promise<RetrievedMetadata> {
  const started = await conn.metadata.retrieve({
    apiVersion: Number(options.apiVersion),
    singlePackage: true,
    unpackaged: {
      types: RETRIEVE_TYPES.map((t) => ({ ...t, members: [...t.members] })),
      version: options.apiVersion,
    },
  } as never);
  for (let poll = 1; poll <= options.maxPolls; poll++) {
    await options.sleep(options.pollIntervalMs);
    const status = await conn.metadata.checkRetrieveStatus(started.id);
    if (!status.done) continue;
    if (status.status !== 'Succeeded' || !status.zipFile) {
      throw new SalesforceReadError(
        'other',
        status.errorStatusCode ?? undefined,
        `metadata retrieve ${status.status}: ${status.errorMessage ?? 'no zip file returned'}`,
      );
    }
    const files = new Map<string, Buffer>();
    for (const [name, content] of readZip(Buffer.from(status.zipFile, 'base64'))) {
      files.set(name.replace(/^unpackaged\//, ''), content);
    }
    const problems = toArray(status.messages).map((m) => `${m.fileName}: ${m.problem}`);
    return { files, problems };
  }
  throw new SalesforceReadError(
    'timeout',
    undefined,
    `metadata retrieve not finished after ${options.maxPolls} status checks`,
  );
}
