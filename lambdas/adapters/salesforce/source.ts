/**
 * The Salesforce org collector: one CertificateSource per org. It authenticates, runs a fixed set
 * of reads (most of them at once), and turns what came back into inventory facts. Failures stay
 * inside the org: a dead session or spent API allowance fails this org only, a missing permission
 * on one object loses that read only, and every one of them is said out loud (finding + status).
 */
import type { Connection } from '@jsforce/jsforce-node';
import type { OrgConfig } from '../../core/config';
import type { CertificateSource, Finding, Inventory, SourceState } from '../../core/model';
import { DEFAULT_CERTIFICATE_LIMIT } from '../../core/policy';
import { salesforceSourceName } from '../../core/source-names';
import { connect, DEFAULT_API_VERSION, newestApiVersion, type SalesforceCredentials } from './auth';
import { redact, SalesforceReadError } from './errors';
import { listInboundCertificates, readInboundCertificates, retrieveOrgMetadata } from './metadata';
import {
  describePermissionSetFields,
  integrationUsers,
  type PermissionHolder,
  permissionFields,
  permissionHolders,
} from './permissions';
import {
  MAX_ROWS,
  queryApexClasses,
  queryAssignments,
  queryCertificates,
  queryFrozenUsers,
  queryNamedCredentials,
  queryProfileUsers,
  querySamlSsoConfigs,
  queryUsersById,
} from './queries';
import { type OrgReads, translateOrg, userAuthUserIds } from './translate';
import { CountingTransport, defaultBackoff, type RetryPolicy, useTransport, withRetry } from './transport';

export interface SalesforceSourceOptions {
  org: OrgConfig;
  credentials:
    | { kind: 'jwt'; privateKeyPem: string }
    | { kind: 'session'; instanceUrl: string; accessToken: string };
  /** Certificates the org may hold (Salesforce does not document one; default 50). */
  certificateLimit?: number;
  /** Per HTTP request (default 30 s). */
  timeoutMs?: number;
  /** Extra attempts for a read that failed transiently (5xx, reset, timeout); default 2. */
  retries?: number;
  /** Wait before retry n (default 500 ms doubling, at most 8 s). Tests pass `() => 0`. */
  backoffMs?: (attempt: number) => number;
  /** Wait between metadata retrieve status checks (default 2 s) and how many checks at most (default 60). */
  retrievePollMs?: number;
  retrieveMaxPolls?: number;
  /** Progress lines for people; never carry credentials. */
  log?: (line: string) => void;
}

type Fatal = { kind: 'auth' | 'api-limit'; message: string };

class ScanState {
  readonly findings: Omit<Finding, 'source'>[] = [];
  readonly failedReads: string[] = [];
  fatal: Fatal | undefined;
  attempted = 0;

  constructor(
    private readonly secrets: string[],
    private readonly orgNode: string,
  ) {}

  clean(message: string): string {
    return redact(message, this.secrets);
  }

  /** Records why a read failed; auth and API-limit failures end the org's scan. */
  fail(error: unknown, what: string): void {
    const e =
      error instanceof SalesforceReadError
        ? error
        : new SalesforceReadError(
            'other',
            undefined,
            `${what}: ${(error as Error)?.message ?? String(error)}`,
          );
    const message = this.clean(e.message);
    if (e.kind === 'auth' || e.kind === 'api-limit') {
      this.fatal ??= { kind: e.kind, message };
      return;
    }
    this.failedReads.push(what);
    this.findings.push({
      code:
        e.kind === 'no-access' || e.kind === 'unsupported'
          ? 'SALESFORCE_OBJECT_UNREADABLE'
          : 'SALESFORCE_READ_FAILED',
      severity: 'warning',
      subject: this.orgNode,
      message:
        e.kind === 'no-access'
          ? `${message}. The scan went on without it; grant the Cert_Sentinel_Scanner permission set (docs/salesforce.md).`
          : `${message}. The scan went on without it.`,
    });
  }
}

/** Maps the options' credentials and the org's auth config to what `connect` needs. */
function resolveCredentials(options: SalesforceSourceOptions): SalesforceCredentials {
  const { org, credentials } = options;
  if (credentials.kind === 'session') return credentials;
  if (org.auth.type !== 'jwt') {
    throw new SalesforceReadError(
      'auth',
      undefined,
      `org ${org.name}: JWT credentials given but auth.type is "${org.auth.type}"`,
    );
  }
  return {
    kind: 'jwt',
    clientId: org.auth.clientId,
    username: org.auth.username,
    privateKeyPem: credentials.privateKeyPem,
    loginUrl: org.loginUrl,
  };
}

