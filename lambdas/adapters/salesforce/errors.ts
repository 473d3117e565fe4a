/**
 * Sorts what jsforce throws into the few cases a scan treats differently: a dead session or a
 * spent API allowance stops the org, missing access to one object only loses that read, and
 * transient failures (5xx, resets, timeouts) are worth a bounded retry.
 */

export type FailureKind =
  | 'auth'
  | 'api-limit'
  | 'no-access'
  | 'unsupported'
  | 'timeout'
  | 'transient'
  | 'other';

export class SalesforceReadError extends Error {
  constructor(
    readonly kind: FailureKind,
    /** Salesforce's error code when it sent one (INVALID_SESSION_ID, INSUFFICIENT_ACCESS, ...). */
    readonly errorCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'SalesforceReadError';
  }
}

const AUTH_CODES = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'invalid_grant',
  'invalid_client_id',
  'invalid_client',
  'unsupported_grant_type',
  'invalid_request',
  'INVALID_LOGIN',
]);
const NO_ACCESS_CODES = new Set([
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'API_DISABLED_FOR_ORG',
  'FUNCTIONALITY_NOT_ENABLED',
]);
const UNSUPPORTED_CODES = new Set(['INVALID_TYPE', 'INVALID_FIELD', 'NOT_FOUND', 'INVALID_SOBJECT']);
// Salesforce's bodies for HTTP 500/503 (jsforce does not keep the status, only the code).
const TRANSIENT_CODES = new Set(['UNKNOWN_EXCEPTION', 'SERVER_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);
const TRANSIENT_NETWORK =
  /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_SOCKET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|fetch failed|socket hang up/i;

/** Things that look like credentials: bearer tokens, session ids, JWTs, PEM blocks, token parameters. */
const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g,
  /\b00D[A-Za-z0-9]{12,15}![\w.]+/g,
  // A token is long; "JWT bearer token request" is prose and stays as it is.
  /(Bearer\s+)[\w!.-]{16,}/gi,
  /((?:access_token|assertion|sessionId|client_secret|refresh_token)["'=:>\s]+)[^&"'<\s]+/gi,
];

/** Removes anything credential-shaped from a message meant for people. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}

/** Classifies an error thrown by jsforce (REST, Tooling, SOAP fault, OAuth or network). */
export function classify(error: unknown, what: string, timeoutMs: number): SalesforceReadError {
  if (error instanceof SalesforceReadError) return error;
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    errorCode?: string;
    cause?: { code?: string };
  };
  // SOAP faults arrive as "sf:INVALID_SESSION_ID"; OAuth errors carry the code in `name`.
  const rawCode =
    e.errorCode ?? (e.name && e.name !== 'Error' && e.name !== 'TypeError' ? e.name : undefined);
  const code = rawCode?.replace(/^sf:/, '');
  const message = redact(String(e.message ?? error));
  if (e.name === 'AbortError' || /Request Timeout|aborted due to timeout/i.test(message)) {
    return new SalesforceReadError('timeout', code, `${what}: no answer within ${timeoutMs} ms`);
  }
  if (code && AUTH_CODES.has(code)) {
    const hint =
      code === 'invalid_grant'
        ? ' (JWT bearer grant refused: check the consumer key, the username, that the user is pre-authorized for the Connected App and that the certificate uploaded to it matches the private key)'
        : code === 'INVALID_SESSION_ID'
          ? ' (the access token is expired or invalid: obtain a new one)'
          : '';
    return new SalesforceReadError(
      'auth',
      code,
      `${what}: authentication failed: ${code}: ${message}${hint}`,
    );
  }
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    return new SalesforceReadError(
      'api-limit',
      code,
      `${what}: the org's API request limit is exhausted (REQUEST_LIMIT_EXCEEDED): ${message}`,
    );
  }
  if (code && NO_ACCESS_CODES.has(code)) {
    return new SalesforceReadError(
      'no-access',
      code,
      `${what}: the scanning user may not read it (${code}): ${message}`,
    );
  }
  if (code && UNSUPPORTED_CODES.has(code)) {
    return new SalesforceReadError(
      'unsupported',
      code,
      `${what}: not available in this org (${code}): ${message}`,
    );
  }
  if ((code && TRANSIENT_CODES.has(code)) || /^ERROR_HTTP_5\d\d$/.test(code ?? '')) {
    return new SalesforceReadError(
      'transient',
      code,
      `${what}: Salesforce answered ${code}: ${message.split('\n')[0]}`,
    );
  }
  if (TRANSIENT_NETWORK.test(`${message} ${e.cause?.code ?? ''}`)) {
    return new SalesforceReadError('transient', e.cause?.code ?? code, `${what}: network error: ${message}`);
  }
  return new SalesforceReadError('other', code, `${what}: ${code ? `${code}: ` : ''}${message}`);
}
