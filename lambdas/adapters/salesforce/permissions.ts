/**
 * Who must present a client certificate on port 8443: holders of "Enforce SSL/TLS Mutual
 * Authentication". Its API field name is not documented and permission fields differ per org,
 * so the field is found by its label in a describe of PermissionSet.
 */
import type { Connection } from '@jsforce/jsforce-node';
import type { AssignmentRow, ProfileUserRow } from './queries';

export const MUTUAL_AUTH_PERMISSION_LABEL = 'Enforce SSL/TLS Mutual Authentication';

interface DescribedField {
  name: string;
  label: string;
  type: string;
}

/** The boolean PermissionSet field labelled "Enforce SSL/TLS Mutual Authentication", if the org has one. */
export function mutualAuthField(fields: readonly DescribedField[]): string | undefined {
  const wanted = MUTUAL_AUTH_PERMISSION_LABEL.toLowerCase();
  return fields.find((f) => f.type === 'boolean' && f.label.trim().toLowerCase() === wanted)?.name;
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
