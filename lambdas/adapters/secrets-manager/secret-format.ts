/**
 * How a partner's client certificate is stored in one secret (docs/secrets-manager.md), read
 * without any I/O. The secret's value never leaves this module in a message: every problem is
 * described by field names and formats, and parser messages are redacted before they travel.
 */
import { routingAddress } from '../../core/alerts/owners';
import { parseEndpoint } from '../../core/endpoint';

/** One secret as read from Secrets Manager: its value plus the tags ListSecrets returned. */
export interface SecretPayload {
  name: string;
  arn?: string;
  secretString?: string;
  secretBinary?: Uint8Array;
  tags?: Record<string, string>;
  /**
   * The password from the secret's password companion (`cert-sentinel:password-secret`), for a
   * keystore that cannot carry its own. A password inside the secret's JSON wins over it.
   */
  companionPassword?: string;
}

export type SecretProblemCode = 'SECRET_NO_CERTIFICATE' | 'SECRET_MALFORMED' | 'SECRET_WRONG_PASSWORD';

/** What is wrong with a secret; `reason` names fields and formats, never their content. */
export interface SecretProblem {
  code: SecretProblemCode;
  reason: string;
}

/** Facts about the integration the secret belongs to, from JSON fields or `cert-sentinel:*` tags. */
export interface SecretMetadata {
  org?: string;
  integrationUser?: string;
  externalSystem?: string;
  owner?: string;
  partnerOwner?: string;
  /** More recipients of this certificate's alerts: e-mail addresses, comma- or space-separated in the tag. */
  notify?: string[];
  /** `host[:port]` (default 8443) of the partner endpoint a probe can reach with this client certificate. */
  probeEndpoint?: string;
  publiclyTrusted?: boolean;
}

/** The decoded key material of a secret, in the one form it was stored in. */
export type SecretMaterial =
  | { format: 'pem'; pem: string }
  | {
      format: 'json-pem';
      certificate: string;
      chain?: string;
      privateKey?: string;
      password?: string;
      ca?: string;
    }
  | { format: 'json-pkcs12'; pkcs12: Buffer; password?: string; ca?: string }
  | { format: 'json-jks'; jks: Buffer; password?: string; ca?: string }
  | { format: 'binary'; data: Buffer };

export type SecretFormat = SecretMaterial['format'];

export interface DecodedSecret {
  material?: SecretMaterial;
  metadata: SecretMetadata;
  /** Set when no material could be decoded. */
  problem?: SecretProblem;
  /** Metadata that was present but unusable; the certificate is still read. */
  notes: string[];
}

/** Tag keys that carry metadata; JSON fields of the same meaning win over them. */
export const METADATA_TAGS = {
  org: 'cert-sentinel:org',
  integrationUser: 'cert-sentinel:integration-user',
  externalSystem: 'cert-sentinel:external-system',
  owner: 'cert-sentinel:owner',
  partnerOwner: 'cert-sentinel:partner-owner',
  notify: 'cert-sentinel:notify',
  probeEndpoint: 'cert-sentinel:probe-endpoint',
  publiclyTrusted: 'cert-sentinel:publicly-trusted',
} as const satisfies Record<keyof SecretMetadata, string>;

const STRING_METADATA = ['org', 'integrationUser', 'externalSystem', 'owner', 'partnerOwner'] as const;
const MATERIAL_FIELDS = ['certificate', 'chain', 'privateKey', 'pkcs12', 'jks', 'password', 'ca'] as const;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/;
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/** Splits a secret into its key material and metadata; never throws. */
export function decodeSecret(payload: SecretPayload): DecodedSecret {
  const notes: string[] = [];
  const tagMetadata = metadataFromTags(payload.tags ?? {}, notes);
  if (payload.secretString !== undefined) {
    const text = payload.secretString.trim();
    if (text.startsWith('{')) return decodeJson(text, tagMetadata, notes);
    if (PEM_BLOCK.test(text)) return { material: { format: 'pem', pem: text }, metadata: tagMetadata, notes };
    return {
      metadata: tagMetadata,
      notes,
      problem: {
        code: 'SECRET_NO_CERTIFICATE',
        reason: 'SecretString is neither PEM nor a JSON object with a certificate, pkcs12 or jks field',
      },
    };
  }
  if (payload.secretBinary !== undefined && payload.secretBinary.length > 0) {
    return {
      material: { format: 'binary', data: Buffer.from(payload.secretBinary) },
      metadata: tagMetadata,
      notes,
    };
  }
  return {
    metadata: tagMetadata,
    notes,
    problem: { code: 'SECRET_NO_CERTIFICATE', reason: 'the secret has no value' },
  };
}

function decodeJson(text: string, tagMetadata: SecretMetadata, notes: string[]): DecodedSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse quotes the input in its message: never pass it on.
    return malformed(tagMetadata, notes, 'SecretString starts with "{" but is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return malformed(tagMetadata, notes, 'SecretString is JSON but not an object');
  }
  const json = parsed as Record<string, unknown>;
  for (const field of MATERIAL_FIELDS) {
    if (json[field] !== undefined && typeof json[field] !== 'string') {
      return malformed(tagMetadata, notes, `JSON field "${field}" must be a string`);
    }
  }
  const metadata = { ...tagMetadata, ...metadataFromJson(json, notes) };
  const field = (name: (typeof MATERIAL_FIELDS)[number]) => {
    const value = json[name] as string | undefined;
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const password = json.password as string | undefined;
  const ca = field('ca');
  const certificate = field('certificate');
  if (certificate !== undefined) {
    return {
      material: {
        format: 'json-pem',
        certificate,
        chain: field('chain'),
        privateKey: field('privateKey'),
        password,
        ca,
      },
      metadata,
      notes,
    };
  }
  for (const name of ['pkcs12', 'jks'] as const) {
    const value = field(name);
    if (value === undefined) continue;
    if (!BASE64.test(value)) return malformed(metadata, notes, `JSON field "${name}" is not base64`);
    const bytes = Buffer.from(value, 'base64');
    return {
      material:
        name === 'pkcs12'
          ? { format: 'json-pkcs12', pkcs12: bytes, password, ca }
          : { format: 'json-jks', jks: bytes, password, ca },
      metadata,
      notes,
    };
  }
  return {
    metadata,
    notes,
    problem: { code: 'SECRET_NO_CERTIFICATE', reason: 'JSON has no certificate, pkcs12 or jks field' },
  };
}

