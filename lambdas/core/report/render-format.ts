/**
 * Wording, ordering and number formatting shared by every report renderer, so that the terminal,
 * Markdown and HTML say the same thing the same way. Pure: no clock, no locale (dates are UTC and
 * written YYYY-MM-DD whatever the machine's settings).
 */
import type { CertificateOwners, Finding, FindingSeverity, NodeKind, SourceStatus, Tier } from '../model';
import { type LifetimeStep, maxLifetimeDaysAt, SC081_SCHEDULE } from '../schedule';
import type { Dependent, ReportCertificate } from './model';

/** Worst first: the order people triage in. */
export const TIERS_WORST_FIRST: readonly Tier[] = ['expired', 'critical', 'warning', 'notice', 'ok'];
export const SEVERITIES_WORST_FIRST: readonly FindingSeverity[] = ['critical', 'warning', 'info'];

/**
 * The SC-081 step that starts during `year`, if any. The report does not carry a configured
 * schedule, so renderers annotate the ballot's own.
 */
export function sc081StepStarting(year: number): LifetimeStep | undefined {
  return SC081_SCHEDULE.slice(1).find((step) => Number(step.from.slice(0, 4)) === year);
}

/** The maximum public lifetime in force at the end of `year`. */
export function sc081MaxDaysAtEndOf(year: number): number {
  return maxLifetimeDaysAt(new Date(Date.UTC(year, 11, 31)));
}

/**
 * Characters a terminal or a Markdown table would act on: controls (escape sequences, newlines)
 * and bidi overrides that reorder what a reader sees. Certificate fields are untrusted input.
 */
