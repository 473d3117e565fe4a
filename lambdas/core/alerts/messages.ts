/**
 * What every alert says: a full e-mail (what breaks, who owns it, the forecast, the runbook), an
 * SMS that fits one 160-character GSM segment, and the same facts cut short (headline, details,
 * next steps) that the chat and webhook renderers of the channel table (./channels) shape. Each
 * channel's body is then one entry of `RenderedAlert.messages`. Everything a source wrote (error
 * messages, names) passes through `redactSecrets`.
 */
import type { CertificateOwners, NodeKind, ProbeOutcome, ProbeResult, SourceStatus } from '../model';
import { opensslReason } from '../openssl-reason';
import type { Report, ReportCertificate } from '../report/model';
import { formatUtc } from './calendar';
import { CHANNEL_IDS, CHANNELS } from './channels';
import type {
  Alert,
  AlertContent,
  DigestAlert,
  MonitorAlert,
  ProbeAlert,
  RenderedAlert,
  RotatedAlert,
  TierAlert,
} from './model';
import { ownerAddresses } from './owners';
import { type Runbook, runbooksFor } from './runbooks';

/** SNS: subjects must be under 100 characters, one line. */
export const SUBJECT_MAX = 99;
/** One GSM-7 SMS segment. */
export const SMS_MAX = 160;
const PREFIX = '[Cert Sentinel]';

/** Removes what looks like key material or a credential, wherever it came from. */
export function redactSecrets(text: string): string {
  return (
    text
      .replace(/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, '[redacted PEM block]')
      // Schemes first, so `Authorization: Bearer x` loses the token and not just the word Bearer.
      .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]')
      // JWTs (header.payload.signature, base64url JSON starting with {")
      .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[redacted JWT]')
      .replace(
        /\b(password|passphrase|passwd|secret|token|api[_-]?key|access[_-]?token|client[_-]?secret)(\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s"',;)]+)/gi,
        '$1$2[redacted]',
      )
  );
}

const oneLine = (text: string): string =>
  text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Drops the optional lines that are absent (false, null, undefined). */
