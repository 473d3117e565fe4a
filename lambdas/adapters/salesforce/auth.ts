/**
 * Getting a session for an org: the OAuth 2.0 JWT bearer flow (server-to-server, no password, no
 * refresh token kept) or an existing session (instance URL + access token, e.g. from `sf org
 * display`). jsforce does not sign JWT assertions, so we sign with node:crypto (RS256).
 */
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { Connection } from '@jsforce/jsforce-node';
import { SalesforceReadError } from './errors';

/**
 * Used only when the org's version list cannot be read and none is configured: jsforce defaults
 * to 50.0, and NamedCredentialType needs 56.0, PublicKeyCertificate 62.0.
 */
export const DEFAULT_API_VERSION = '62.0';

/**
 * The newest API version the org offers (`GET /services/data/`, which lists every version the
 * instance serves). Types newer than a fixed version would otherwise be invisible to the scan.
 */
export async function newestApiVersion(conn: Connection): Promise<string> {
  const listed = await conn.request<Array<{ version?: unknown }>>('/services/data/');
  const versions = (Array.isArray(listed) ? listed : [])
    .map((v) => (typeof v?.version === 'string' ? v.version : ''))
    .filter((v) => /^\d+\.\d$/.test(v));
  if (versions.length === 0) throw new Error('GET /services/data/ listed no API versions');
  return versions.sort((a, b) => Number(a) - Number(b))[versions.length - 1];
}
export const PRODUCTION_LOGIN_URL = 'https://login.salesforce.com';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export type SalesforceCredentials =
  | { kind: 'jwt'; clientId: string; username: string; privateKeyPem: string; loginUrl?: string }
  | { kind: 'session'; instanceUrl: string; accessToken: string };

/**
 * The `aud` Salesforce expects: test.salesforce.com for sandboxes (also behind a sandbox My
 * Domain), login.salesforce.com otherwise, even when the token is requested from a My Domain.
 */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname.toLowerCase();
  if (host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com'))
    return 'https://test.salesforce.com';
  return PRODUCTION_LOGIN_URL;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Reads a PEM private key, failing with a message that never echoes the key. */
export function loadPrivateKey(privateKeyPem: string): KeyObject {
  try {
    return createPrivateKey(privateKeyPem);
  } catch {
    throw new SalesforceReadError(
      'auth',
      'INVALID_PRIVATE_KEY',
      'the JWT private key is not a readable PEM private key (PKCS#1 or PKCS#8, unencrypted)',
    );
  }
}

/**
 * A signed JWT bearer assertion. Salesforce refuses an `exp` more than 3 minutes ahead, so the
 * assertion lives 3 minutes from `now` (the scan's clock, injected for tests).
 */
export function signJwtAssertion(input: {
  clientId: string;
  username: string;
  audience: string;
  privateKey: KeyObject;
  now: Date;
}): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      iss: input.clientId,
      sub: input.username,
      aud: input.audience,
      exp: Math.floor(input.now.getTime() / 1000) + 180,
    }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(input.privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}

export interface ConnectOptions {
  credentials: SalesforceCredentials;
  apiVersion?: string;
  now: Date;
  /** Called with the new connection before any request, to install the counting transport. */
  prepare: (conn: Connection) => void;
}

/** A ready connection. Throws SalesforceReadError('auth') when the JWT grant is refused. */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const version = options.apiVersion ?? DEFAULT_API_VERSION;
  const { credentials } = options;
  if (credentials.kind === 'session') {
    const conn = new Connection({
      instanceUrl: credentials.instanceUrl,
      accessToken: credentials.accessToken,
      version,
    });
    options.prepare(conn);
    return conn;
  }
  const loginUrl = (credentials.loginUrl ?? PRODUCTION_LOGIN_URL).replace(/\/+$/, '');
  const privateKey = loadPrivateKey(credentials.privateKeyPem);
  const conn = new Connection({ loginUrl, version });
  options.prepare(conn);
  const assertion = signJwtAssertion({
    clientId: credentials.clientId,
    username: credentials.username,
    audience: jwtAudience(loginUrl),
    privateKey,
    now: options.now,
  });
  await conn.authorize({ grant_type: JWT_BEARER, assertion });
  return conn;
}
