/**
 * The SOQL a scan runs, and typed readers for it. Each reader is one query (plus paging past
 * 2,000 rows): nothing here runs per record, so the request count stays constant as an org grows.
 */
import type { Connection } from '@jsforce/jsforce-node';

/** Far above any real org's certificate count; a scan that hits it says so instead of truncating silently. */
export const MAX_ROWS = 50_000;

export interface Row {
  attributes?: { type: string; url: string };
  [field: string]: unknown;
}

export interface QueryOutcome<T> {
  records: T[];
  /** Rows Salesforce reported; more than `records.length` only if MAX_ROWS was hit. */
  totalSize: number;
}

async function run<T>(api: Connection | Connection['tooling'], soql: string): Promise<QueryOutcome<T>> {
  const result = await api.query<Row>(soql, { autoFetch: true, maxFetch: MAX_ROWS });
  return { records: result.records as unknown as T[], totalSize: result.totalSize };
}

export interface CertificateRow {
  Id: string;
  DeveloperName: string;
  MasterLabel: string;
  ExpirationDate: string | null;
  KeySize: number | null;
  OptionsIsCaSigned: boolean | null;
  OptionsIsPrivateKeyExportable: boolean | null;
  OptionsIsUnusable: boolean | null;
  CreatedDate: string;
}

// Newest first: the Tooling object can return deleted rows, and the newest row per DeveloperName is the live one.
export const CERTIFICATE_SOQL =
  'SELECT Id, DeveloperName, MasterLabel, ExpirationDate, KeySize, OptionsIsCaSigned, OptionsIsPrivateKeyExportable, OptionsIsUnusable, CreatedDate FROM Certificate ORDER BY CreatedDate DESC';

export function queryCertificates(conn: Connection) {
  return run<CertificateRow>(conn.tooling, CERTIFICATE_SOQL);
}

/** One row per DeveloperName: the newest by CreatedDate. */
export function latestPerDeveloperName(rows: CertificateRow[]): CertificateRow[] {
  const newest = new Map<string, CertificateRow>();
  for (const row of rows) {
    const seen = newest.get(row.DeveloperName);
    if (!seen || Date.parse(row.CreatedDate) > Date.parse(seen.CreatedDate))
      newest.set(row.DeveloperName, row);
  }
  return [...newest.values()].sort((a, b) => a.DeveloperName.localeCompare(b.DeveloperName));
}

export interface NamedCredentialRow {
  Id: string;
  DeveloperName: string;
  MasterLabel: string;
  Endpoint: string | null;
  PrincipalType: string | null;
  CertificateId: string | null;
  JwtSigningCertificateId: string | null;
  NamedCredentialType: string | null;
}

export const NAMED_CREDENTIAL_SOQL =
  'SELECT Id, DeveloperName, MasterLabel, Endpoint, PrincipalType, CertificateId, JwtSigningCertificateId, NamedCredentialType FROM NamedCredential';

export function queryNamedCredentials(conn: Connection) {
  return run<NamedCredentialRow>(conn.tooling, NAMED_CREDENTIAL_SOQL);
}

export interface SamlSsoConfigRow {
  Id: string;
  DeveloperName: string;
  MasterLabel: string;
  Issuer: string | null;
  ValidationCert: string | null;
}

export const SAML_SSO_SOQL =
  'SELECT Id, DeveloperName, MasterLabel, Issuer, ValidationCert FROM SamlSsoConfig';

export function querySamlSsoConfigs(conn: Connection) {
  return run<SamlSsoConfigRow>(conn, SAML_SSO_SOQL);
}

export interface ApexClassRow {
  Id: string;
  Name: string;
  Body: string | null;
}

// Body cannot be filtered in SOQL (long text), so the bodies come down and are searched locally.
// Managed-package classes are hidden (Body is "(hidden)") and skipped.
export const APEX_CLASS_SOQL = 'SELECT Id, Name, Body FROM ApexClass WHERE NamespacePrefix = null';

export function queryApexClasses(conn: Connection) {
  return run<ApexClassRow>(conn.tooling, APEX_CLASS_SOQL);
}