const present = (lines: Array<string | false | null | undefined>): string[] =>
  lines.filter((line): line is string => typeof line === 'string');

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 3)}...`;

/** SMS stays in plain ASCII: one non-GSM character turns a 160-character segment into a 70-character one. */
const smsSafe = (text: string): string => oneLine(text).replace(/[^\x20-\x7e]/g, '?');

/** Adds optional parts in order while they fit; the head is clipped if it alone is too long. */
function fitSms(head: string, optional: string[]): string {
  let text = clip(smsSafe(head), SMS_MAX);
  for (const part of optional) {
    if (part === '') continue;
    const candidate = `${text} ${smsSafe(part)}`;
    if (candidate.length <= SMS_MAX) text = candidate;
  }
  return text;
}

function subjectLine(text: string): string {
  return clip(oneLine(redactSecrets(text)), SUBJECT_MAX);
}

function daysPhrase(certificate: ReportCertificate): string {
  const d = certificate.daysRemaining;
  if (certificate.tier === 'expired' || d < 0) {
    if (d >= -1) return 'expired today';
    return `expired ${-d} days ago`;
  }
  if (d === 0) return 'expires today';
  return d === 1 ? 'expires in 1 day' : `expires in ${d} days`;
}

const NODE_LABELS: Partial<Record<NodeKind, string>> = {
  'named-credential': 'Named Credential',
  'external-credential': 'External Credential',
  'connected-app': 'Connected App',
  'saml-sso': 'SAML SSO setting',
  'identity-provider': 'Identity provider',
  'apex-class': 'Apex class',
  'integration-user': 'Integration user',
  'partner-secret': 'Partner secret',
  'probe-target': 'Probe target',
  'external-system': 'External system',
  user: 'User',
  'external-client-app': 'External Client App',
  'external-data-source': 'External data source',
  'public-key-set': 'Public key certificate set',
  'certificate-pin': 'Mobile certificate pin',
  certificate: 'Certificate',
  org: 'Org',
  owner: 'Owner',
};

const VIA_LABELS: Record<string, string> = {
  'client-certificate': 'presents it as mTLS client certificate',
  'mutual-auth': 'must present a matching client certificate',
  'jwt-signing': 'signs JWT assertions with it',
  saml: 'SAML signing/encryption',
  'jwt-validation': 'validates incoming JWTs with it',
  'server-certificate': 'serves it',
  references: 'names it',
  'copy-of': 'holds a copy',
  'connects-to': 'connects through it',
  authenticates: 'authenticates with it',
};

const KIND_LABELS: Record<ReportCertificate['kind'], string> = {
  'org-certificate': 'Salesforce org certificate',
  'mutual-auth': 'inbound mutual authentication certificate (port 8443)',
  'connected-app': 'Connected App JWT certificate',
  saml: 'SAML certificate',
  'user-auth': 'user authentication certificate',
  'jwt-validation': "partner's JWT signing certificate (validates incoming JWTs)",
  'partner-client': "partner's mTLS client certificate",
  server: "partner's server certificate",
  file: 'certificate file',
};

/** Blast radius lines: the dependents, plus the integration user and external system when the graph had none. */
export function blastRadius(certificate: ReportCertificate): string[] {
  const lines = certificate.dependents.map(
    (d) => `${NODE_LABELS[d.kind] ?? d.kind} "${d.label}" (${VIA_LABELS[d.via] ?? d.via})`,
  );
  const mentions = (kind: NodeKind, label: string) =>
    certificate.dependents.some((d) => d.kind === kind && d.label === label);
  if (certificate.integrationUser && !mentions('integration-user', certificate.integrationUser)) {
    lines.push(`Integration user "${certificate.integrationUser}"`);
  }
  if (certificate.externalSystem && !mentions('external-system', certificate.externalSystem)) {
    lines.push(`External system "${certificate.externalSystem}"`);
  }
  return lines;
}

function ownerLines(owner?: string, partnerOwner?: string): string[] {
  return [
    `  Salesforce side: ${owner ?? 'not recorded (set certificates.<name>.owner in the configuration)'}`,
    `  Partner side:    ${partnerOwner ?? 'not recorded (set certificates.<name>.partnerOwner)'}`,
  ];
}

function forecastLines(certificate: ReportCertificate, report: Report): string[] {
  const year = new Date(report.now).getUTCFullYear();
  const count = (byYear: { year: number; rotations: number }[], y: number) =>
    byYear.find((c) => c.year === y)?.rotations ?? 0;
  const lines = [
    `  This certificate: ${count(certificate.forecast, year)} rotation(s) in ${year}, ${count(certificate.forecast, year + 1)} in ${year + 1}`,
  ];
  const org = certificate.org ? report.forecast.byOrg.find((g) => g.key === certificate.org) : undefined;
  if (org) {
    lines.push(
      `  Org ${org.key}: ${count(org.byYear, year)} rotation(s) in ${year}, ${count(org.byYear, year + 1)} in ${year + 1} (CA/Browser Forum SC-081 lifetimes)`,
    );
  }
  return lines;
}

function renderRunbook(runbook: Runbook): string[] {
  const lines = [
    `Rotation runbook: ${runbook.title}${runbook.twoParty ? ' (two-party: both companies act, in this order)' : ''}`,
  ];
  runbook.steps.forEach((step, i) => {
    lines.push(`  ${i + 1}. [${step.actor}] ${step.action}`);
  });
  if (runbook.note) lines.push(`  Note: ${runbook.note}`);
  return lines;
}

function certificateFacts(certificate: ReportCertificate): string[] {
  const facts: Array<[string, string | null]> = [
    ['Certificate', `${certificate.name} (${KIND_LABELS[certificate.kind]})`],
    ['Org', certificate.org],
    ['External system', certificate.externalSystem],
    [
      'Expires',
      `${formatUtc(certificate.notAfter, certificate.expiryPrecision)} (${daysPhrase(certificate)})`,
    ],
    ['Tier', certificate.tier],
    ['Subject', certificate.subject],
    ['Issuer', certificate.issuer],
    ['Serial', certificate.serialNumber],
    ['SHA-256', certificate.fingerprintSha256],
    ['Source', certificate.source],
    [
      'clientAuth ends',
      certificate.clientAuthSunset
        ? `${certificate.clientAuthSunset.lastIssuance} (${certificate.clientAuthSunset.ca}): the renewal on ${formatUtc(certificate.clientAuthSunset.migrationRenewal, 'day')} is a migration`
        : null,
    ],
  ];
  return facts.filter(([, v]) => v !== null && v !== '').map(([k, v]) => `${`${k}:`.padEnd(17)}${v}`);
}

function certificateBody(certificate: ReportCertificate, report: Report, opening: string[]): string {
  const radius = blastRadius(certificate);
  const lines = [
    ...opening,
    '',
    ...certificateFacts(certificate),
    '',
    'What breaks when it expires (blast radius):',
    ...(radius.length > 0
      ? radius.map((l) => `  - ${l}`)
      : ['  - nothing recorded: find its users before it expires']),
    '',
    'Owners:',
    ...ownerLines(certificate.owners.owner, certificate.owners.partnerOwner),
    '',
    'Forecast:',
    ...forecastLines(certificate, report),
  ];
  for (const runbook of runbooksFor(certificate)) lines.push('', ...renderRunbook(runbook));
  lines.push('', `Report generated ${formatUtc(report.generatedAt)}. Sent by Cert Sentinel.`);
  return lines.join('\n');
}

/** What each kind's renderer returns; renderAlert adds what is common to all. */
type Body = Pick<AlertContent, 'subject' | 'email' | 'sms' | 'headline' | 'details' | 'nextSteps' | 'facts'>;

function shortOwners(owners: CertificateOwners | undefined): string {
  const named = [
    owners?.owner && `ours ${owners.owner}`,
    owners?.partnerOwner && `partner ${owners.partnerOwner}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `Owners: ${named || 'not recorded'}`;
}

