/**
 * Who must present a client certificate on port 8443: holders of "Enforce SSL/TLS Mutual
 * Authentication". Its API field name is not documented and permission fields differ per org,
 * so the field is found by its label in a describe of PermissionSet.
 */
import type { Connection } from '@jsforce/jsforce-node';
import type { AssignmentRow, ProfileUserRow } from './queries';

export const MUTUAL_AUTH_PERMISSION_LABEL = 'Enforce SSL/TLS Mutual Authentication';
/** Who receives Salesforce's own certificate expiry e-mails; its API name is not published either. */
export const EXPIRY_NOTIFICATION_PERMISSION_LABEL = 'Receive Certificate Expiration Notification';

interface DescribedField {
  name: string;
  label: string;
  type: string;
}

/** The boolean PermissionSet field with this label, if the org has one. */
export function permissionField(fields: readonly DescribedField[], label: string): string | undefined {
  const wanted = label.toLowerCase();
  return fields.find((f) => f.type === 'boolean' && f.label.trim().toLowerCase() === wanted)?.name;
}

/** The boolean PermissionSet field labelled "Enforce SSL/TLS Mutual Authentication", if the org has one. */
export function mutualAuthField(fields: readonly DescribedField[]): string | undefined {
  return permissionField(fields, MUTUAL_AUTH_PERMISSION_LABEL);
}

/** The permission fields a scan looks for; either may be missing from an org. */
export interface PermissionFields {
  mutualAuth?: string;
  expiryNotification?: string;
}

export function permissionFields(fields: readonly DescribedField[]): PermissionFields {
  return {
    mutualAuth: mutualAuthField(fields),
    expiryNotification: permissionField(fields, EXPIRY_NOTIFICATION_PERMISSION_LABEL),
  };
}

export async function describePermissionSetFields(conn: Connection): Promise<DescribedField[]> {
  const described = await conn.describe('PermissionSet');
  return described.fields.map((f) => ({ name: f.name, label: f.label, type: f.type }));
}

export interface IntegrationUser {
  username: string;
  active: boolean;
  apiOnly: boolean;
  /** Permission sets (or `profile:<name>`) that grant mutual authentication. */
  grantedBy: string[];
}

/** Merges the assignment rows and profile rows into one entry per mutual-auth user. */
export function integrationUsers(
  field: string,
  assignments: readonly AssignmentRow[],
  profileUsers: readonly ProfileUserRow[],
): IntegrationUser[] {
  const byId = new Map<string, IntegrationUser>();
  const apiOnlyIds = new Set<string>();
  for (const row of assignments) {
    if (!row.Assignee || !row.PermissionSet) continue;
    if (row.PermissionSet.PermissionsApiUserOnly === true) apiOnlyIds.add(row.AssigneeId);
    if (row.PermissionSet[field] !== true) continue;
    const user = byId.get(row.AssigneeId) ?? {
      username: row.Assignee.Username,
      active: row.Assignee.IsActive,
      apiOnly: false,
      grantedBy: [],
    };
    user.grantedBy.push(row.PermissionSet.IsOwnedByProfile ? 'profile' : row.PermissionSet.Name);
    byId.set(row.AssigneeId, user);
  }
  for (const row of profileUsers) {
    if (row.Profile?.[field] !== true) continue;
    const user = byId.get(row.Id) ?? {
      username: row.Username,
      active: row.IsActive,
      apiOnly: false,
      grantedBy: [],
    };
    const grant = `profile:${row.Profile?.Name ?? 'unknown'}`;
    user.grantedBy = [...user.grantedBy.filter((g) => g !== 'profile'), grant];
    if (row.Profile?.PermissionsApiUserOnly === true) apiOnlyIds.add(row.Id);
    byId.set(row.Id, user);
  }
  return [...byId.entries()]
    .map(([id, user]) => ({
      ...user,
      apiOnly: apiOnlyIds.has(id),
      grantedBy: [...new Set(user.grantedBy)].sort(),
    }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

export interface PermissionHolder {
  id: string;
  username: string;
  active: boolean;
  /** Frozen users cannot log in; they are active on paper only. */
  frozen: boolean;
}

/** Everyone holding `field` through a permission set or their profile, one entry per user. */
export function permissionHolders(
  field: string,
  assignments: readonly AssignmentRow[],
  profileUsers: readonly ProfileUserRow[],
  frozenIds: ReadonlySet<string> = new Set(),
): PermissionHolder[] {
  const byId = new Map<string, PermissionHolder>();
  for (const row of assignments) {
    if (!row.Assignee || row.PermissionSet?.[field] !== true) continue;
    byId.set(row.AssigneeId, {
      id: row.AssigneeId,
      username: row.Assignee.Username,
      active: row.Assignee.IsActive,
      frozen: false,
    });
  }
  for (const row of profileUsers) {
    if (row.Profile?.[field] !== true) continue;
    byId.set(row.Id, { id: row.Id, username: row.Username, active: row.IsActive, frozen: false });
  }
  return [...byId.values()]
    .map((h) => ({ ...h, frozen: frozenIds.has(h.id.slice(0, 15)) }))
    .sort((a, b) => a.username.localeCompare(b.username));
}