export function createSalesforceSource(options: SalesforceSourceOptions): CertificateSource {
  const name = salesforceSourceName(options.org.name);
  return {
    name,
    kind: 'salesforce',
    collect: (now: Date) => collectOrg(options, name, now),
  };
}

async function collectOrg(options: SalesforceSourceOptions, name: string, now: Date): Promise<Inventory> {
  const { org } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let apiVersion = org.apiVersion ?? DEFAULT_API_VERSION;
  const policy: RetryPolicy = {
    retries: options.retries ?? 2,
    timeoutMs,
    backoffMs: options.backoffMs ?? defaultBackoff,
  };
  const secrets =
    options.credentials.kind === 'session'
      ? [options.credentials.accessToken]
      : [options.credentials.privateKeyPem];
  const state = new ScanState(secrets, `org:${org.name}`);
  const transport = new CountingTransport(timeoutMs);
  const log = (line: string) => options.log?.(state.clean(`${name}: ${line}`));
  const certificateLimit = options.certificateLimit ?? org.certificateLimit ?? DEFAULT_CERTIFICATE_LIMIT;
  const reads: OrgReads = { org, certificateLimit, apiVersion };

  // Runs one read with retries; a failure becomes a finding (or ends the scan) and yields undefined.
  const read = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (state.fatal) return undefined;
    state.attempted += 1;
    try {
      return await withRetry(what, policy, fn);
    } catch (error) {
      state.fail(error, what);
      return undefined;
    }
  };

  let conn: Connection | undefined;
  try {
    conn = await withRetry(
      options.credentials.kind === 'jwt' ? 'JWT bearer token request' : 'session',
      policy,
      () =>
        connect({
          credentials: resolveCredentials(options),
          apiVersion,
          now,
          prepare: (c) => useTransport(c, transport),
        }),
    );
    reads.instanceUrl = conn.instanceUrl;
  } catch (error) {
    state.fail(error, 'authentication');
  }

  if (conn && !org.apiVersion && !state.fatal) {
    // No version configured: the newest the org offers (an explicit apiVersion always wins).
    const c = conn;
    const newest = await read('API version list (GET /services/data/)', () => newestApiVersion(c));
    if (newest) {
      apiVersion = newest;
      c.version = newest;
      reads.apiVersion = newest;
    }
  }

  if (conn && !state.fatal) {
    const c = conn;
    // Alone first: it is the read that matters most, and a dead session or spent allowance
    // shows here before the other reads spend requests on it.
    const certificates = await read('Tooling query of Certificate', () => queryCertificates(c));
    if (certificates) {
      reads.certificates = certificates.records;
      if (certificates.totalSize > certificates.records.length) {
        state.findings.push({
          code: 'SALESFORCE_READ_FAILED',
          severity: 'warning',
          subject: `org:${org.name}`,
          message: `Certificate: ${certificates.totalSize} rows, only the first ${MAX_ROWS} were read.`,
        });
      }
    }
    if (!state.fatal) {
      const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
      await Promise.all([
        read('Metadata retrieve of certificates and their users', () =>
          retrieveOrgMetadata(c, {
            apiVersion,
            pollIntervalMs: options.retrievePollMs ?? 2000,
            maxPolls: options.retrieveMaxPolls ?? 60,
            sleep,
          }),
        ).then(async (r) => {
          reads.retrieved = r;
          for (const problem of r?.problems ?? []) log(`retrieve: ${problem}`);
          // Certificates users log in with name the user by id: one query tells who is still active.
          const ids = userAuthUserIds(r);
          if (ids.length > 0)
            reads.users = await read('SOQL query of User (certificate holders)', () =>
              queryUsersById(c, ids),
            );
        }),
        read('Tooling query of NamedCredential', () => queryNamedCredentials(c)).then((r) => {
          reads.namedCredentials = r?.records;
        }),
        readInbound(c, policy, state).then((r) => {
          reads.inbound = r;
        }),
        read('SOQL query of SamlSsoConfig', () => querySamlSsoConfigs(c)).then((r) => {
          reads.samlSsoConfigs = r?.records;
        }),
        read('Tooling query of ApexClass bodies', () => queryApexClasses(c)).then((r) => {
          reads.apexClasses = r?.records;
        }),
        readUsers(c, read).then((r) => {
          reads.integrationUsers = r?.integrationUsers;
          reads.expiryRecipients = r?.expiryRecipients;
        }),
      ]);
    }
    const usage = c.limitInfo?.apiUsage;
    if (usage) log(`API usage ${usage.used}/${usage.limit} after this scan`);
  }

  const facts = state.fatal ? { certificates: [], nodes: [], edges: [], findings: [] } : translateOrg(reads);
  const findings: Finding[] = [
    ...state.findings.map((f) => ({ ...f, source: name })),
    ...facts.findings.map((f) => ({ ...f, message: state.clean(f.message) })),
  ];
  let status: SourceState = 'ok';
  let error: string | undefined;
  if (state.fatal) {
    status = 'failed';
    error = state.fatal.message;
    findings.push({
      code: state.fatal.kind === 'auth' ? 'SALESFORCE_AUTH_FAILED' : 'SALESFORCE_API_LIMIT',
      severity: 'critical',
      subject: `org:${org.name}`,
      message: `${state.fatal.message}. Nothing was read from this org; its certificates are not watched until this is fixed.`,
      source: name,
    });
  } else if (state.failedReads.length > 0) {
    status = state.failedReads.length >= state.attempted ? 'failed' : 'partial';
    error = `could not read: ${state.failedReads.join('; ')}`;
  }
  log(`${status}, ${facts.certificates.length} certificate(s), ${transport.requests} HTTP request(s)`);
  return {
    certificates: facts.certificates,
    nodes: facts.nodes,
    edges: facts.edges,
    findings,
    sources: [
      {
        name,
        kind: 'salesforce',
        status,
        error,
        certificates: facts.certificates.length,
        requests: transport.requests,
      },
    ],
    probes: [],
  };
}