function shortRadius(certificate: ReportCertificate): string {
  const radius = blastRadius(certificate);
  if (radius.length === 0) return 'Breaks: nothing recorded (find its users before it expires)';
  const shown = radius.slice(0, 3).join('; ');
  return `Breaks: ${shown}${radius.length > 3 ? `; and ${radius.length - 3} more` : ''}`;
}

function runbookSteps(certificate: ReportCertificate): string[] {
  return runbooksFor(certificate).flatMap((runbook) =>
    runbook.steps.map((step, i) => `${i + 1}. [${step.actor}] ${step.action}`),
  );
}

function certificateFactsFor(c: ReportCertificate): AlertContent['facts'] {
  return {
    certificateId: c.id,
    certificateName: c.name,
    org: c.org,
    externalSystem: c.externalSystem,
    tier: c.tier,
    notAfter: c.notAfter,
    daysRemaining: c.daysRemaining,
    fingerprintSha256: c.fingerprintSha256,
    twoParty: c.twoParty,
    dependents: c.dependents.length,
  };
}

function certificateDetails(c: ReportCertificate): string[] {
  return [
    `Expires ${formatUtc(c.notAfter, c.expiryPrecision)} (${daysPhrase(c)}), tier ${c.tier}`,
    shortRadius(c),
    shortOwners(c.owners),
  ];
}

const SHOUT: Record<string, string> = {
  notice: 'NOTICE',
  warning: 'WARNING',
  critical: 'CRITICAL',
  expired: 'EXPIRED',
};

function smsOwners(certificate: ReportCertificate): string[] {
  const { owner, partnerOwner } = certificate.owners;
  return [owner ? `Owner: ${owner}.` : '', partnerOwner ? `Partner: ${partnerOwner}.` : ''].filter(Boolean);
}

function smsBreaks(certificate: ReportCertificate): string {
  const first = certificate.dependents[0];
  if (!first) return '';
  const more = certificate.dependents.length - 1;
  return `Breaks: ${clip(first.label, 40)}${more > 0 ? ` +${more}` : ''}.`;
}