/** Certificate names an Apex body passes to the platform (client certificate, JWS/JWT signing, Crypto). */
export function certificateNamesInApex(body: string): string[] {
  const names = new Set<string>();
  const patterns = [
    /setClientCertificateName\s*\(\s*'([^']+)'\s*\)/g,
    /Crypto\.signWithCertificate\s*\(\s*'[^']*'\s*,[^,]+,\s*'([^']+)'\s*\)/gi,
    /new\s+Auth\.JWS\s*\([^,]+,\s*'([^']+)'\s*\)/gi,
  ];
  for (const pattern of patterns) {
    for (const match of body.matchAll(pattern)) names.add(match[1]);
  }
  return [...names];
}

export interface AssignmentRow {
  AssigneeId: string;
  Assignee: { Username: string; IsActive: boolean; Name?: string } | null;
  PermissionSet: {
    Name: string;
    IsOwnedByProfile: boolean;
    PermissionsApiUserOnly?: boolean;
    [field: string]: unknown;
  } | null;
}

export interface ProfileUserRow {
  Id: string;
  Username: string;
  IsActive: boolean;
  Profile: { Name: string; PermissionsApiUserOnly?: boolean; [field: string]: unknown } | null;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function checkedFields(fields: readonly string[]): string[] {
  for (const field of fields)
    if (!FIELD_NAME.test(field)) throw new Error(`unexpected permission field name ${field}`);
  return [...fields];
}

/**
 * Everyone holding any of the permissions (mutual authentication, expiry notifications), plus
 * their API-only rows, in one query: a user is API-only when any of their sets (or their
 * profile's) says so.
 */
export function assignmentSoql(fields: readonly string[]): string {
  const checked = checkedFields(fields);
  const selected = checked.map((f) => `, PermissionSet.${f}`).join('');
  const where = [
    ...checked.map((f) => `PermissionSet.${f} = true`),
    'PermissionSet.PermissionsApiUserOnly = true',
  ];
  return `SELECT AssigneeId, Assignee.Username, Assignee.IsActive, Assignee.Name, PermissionSet.Name, PermissionSet.IsOwnedByProfile, PermissionSet.PermissionsApiUserOnly${selected} FROM PermissionSetAssignment WHERE ${where.join(' OR ')}`;
}

/** Users whose profile grants one of them, in case profile-owned sets do not show up as assignments. */
export function profileUserSoql(fields: readonly string[]): string {
  const checked = checkedFields(fields);
  const selected = checked.map((f) => `, Profile.${f}`).join('');
  return `SELECT Id, Username, IsActive, Profile.Name, Profile.PermissionsApiUserOnly${selected} FROM User WHERE ${checked.map((f) => `Profile.${f} = true`).join(' OR ')}`;
}

export function queryAssignments(conn: Connection, fields: readonly string[]) {
  return run<AssignmentRow>(conn, assignmentSoql(fields));
}

export function queryProfileUsers(conn: Connection, fields: readonly string[]) {
  return run<ProfileUserRow>(conn, profileUserSoql(fields));
}

export interface UserRow {
  Id: string;
  Username: string;
  IsActive: boolean;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
/** Ids per `IN (...)`: keeps the GET URL far below Salesforce's 16,384-character limit. */
export const IDS_PER_QUERY = 500;

function idBatches(ids: readonly string[]): string[][] {
  const unique = [...new Set(ids.filter((id) => SALESFORCE_ID.test(id)))].sort();
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) batches.push(unique.slice(i, i + IDS_PER_QUERY));
  return batches;
}

const inList = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');

/** Usernames and activity of the users certificates name (one query per 500 users). */
export async function queryUsersById(conn: Connection, ids: readonly string[]): Promise<UserRow[]> {
  const results = await Promise.all(
    idBatches(ids).map((batch) =>
      run<UserRow>(conn, `SELECT Id, Username, IsActive FROM User WHERE Id IN (${inList(batch)})`),
    ),
  );
  return results.flatMap((r) => r.records);
}

/** Which of these users are frozen (UserLogin.IsFrozen): they cannot log in, so they hear nothing. */
export async function queryFrozenUsers(conn: Connection, ids: readonly string[]): Promise<Set<string>> {
  const results = await Promise.all(
    idBatches(ids).map((batch) =>
      run<{ UserId: string }>(
        conn,
        `SELECT UserId FROM UserLogin WHERE IsFrozen = true AND UserId IN (${inList(batch)})`,
      ),
    ),
  );
  return new Set(results.flatMap((r) => r.records.map((row) => id15(row.UserId))));
}

const id15 = (id: string) => id.slice(0, 15);