function isUnsafeCodePoint(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    (code >= 0x200e && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Replaces each unsafe character with a space, so text stays one harmless line. */
export function stripControls(text: string): string {
  return Array.from(text, (ch) => (isUnsafeCodePoint(ch.codePointAt(0) ?? 0) ? ' ' : ch)).join('');
}

/** Shown wherever a value is unknown, so that no `null` or `undefined` reaches a reader. */
export const UNKNOWN = '—';

function parseInstant(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-11-23`; an unparsable value is shown as given rather than as "Invalid Date". */
export function utcDate(iso: string): string {
  return parseInstant(iso)?.toISOString().slice(0, 10) ?? iso;
}

/** `2026-11-23 06:00 UTC`. */
export function utcDateTime(iso: string): string {
  const date = parseInstant(iso);
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : iso;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `15 Mar` for an ISO date: short enough to sit under a year on an axis. */
export function dayMonth(isoDate: string): string {
  const [, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return MONTHS[month - 1] ? `${day} ${MONTHS[month - 1]}` : isoDate;
}

/** The expiry date, with `~` when only the day is known (Salesforce ExpirationDate). */
export function expiryDate(certificate: Pick<ReportCertificate, 'notAfter' | 'expiryPrecision'>): string {
  const date = utcDate(certificate.notAfter);
  return certificate.expiryPrecision === 'day' ? `~${date}` : date;
}

/** `in 3 days`, `today`, `expired 2 days ago`: daysRemaining is rounded down, so 0 means under a day left. */
export function daysLeftPhrase(days: number): string {
  if (!Number.isFinite(days)) return UNKNOWN;
  if (days < 0) return `expired ${plural(-days, 'day')} ago`;
  if (days === 0) return 'expires today';
  return `in ${plural(days, 'day')}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Soonest expiry first; expired certificates lead (they keep counting). Ties by name, then id. */
export function byExpiry(certificates: readonly ReportCertificate[]): ReportCertificate[] {
  const time = (c: ReportCertificate) => parseInstant(c.notAfter)?.getTime() ?? Number.NEGATIVE_INFINITY;
  return [...certificates].sort(
    (a, b) => time(a) - time(b) || a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en'),
  );
}

const NODE_KIND_WORDS: Record<NodeKind, string> = {
  certificate: 'certificate',
  org: 'org',
  'named-credential': 'Named Credential',
  'external-credential': 'External Credential',
  'connected-app': 'Connected App',
  'saml-sso': 'SAML SSO',
  'identity-provider': 'identity provider',
  'apex-class': 'Apex class',
  'integration-user': 'integration user',
  'partner-secret': 'partner secret',
  'probe-target': 'probe target',
  'external-system': 'external system',
  user: 'user',
  'external-client-app': 'External Client App',
  'external-data-source': 'external data source',
  'public-key-set': 'public key certificate set',
  'certificate-pin': 'mobile certificate pin',
  owner: 'owner',
};

export function nodeKindWord(kind: NodeKind): string {
  return NODE_KIND_WORDS[kind] ?? kind;
}

/**
 * What stops working when the certificate expires. Owners and orgs are context, not breakage:
 * they have their own columns.
 */
export function blastRadius(certificate: ReportCertificate): Dependent[] {
  return certificate.dependents.filter((d) => d.kind !== 'owner' && d.kind !== 'org');
}

/** Words sources already use in labels for a kind ("secret partners/x", "probe host:8443"). */
const LABEL_KIND_WORDS: Partial<Record<NodeKind, string[]>> = {
  'partner-secret': ['secret'],
  'probe-target': ['probe'],
};

/**
 * `Named Credential Globex_Orders`. Some sources already name the kind in the label
 * (`SAML SSO Okta`, `acme-prod identity provider`); those are shown as they are, not doubled.
 */
export function dependentText(dependent: Dependent): string {
  const word = nodeKindWord(dependent.kind);
  const label = dependent.label.toLowerCase();
  const named = [word, ...(LABEL_KIND_WORDS[dependent.kind] ?? [])].some((w) =>
    label.includes(w.toLowerCase()),
  );
  return named ? dependent.label : `${word} ${dependent.label}`;
}

/** Both sides of the edge; a missing owner is spelled out because finding one is the point. */
export function ownersText(owners: CertificateOwners): string {
  if (!owners.owner && !owners.partnerOwner) return 'no owner';
  const ours = owners.owner ?? 'no owner';
  return owners.partnerOwner ? `${ours}; partner: ${owners.partnerOwner}` : ours;
}

/** `acme-prod ↔ Globex`: the two ends of the edge, whichever are known. */
export function orgPartnerText(certificate: Pick<ReportCertificate, 'org' | 'externalSystem'>): string {
  const ends = [certificate.org, certificate.externalSystem].filter((v): v is string => !!v);
  return ends.length > 0 ? ends.join(' ↔ ') : UNKNOWN;
}

const SOURCE_STATE_RANK: Record<SourceStatus['status'], number> = { failed: 0, partial: 1, ok: 2 };

/** Failed sources first, then partial ones: a monitor that cannot see is the loudest news. */
export function sourcesWorstFirst(sources: readonly SourceStatus[]): SourceStatus[] {
  return [...sources].sort(
    (a, b) =>
      (SOURCE_STATE_RANK[a.status] ?? 0) - (SOURCE_STATE_RANK[b.status] ?? 0) ||
      a.name.localeCompare(b.name, 'en'),
  );
}

/** Findings grouped by severity, worst first, empty groups left out. */
export function findingsBySeverity(
  findings: readonly Finding[],
): Array<{ severity: FindingSeverity; findings: Finding[] }> {
  return SEVERITIES_WORST_FIRST.map((severity) => ({
    severity,
    findings: findings.filter((f) => f.severity === severity),
  })).filter((group) => group.findings.length > 0);
}

export function latencyText(ms: number): string {
  return Number.isFinite(ms) ? `${Math.round(ms)} ms` : UNKNOWN;
}

/** `host:port` of a probe. */
export function endpointText(probe: { host: string; port: number }): string {
  return `${probe.host}:${probe.port}`;
}

/** Length of a bar for `value` when `max` fills `size`; any non-zero value stays visible. */
export function barLength(value: number, max: number, size: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.max(1, Math.round((value / max) * size));
}

/** A group's count for `year`, 0 when the forecast has no entry for it. */
export function rotationsIn(
  byYear: ReadonlyArray<{ year: number; rotations: number }>,
  year: number,
): number {
  return byYear.find((y) => y.year === year)?.rotations ?? 0;
}