function renderTier(alert: TierAlert, report: Report): Body {
  const c = alert.certificate;
  const shout = SHOUT[alert.severity];
  const where = c.org ? ` (${c.org})` : '';
  const subject = subjectLine(`${PREFIX} ${shout}: ${clip(c.name, 48)}${where} ${daysPhrase(c)}`);
  const why = alert.repeat
    ? `Reminder: still ${alert.severity}. It repeats every day until the certificate is replaced or removed.`
    : alert.previousTier && alert.previousTier !== 'ok'
      ? `It moved from ${alert.previousTier} to ${alert.severity}.`
      : `It entered the ${alert.severity} tier.`;
  const email = certificateBody(
    c,
    report,
    present([
      `${shout}: certificate "${c.name}"${where} ${daysPhrase(c)}.`,
      why,
      c.twoParty && 'Renewing it is a two-company event: schedule it with the partner owner now.',
    ]),
  );
  const sms = fitSms(
    `CertSentinel ${shout}: ${clip(c.name, 40)}${c.org ? ` (${clip(c.org, 20)})` : ''} ${daysPhrase(c)} (${formatUtc(c.notAfter, 'day')}).`,
    [smsBreaks(c), ...smsOwners(c)],
  );
  return {
    subject,
    email,
    sms,
    headline: `${shout}: ${c.name}${where} ${daysPhrase(c)}`,
    details: [why, ...certificateDetails(c)],
    nextSteps: runbookSteps(c),
    facts: { ...certificateFactsFor(c), repeat: alert.repeat, previousTier: alert.previousTier },
  };
}

function renderRotated(alert: RotatedAlert, report: Report): Body {
  const c = alert.certificate;
  const where = c.org ? ` (${c.org})` : '';
  const subject = subjectLine(
    `${PREFIX} ROTATED: ${clip(c.name, 50)}${where} now expires ${formatUtc(c.notAfter, 'day')}`,
  );
  const email = certificateBody(c, report, [
    `ROTATED: certificate "${c.name}"${where} was replaced.`,
    `Before: expiry ${formatUtc(alert.previous.notAfter)}, tier ${alert.previous.tier}${alert.previous.fingerprintSha256 ? `, SHA-256 ${alert.previous.fingerprintSha256}` : ''}.`,
    `Now:    expiry ${formatUtc(c.notAfter, c.expiryPrecision)} (${daysPhrase(c)}), tier ${c.tier}.`,
    'Its alert history starts again. Check the last steps of the runbook below are done (old certificate removed on both sides).',
  ]);
  const sms = fitSms(
    `CertSentinel ROTATED: ${clip(c.name, 40)}${c.org ? ` (${clip(c.org, 20)})` : ''} now ${daysPhrase(c)}.`,
    [`Tier ${c.tier}.`],
  );
  return {
    subject,
    email,
    sms,
    headline: `ROTATED: ${c.name}${where} now expires ${formatUtc(c.notAfter, 'day')}`,
    details: [
      `Before: expiry ${formatUtc(alert.previous.notAfter)}, tier ${alert.previous.tier}`,
      ...certificateDetails(c),
    ],
    nextSteps: ['Check the last steps of the runbook are done: the old certificate removed on both sides.'],
    facts: {
      ...certificateFactsFor(c),
      previousNotAfter: alert.previous.notAfter,
      previousFingerprintSha256: alert.previous.fingerprintSha256,
    },
  };
}

const OUTCOME_HINTS: Record<ProbeOutcome, string> = {
  OK: 'The mutual-TLS handshake works again.',
  CLIENT_CERT_EXPIRED:
    'The server rejected our client certificate as expired: rotate it now (runbook below).',
  CLIENT_CERT_REJECTED: 'The server does not trust our client certificate (unknown CA or not uploaded).',
  CLIENT_CERT_REQUIRED:
    'The server asked for a client certificate and got none: check the probe configuration.',
  CLIENT_CERT_UNAVAILABLE:
    'The probe could not load our client certificate (secret unreadable, wrong password or no key pair), so no handshake was tried.',
  SERVER_CERT_EXPIRED: "The partner's server certificate has expired: the partner must renew it.",
  SERVER_CERT_NOT_YET_VALID: "The partner's server certificate is not valid yet (clock or early deployment).",
  SERVER_CERT_UNTRUSTED:
    "The partner's server certificate does not chain to a trusted CA (incomplete chain or self-signed).",
  HOSTNAME_MISMATCH: "The partner's server certificate does not name this host.",
  MTLS_NOT_ENFORCED:
    'The server accepted the connection without any client certificate: mutual TLS is not enforced.',
  CLIENT_CERT_NOT_CHECKED:
    'The server accepted our expired (or not yet valid) client certificate: it does not check client certificates.',
  DNS_FAILURE: 'The host name does not resolve: check the name and DNS.',
  CONNECTION_REFUSED: 'Nothing listens on this port: the endpoint is down or moved.',
  TIMEOUT: 'No answer in time: network path, firewall or a silent server.',
  NOT_TLS: 'The port does not speak TLS.',
  PROTOCOL_ERROR: 'The TLS handshake failed for another reason (see the error).',
};