/** Lists then reads mutual-auth certificates; an org without the type has the feature disabled. */
async function readInbound(conn: Connection, policy: RetryPolicy, state: ScanState) {
  if (state.fatal) return undefined;
  state.attempted += 1;
  try {
    const names = await withRetry('Metadata list of InboundCertificate', policy, () =>
      listInboundCertificates(conn),
    );
    if (names.length === 0) return [];
    return await withRetry('Metadata read of InboundCertificate', policy, () =>
      readInboundCertificates(conn, names),
    );
  } catch (error) {
    if (error instanceof SalesforceReadError && error.kind === 'unsupported') return 'disabled' as const;
    state.fail(error, 'Metadata read of InboundCertificate');
    return undefined;
  }
}

/**
 * Describe -> the permission fields (by label) -> assignment and profile queries (at once), both
 * for "Enforce SSL/TLS Mutual Authentication" and "Receive Certificate Expiration Notification";
 * then which active holders of the latter are frozen.
 */
async function readUsers(
  conn: Connection,
  read: <T>(what: string, fn: () => Promise<T>) => Promise<T | undefined>,
): Promise<
  | { integrationUsers?: OrgReads['integrationUsers']; expiryRecipients?: OrgReads['expiryRecipients'] }
  | undefined
> {
  const described = await read('describe of PermissionSet', () => describePermissionSetFields(conn));
  if (!described) return undefined;
  const fields = permissionFields(described);
  const wanted = [fields.mutualAuth, fields.expiryNotification].filter((f): f is string => f !== undefined);
  if (wanted.length === 0) return { integrationUsers: [], expiryRecipients: 'permission-not-found' };
  const [assignments, profileUsers] = await Promise.all([
    read('SOQL query of PermissionSetAssignment', () => queryAssignments(conn, wanted)),
    read('SOQL query of User by profile', () => queryProfileUsers(conn, wanted)),
  ]);
  if (!assignments && !profileUsers) return undefined;
  const a = assignments?.records ?? [];
  const p = profileUsers?.records ?? [];
  let expiryRecipients: PermissionHolder[] | 'permission-not-found' = 'permission-not-found';
  if (fields.expiryNotification) {
    const field = fields.expiryNotification;
    const active = permissionHolders(field, a, p).filter((h) => h.active);
    const frozen =
      active.length > 0
        ? await read('SOQL query of UserLogin (frozen users)', () =>
            queryFrozenUsers(
              conn,
              active.map((h) => h.id),
            ),
          )
        : new Set<string>();
    expiryRecipients = permissionHolders(field, a, p, frozen ?? new Set());
  }
  return {
    integrationUsers: fields.mutualAuth ? integrationUsers(fields.mutualAuth, a, p) : [],
    expiryRecipients,
  };
}
