/**
 * The end of public clientAuth: the last day each public CA hierarchy issues certificates with
 * the Client Authentication EKU, as data with its source (docs/trust.md). The dates have moved
 * before and will again: `trust.clientAuthSunset` in the configuration overrides an entry (same
 * `match`) or adds one. Every date is a fixed calendar day, never relative to "now".
 */
import { authorityKeyIdOf, normaliseKeyId } from './key-identifier';

export interface SunsetMatch {
  /** Case-insensitive part of the name of any CA in the chain (issuer or subject), e.g. "DigiCert". */
  issuer?: string;
  /** Key identifier of a CA key in the chain (the authorityKeyIdentifier of the leaf or an intermediate). */
  authorityKeyId?: string;
  /** Every chain that ends at a root of the public (Mozilla) store. */
  publicRoot?: boolean;
}

export interface SunsetEntry {
  /** Who issues: shown in findings and alerts. */
  ca: string;
  match: SunsetMatch;
  /** The last day (UTC, YYYY-MM-DD) a certificate with clientAuth is issued. */
  lastIssuance: string;
  /** Where the date comes from. */
  source: string;
}

/**
 * As announced, researched 2026-12 (shared design notes, docs/trust.md). An announced cut-off is
 * read as the first day without clientAuth, so the last issuance is the day before.
 */
export const CLIENT_AUTH_SUNSET: readonly SunsetEntry[] = [
  {
    ca: 'Chrome Root Program (every public TLS hierarchy)',
    match: { publicRoot: true },
    lastIssuance: '2027-03-14',
    source:
      'Chrome Root Program policy v1.8 (2026-02-05) §1.3.2: leaf certificates issued from 2027-03-15 must be serverAuth-only',
  },
  {
    ca: 'DigiCert',
    match: { issuer: 'DigiCert' },
    lastIssuance: '2027-02-28',
    source:
      'DigiCert KB ALERT53 (updated 2026-03-03): clientAuth off by default from 2025-10-01, removed from 2027-03-01 (moved from 2026-05-01)',
  },
  {
    ca: 'Sectigo',
    match: { issuer: 'Sectigo' },
    lastIssuance: '2026-05-14',
    source:
      'Sectigo FAQ "client authentication EKU deprecation": off by default 2025-09-15, cut-off 2026-05-15 (resellers report 2026-10-31 or 2027-02-10: sources conflict)',
  },
  {
    ca: 'Sectigo (USERTrust)',
    match: { issuer: 'USERTrust' },
    lastIssuance: '2026-05-14',
    source: 'Sectigo FAQ (as Sectigo above): the USERTrust roots are Sectigo hierarchies',
  },
  {
    ca: "Let's Encrypt",
    match: { issuer: "Let's Encrypt" },
    lastIssuance: '2026-07-07',
    source:
      "Let's Encrypt: the default classic profile dropped clientAuth 2026-02-11; the tlsclient profile ends 2026-07-08",
  },
  {
    ca: 'Certum',
    match: { issuer: 'Certum' },
    lastIssuance: '2026-05-14',
    source: 'Certum: clientAuth until 2026-05-15',
  },
];

/** The built-in table with the configuration's entries: same match replaces, a new match adds. */
export function sunsetTable(configured: readonly SunsetEntry[] | undefined): SunsetEntry[] {
  const key = (m: SunsetMatch) =>
    JSON.stringify([
      m.issuer?.toLowerCase() ?? null,
      m.authorityKeyId ? normaliseKeyId(m.authorityKeyId) : null,
      m.publicRoot ?? false,
    ]);
  const table = new Map(CLIENT_AUTH_SUNSET.map((e) => [key(e.match), e]));
  for (const entry of configured ?? []) table.set(key(entry.match), entry);
  return [...table.values()];
}

/** What the chain shows of a certificate's issuing hierarchy. */
export interface Hierarchy {
  /** Names of the CAs: the leaf's issuer and the subjects of the chain above it. */
  names: string[];
  /** DER of the certificates of the chain (leaf first), for key identifiers; empty without bytes. */
  der: Uint8Array[];
  endsAtPublicRoot: boolean;
}

/**
 * The entry that ends clientAuth first for this hierarchy (several may apply: a CA's own date and
 * the Chrome rule for every public hierarchy), or undefined.
 */
export function sunsetFor(hierarchy: Hierarchy, table: readonly SunsetEntry[]): SunsetEntry | undefined {
  const names = hierarchy.names.map((n) => n.toLowerCase());
  let keyIds: Set<string> | undefined;
  const matches = (m: SunsetMatch): boolean => {
    if (m.publicRoot && !hierarchy.endsAtPublicRoot) return false;
    if (m.issuer !== undefined && !names.some((n) => n.includes((m.issuer as string).toLowerCase())))
      return false;
    if (m.authorityKeyId !== undefined) {
      keyIds ??= new Set(hierarchy.der.map(authorityKeyIdOf).filter((k): k is string => k !== undefined));
      if (!keyIds.has(normaliseKeyId(m.authorityKeyId))) return false;
    }
    return m.publicRoot === true || m.issuer !== undefined || m.authorityKeyId !== undefined;
  };
  return table
    .filter((e) => matches(e.match))
    .sort((a, b) => a.lastIssuance.localeCompare(b.lastIssuance))[0];
}

/** First instant (ms) without clientAuth: the day after the last issuance, 00:00 UTC. */
export function sunsetInstant(entry: SunsetEntry): number {
  return Date.parse(`${entry.lastIssuance}T00:00:00Z`) + 86_400_000;
}