function probeCertificates(probe: ProbeResult, report: Report): ReportCertificate[] {
  const fingerprints = [
    probe.clientCertificate?.fingerprintSha256,
    probe.serverCertificate?.fingerprintSha256,
  ].filter((f): f is string => Boolean(f));
  return report.certificates.filter(
    (c) => c.fingerprintSha256 !== null && fingerprints.includes(c.fingerprintSha256),
  );
}

/** A probe named by a partner secret carries no owners itself: its certificates' owners apply. */
function probeOwners(p: ProbeResult, report: Report): CertificateOwners {
  const involved = probeCertificates(p, report);
  return {
    owner: p.owners?.owner ?? involved.find((c) => c.owners.owner)?.owners.owner,
    partnerOwner: p.owners?.partnerOwner ?? involved.find((c) => c.owners.partnerOwner)?.owners.partnerOwner,
    ...(p.owners?.notify ? { notify: p.owners.notify } : {}),
  };
}

function renderProbe(alert: ProbeAlert, report: Report): Body {
  const p = alert.probe;
  const involved = probeCertificates(p, report);
  const owners = probeOwners(p, report);
  const endpoint = `${p.host}:${p.port}`;
  const failed = alert.severity === 'probe-failure';
  const label = failed ? 'PROBE FAILURE' : 'PROBE RECOVERED';
  // Targets without a configured name are called host:port already: say it once.
  const named = p.target !== endpoint;
  const where = named ? `${clip(p.target, 40)} (${clip(endpoint, 40)})` : clip(endpoint, 60);
  const subject = subjectLine(`${PREFIX} ${label}: ${where} ${p.outcome}`);
  const lines = present([
    `${label}: mutual-TLS handshake with ${named ? `${p.target} (${endpoint})` : endpoint} ${failed ? `failed: ${p.outcome}` : 'works again'}.`,
    alert.repeat && 'Reminder: it still fails. It repeats every day until the handshake works.',
    alert.previousOutcome &&
      alert.previousOutcome !== p.outcome &&
      `Previous outcome: ${alert.previousOutcome}.`,
    OUTCOME_HINTS[p.outcome],
    '',
    `${'Checked at:'.padEnd(17)}${formatUtc(p.checkedAt)}`,
    p.org && `${'Org:'.padEnd(17)}${p.org}`,
    p.externalSystem && `${'External system:'.padEnd(17)}${p.externalSystem}`,
    p.error &&
      `${'Error:'.padEnd(17)}${redactSecrets(oneLine(`${p.error.code ?? ''} ${opensslReason(p.error.message)}`))}`,
    p.clientCertificate &&
      `${'Client cert:'.padEnd(17)}${p.clientCertificate.subject}, expires ${formatUtc(p.clientCertificate.notAfter)}`,
    p.serverCertificate &&
      `${'Server cert:'.padEnd(17)}${p.serverCertificate.subject}, expires ${formatUtc(p.serverCertificate.notAfter)}`,
    '',
    'Owners:',
    ...ownerLines(owners.owner, owners.partnerOwner),
  ]);
  if (failed) {
    for (const certificate of involved) {
      lines.push('', `Certificate involved: ${certificate.name} (${daysPhrase(certificate)})`);
      for (const runbook of runbooksFor(certificate)) lines.push(...renderRunbook(runbook));
    }
  }
  lines.push('', 'Verify with `cert-sentinel probe`. Sent by Cert Sentinel.');
  const email = lines.join('\n');
  const sms = fitSms(
    `CertSentinel ${label}: ${named ? `${clip(p.target, 40)} ${clip(endpoint, 45)}` : clip(endpoint, 60)} ${p.outcome}.`,
    [p.owners?.partnerOwner ? `Partner: ${p.owners.partnerOwner}` : ''],
  );
  return {
    subject,
    email,
    sms,
    headline: `${label}: ${named ? `${p.target} (${endpoint})` : endpoint} ${p.outcome}`,
    details: present([
      OUTCOME_HINTS[p.outcome],
      p.error &&
        `Error: ${redactSecrets(oneLine(`${p.error.code ?? ''} ${opensslReason(p.error.message)}`))}`,
      shortOwners(owners),
    ]),
    nextSteps: failed
      ? [...involved.flatMap(runbookSteps), 'Verify with `cert-sentinel probe`.']
      : ['Nothing to do: the handshake works again.'],
    facts: {
      target: p.target,
      host: p.host,
      port: p.port,
      outcome: p.outcome,
      previousOutcome: alert.previousOutcome,
      checkedAt: p.checkedAt,
      org: p.org ?? null,
      externalSystem: p.externalSystem ?? null,
      repeat: alert.repeat,
    },
  };
}