function malformed(metadata: SecretMetadata, notes: string[], reason: string): DecodedSecret {
  return { metadata, notes, problem: { code: 'SECRET_MALFORMED', reason } };
}

function metadataFromTags(tags: Record<string, string>, notes: string[]): SecretMetadata {
  const metadata: SecretMetadata = {};
  for (const key of STRING_METADATA) {
    const value = tags[METADATA_TAGS[key]]?.trim();
    if (value) metadata[key] = value;
  }
  const notify = tags[METADATA_TAGS.notify]?.trim();
  if (notify) setNotify(metadata, notify.split(/[\s,;]+/), `tag ${METADATA_TAGS.notify}`, notes);
  const endpoint = tags[METADATA_TAGS.probeEndpoint]?.trim();
  if (endpoint) setEndpoint(metadata, endpoint, `tag ${METADATA_TAGS.probeEndpoint}`, notes);
  const trusted = tags[METADATA_TAGS.publiclyTrusted]?.trim().toLowerCase();
  if (trusted === 'true' || trusted === 'false') metadata.publiclyTrusted = trusted === 'true';
  else if (trusted) notes.push(`tag ${METADATA_TAGS.publiclyTrusted} must be true or false`);
  return metadata;
}

function metadataFromJson(json: Record<string, unknown>, notes: string[]): SecretMetadata {
  const metadata: SecretMetadata = {};
  for (const key of STRING_METADATA) {
    const value = json[key];
    if (typeof value === 'string' && value.trim() !== '') metadata[key] = value.trim();
    else if (value !== undefined) notes.push(`JSON field "${key}" must be a non-empty string`);
  }
  if (Array.isArray(json.notify) && json.notify.every((a) => typeof a === 'string')) {
    setNotify(metadata, json.notify as string[], 'JSON field "notify"', notes);
  } else if (json.notify !== undefined) {
    notes.push('JSON field "notify" must be an array of e-mail addresses');
  }
  if (typeof json.probeEndpoint === 'string') {
    setEndpoint(metadata, json.probeEndpoint.trim(), 'JSON field "probeEndpoint"', notes);
  } else if (json.probeEndpoint !== undefined) {
    notes.push('JSON field "probeEndpoint" must be a string host:port');
  }
  const trusted = json.publiclyTrusted;
  if (typeof trusted === 'boolean') metadata.publiclyTrusted = trusted;
  else if (trusted === 'true' || trusted === 'false') metadata.publiclyTrusted = trusted === 'true';
  else if (trusted !== undefined) notes.push('JSON field "publiclyTrusted" must be true or false');
  return metadata;
}

function setEndpoint(metadata: SecretMetadata, value: string, where: string, notes: string[]): void {
  const parsed = parseEndpoint(value);
  if ('error' in parsed)
    notes.push(`${where} must be host or host:port (e.g. partner.example.com:8443): ${parsed.error}`);
  else metadata.probeEndpoint = value;
}

/** Guesses a binary secret's container from its first bytes, to pick the right error message. */
export function binaryKind(data: Uint8Array): 'pem' | 'jks' | 'asn1' | 'unknown' {
  if (data.length >= 4 && data[0] === 0xfe && data[1] === 0xed && data[2] === 0xfe && data[3] === 0xed)
    return 'jks';
  if (data.length >= 4 && data[0] === 0xce && data[1] === 0xce && data[2] === 0xce && data[3] === 0xce)
    return 'jks';
  if (data.length > 0 && data[0] === 0x30) return 'asn1';
  if (PEM_BLOCK.test(Buffer.from(data.subarray(0, 4096)).toString('latin1'))) return 'pem';
  return 'unknown';
}

/** Parser messages that say the password is wrong rather than the data broken. */
export function isPasswordError(message: string): boolean {
  return /password|mac verify|mac could not be verified|tampered|bad decrypt|integrity/i.test(message);
}

/**
 * Makes a parser's message safe to report: removes the password and anything that looks like
 * encoded key or certificate material (parsers sometimes quote their input).
 */
export function redact(message: string, hidden: Array<string | undefined> = []): string {
  let safe = message;
  for (const value of hidden) {
    if (value !== undefined && value.length >= 3) safe = safe.split(value).join('***');
  }
  return safe
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, '[pem]')
    .replace(/[A-Za-z0-9+/=_-]{32,}/g, '[redacted]')
    .slice(0, 300);
}

/** An AWS error as `Name: message`, redacted: the SDK's messages hold ARNs, not values, but be sure. */
export function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${redact(e.message ?? String(error))}`;
}

function setNotify(metadata: SecretMetadata, addresses: string[], where: string, notes: string[]): void {
  // Alerts route by exact address (SNS filter policies): only routable addresses are kept.
  const given = addresses.map((a) => a.trim()).filter((a) => a !== '');
  const bad = given.filter((a) => routingAddress(a) === undefined);
  if (bad.length > 0) notes.push(`${where}: not an e-mail address: ${bad.join(', ')}`);
  const good = given.filter((a) => routingAddress(a) !== undefined);
  if (good.length > 0) metadata.notify = [...new Set(good)];
}