function renderMonitor(alert: MonitorAlert): Body {
  const s: SourceStatus = alert.source;
  const subject = subjectLine(`${PREFIX} MONITOR FAILURE: source ${clip(s.name, 50)} ${s.status}`);
  const email = present([
    `MONITOR FAILURE: the ${s.kind} source "${s.name}" is ${s.status}.`,
    alert.repeat && 'Reminder: it has not recovered.',
    s.error && `Error: ${redactSecrets(oneLine(s.error))}`,
    `Certificates read from it this scan: ${s.certificates}.`,
    '',
    'Certificates from this source are not being watched while it fails. Their alert state is kept:',
    'nothing is resolved until the source succeeds again. Check its credentials, permissions and API limits.',
    '',
    'Sent by Cert Sentinel.',
  ]).join('\n');
  const sms = fitSms(`CertSentinel MONITOR FAILURE: ${clip(s.name, 60)} ${s.status}.`, []);
  return {
    subject,
    email,
    sms,
    headline: `MONITOR FAILURE: ${s.kind} source ${s.name} is ${s.status}`,
    details: present([
      s.error && `Error: ${redactSecrets(oneLine(s.error))}`,
      `Certificates read: ${s.certificates}`,
    ]),
    nextSteps: ["Check the source's credentials, permissions and API limits."],
    facts: { source: s.name, kind: s.kind, status: s.status, repeat: alert.repeat },
  };
}

function renderDigest(alert: DigestAlert): Body {
  const count = (tier: string) => alert.upcoming.filter((c) => c.tier === tier).length;
  const soonest = alert.upcoming[0];
  const whose = alert.owner ? ` for ${alert.owner}` : '';
  const subject = subjectLine(
    `${PREFIX} Weekly digest ${alert.week}${whose}: ${alert.upcoming.length} upcoming${soonest ? `, soonest ${clip(soonest.name, 30)} ${daysPhrase(soonest)}` : ''}`,
  );
  const lines = [
    `Cert Sentinel weekly digest${whose}, ${alert.week} (as of ${formatUtc(alert.now)}).`,
    ...(alert.owner ? ['Only the certificates and handshakes you own or are named on.'] : []),
    '',
  ];
  const ownersOf = (c: ReportCertificate) =>
    [c.owners.owner, c.owners.partnerOwner].filter(Boolean).join(' / ') || 'no owner recorded';
  const line = (c: ReportCertificate) =>
    `  - ${c.tier.padEnd(8)} ${formatUtc(c.notAfter, 'day')}  ${c.name}${c.org ? ` (${c.org})` : ''}: ${daysPhrase(c)}; ${c.dependents.length} dependent(s); ${ownersOf(c)}`;
  if (alert.upcoming.length === 0) {
    lines.push(
      alert.owner ? 'Nothing of yours expires soon.' : 'Nothing expires soon. The monitor is running.',
    );
  } else {
    lines.push(`Upcoming (not ok, or expiring within 60 days): ${alert.upcoming.length}`);
    for (const c of alert.upcoming) lines.push(line(c));
  }
  if (alert.snoozes.length > 0) {
    lines.push('', 'Snoozed (repeats silenced; each certificate is still listed above):');
    for (const z of alert.snoozes) {
      const state = z.active ? `until ${z.until}` : `ended early (${z.ended}); was until ${z.until}`;
      lines.push(`  - ${z.certificate} ${state}, by ${z.by}: ${z.reason}`);
    }
  }
  if (!alert.owner && alert.byOwner.length > 0) {
    lines.push('', 'By owner (each also receives their own digest when subscribed):');
    for (const group of alert.byOwner) {
      lines.push(`  ${group.owner}: ${group.certificates.join(', ')}`);
    }
  }
  if (alert.failingProbes.length > 0) {
    lines.push('', 'Failing handshakes:');
    for (const p of alert.failingProbes) lines.push(`  - ${p.target} (${p.host}:${p.port}): ${p.outcome}`);
  }
  if (alert.failedSources.length > 0) {
    lines.push('', 'Sources not fully read:');
    for (const s of alert.failedSources) lines.push(`  - ${s.name}: ${s.status}`);
  }
  if (alert.migrations.length > 0) {
    lines.push('', 'clientAuth migrations (renewals that come back without the Client Authentication EKU):');
    for (const c of alert.migrations) {
      const sunset = c.clientAuthSunset;
      if (!sunset) continue;
      const owners =
        [c.owners.owner, c.owners.partnerOwner].filter(Boolean).join(' / ') || 'no owner recorded';
      lines.push(
        `  - ${c.name}${c.org ? ` (${c.org})` : ''}: ${sunset.ca} issues clientAuth until ${sunset.lastIssuance}; renewal ${formatUtc(sunset.migrationRenewal, 'day')}; ${owners}`,
      );
    }
    lines.push(
      '  Each is a two-company change of CA: see the clientAuth migration runbook in its alert and docs/trust.md.',
    );
  }
  if (!alert.owner) {
    lines.push('', 'Rotations forecast by year (SC-081 lifetimes):');
    for (const y of alert.forecast)
      lines.push(`  ${y.year}: ${y.rotations} rotation(s), ${y.twoPartyRotations} of them two-party`);
  }
  lines.push('', 'Sent by Cert Sentinel.');
  const email = lines.join('\n');
  const sms = fitSms(
    `CertSentinel weekly ${alert.week}: ${alert.upcoming.length} upcoming (${count('expired')} expired, ${count('critical')} critical, ${count('warning')} warning).`,
    [soonest ? `Soonest: ${clip(soonest.name, 40)} ${daysPhrase(soonest)}.` : ''],
  );
  return {
    subject,
    email,
    sms,
    headline: `Weekly digest ${alert.week}${whose}: ${alert.upcoming.length} upcoming`,
    details: [
      `${count('expired')} expired, ${count('critical')} critical, ${count('warning')} warning, ${count('notice')} notice`,
      ...alert.upcoming
        .slice(0, 10)
        .map((c) => `${c.tier} ${formatUtc(c.notAfter, 'day')} ${c.name}: ${daysPhrase(c)}`),
      ...(alert.upcoming.length > 10
        ? [`and ${alert.upcoming.length - 10} more (see the e-mail or the report)`]
        : []),
      ...(alert.failingProbes.length > 0 ? [`${alert.failingProbes.length} failing handshake(s)`] : []),
      ...(alert.failedSources.length > 0 ? [`${alert.failedSources.length} source(s) not fully read`] : []),
      ...alert.snoozes.map((z) => `Snoozed: ${z.certificate} until ${z.until} by ${z.by} (${z.reason})`),
    ],
    nextSteps: soonest ? [`Schedule the rotation of ${soonest.name} (${daysPhrase(soonest)}).`] : [],
    facts: {
      week: alert.week,
      owner: alert.owner ?? null,
      upcoming: alert.upcoming.length,
      expired: count('expired'),
      critical: count('critical'),
      warning: count('warning'),
      notice: count('notice'),
      failingProbes: alert.failingProbes.length,
      failedSources: alert.failedSources.length,
      snoozes: alert.snoozes.length,
    },
  };
}

function orgOf(alert: Alert): string | undefined {
  switch (alert.type) {
    case 'tier':
    case 'rotated':
      return alert.certificate.org ?? undefined;
    case 'probe':
      return alert.probe.org;
    default:
      return undefined;
  }
}

/** Message attribute values: short and printable (SNS filter policies match them exactly). */
const attributeValue = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : clip(oneLine(value), 256);

/** Who an alert concerns: the owners of its certificate or probe, or the one owner of an owner digest. */
function ownersOf(alert: Alert, report: Report): string[] {
  switch (alert.type) {
    case 'tier':
    case 'rotated':
      return ownerAddresses(alert.certificate.owners);
    case 'probe':
      return ownerAddresses(probeOwners(alert.probe, report));
    case 'digest':
      return alert.owner ? [alert.owner] : [];
    default:
      return [];
  }
}

export function renderAlert(alert: Alert, report: Report): RenderedAlert {
  const body =
    alert.type === 'tier'
      ? renderTier(alert, report)
      : alert.type === 'rotated'
        ? renderRotated(alert, report)
        : alert.type === 'probe'
          ? renderProbe(alert, report)
          : alert.type === 'monitor'
            ? renderMonitor(alert)
            : renderDigest(alert);
  const owners = ownersOf(alert, report);
  const content: AlertContent = {
    severity: alert.severity,
    key: alert.key,
    subject: body.subject,
    email: redactSecrets(body.email),
    sms: clip(redactSecrets(body.sms), SMS_MAX),
    headline: oneLine(redactSecrets(body.headline)),
    details: body.details.map((d) => oneLine(redactSecrets(d))),
    nextSteps: body.nextSteps.map((d) => oneLine(redactSecrets(d))),
    owners,
    facts: Object.fromEntries(
      Object.entries(body.facts).map(([k, v]) => [k, typeof v === 'string' ? redactSecrets(v) : v]),
    ),
    at: report.now,
  };
  const certificate = alert.type === 'tier' || alert.type === 'rotated' ? alert.certificate.id : undefined;
  const attributes: RenderedAlert['attributes'] = { severity: alert.severity };
  const org = attributeValue(orgOf(alert));
  if (org) attributes.org = org;
  const certificateAttribute = attributeValue(certificate);
  if (certificateAttribute) attributes.certificate = certificateAttribute;
  if (owners.length > 0) attributes.owners = owners;
  const messages = { default: content.email } as RenderedAlert['messages'];
  for (const id of CHANNEL_IDS) messages[id] = CHANNELS[id].render(content);
  return { severity: alert.severity, key: alert.key, subject: body.subject, messages, attributes };
}

/**
 * The ops message for channel destinations (chat topics, webhooks) that did not accept alerts this
 * run. Those alerts did reach the alerts topic; this says which channel is broken.
 */
export function renderChannelFailure(errors: string[], report: Report): RenderedAlert {
  const shown = errors.slice(0, 20).map((e) => oneLine(redactSecrets(e)));
  const subject = subjectLine(`${PREFIX} CHANNEL FAILURE: ${errors.length} alert delivery(ies) not accepted`);
  const email = [
    `CHANNEL FAILURE: ${errors.length} delivery(ies) to chat or webhook destinations failed in the scan of ${formatUtc(report.now)}.`,
    'The alerts reached the alerts topic (e-mail, SMS); these destinations did not get them and will not be re-sent:',
    ...shown.map((e) => `  - ${e}`),
    ...(errors.length > shown.length ? [`  ... and ${errors.length - shown.length} more`] : []),
    '',
    'Check the destination (webhook URL secret, receiver status, chat channel configuration). Sent by Cert Sentinel.',
  ].join('\n');
  const content: AlertContent = {
    severity: 'monitor-failure',
    key: 'channels',
    subject,
    email,
    sms: fitSms(`CertSentinel CHANNEL FAILURE: ${errors.length} delivery(ies) failed.`, []),
    headline: `CHANNEL FAILURE: ${errors.length} delivery(ies) not accepted`,
    details: shown,
    nextSteps: ['Check the webhook URL secret, the receiver and the chat channel configuration.'],
    owners: [],
    facts: { failures: errors.length },
    at: report.now,
  };
  const messages = { default: email } as RenderedAlert['messages'];
  for (const id of CHANNEL_IDS) messages[id] = CHANNELS[id].render(content);
  return {
    severity: 'monitor-failure',
    key: 'channels',
    subject,
    messages,
    attributes: { severity: 'monitor-failure' },
  };
}
