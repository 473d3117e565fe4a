/**
 * The report as GitHub-flavoured Markdown, for pasting into a ticket or a wiki page: tables, tier
 * words rather than emoji (they survive every tracker and screen reader), and every untrusted value
 * escaped so a certificate name cannot break a table or inject a link.
 */
import type { SourceStatus } from '../model';
import type { ForecastGroup, Report, ReportCertificate } from './model';
import {
  blastRadius,
  byExpiry,
  dayMonth,
  daysLeftPhrase,
  dependentText,
  endpointText,
  expiryDate,
  findingsBySeverity,
  latencyText,
  orgPartnerText,
  ownersText,
  plural,
  rotationsIn,
  sc081MaxDaysAtEndOf,
  sc081StepStarting,
  sourcesWorstFirst,
  stripControls,
  TIERS_WORST_FIRST,
  UNKNOWN,
  utcDate,
  utcDateTime,
} from './render-format';

/** Plain text in a table cell or a sentence: Markdown and HTML punctuation is backslash-escaped. */
function text(value: string): string {
  return stripControls(value).replace(/[\\`*_[\]<>|~&]/g, (ch) => `\\${ch}`);
}

/** Identifiers read best as code; a pipe still needs escaping inside a table. */
function code(value: string): string {
  const clean = stripControls(value);
  if (clean.includes('`') || clean.trim() === '') return text(clean);
  return `\`${clean.replace(/\|/g, '\\|')}\``;
}

function table(headers: string[], align: Array<'left' | 'right'>, rows: string[][]): string[] {
  const rule = align.map((a) => (a === 'right' ? '---:' : '---'));
  return [headers, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}

/** Worst tiers in bold capitals so they stand out in a rendered ticket without colour. */
function tierWord(tier: ReportCertificate['tier']): string {
  const word = tier.toUpperCase();
  return tier === 'expired' || tier === 'critical' ? `**${word}**` : word;
}

export function renderMarkdown(report: Report): string {
  const sections = [
    summarySection(report),
    certificateSection(report),
    findingSection(report),
    forecastSection(report),
    sourceSection(report),
    probeSection(report),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function summarySection(report: Report): string[] {
  const { summary } = report;
  const expired = summary.byTier.expired ?? 0;
  const facts = [
    plural(summary.certificates, 'certificate'),
    expired > 0 ? `${expired} expired` : '',
    summary.minDaysRemaining === null ? '' : `next expiry ${daysLeftPhrase(summary.minDaysRemaining)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const lines = ['# Cert Sentinel report', '', `Generated ${utcDateTime(report.generatedAt)}: ${facts}.`];
  const troubled = sourcesWorstFirst(report.sources).filter((s) => s.status !== 'ok');
  if (troubled.length > 0) {
    lines.push(
      '',
      `**This report is incomplete:** ${plural(troubled.length, 'source')} could not be read in full; the counts cover only what was read.`,
    );
    lines.push('');
    for (const source of troubled) {
      const label = source.status === 'failed' ? '**Source failed:**' : '**Source partial:**';
      lines.push(
        `> ${label} ${code(source.name)} (${text(source.kind)}): ${text(source.error ?? 'no reason given')}  `,
      );
    }
  }
  lines.push(
    '',
    ...table(
      ['Tier', 'Certificates'],
      ['left', 'right'],
      TIERS_WORST_FIRST.map((tier) => [tierWord(tier), String(summary.byTier[tier] ?? 0)]),
    ),
  );
  return lines;
}

function certificateRow(certificate: ReportCertificate): string[] {
  const breaks = blastRadius(certificate).map((d) => text(dependentText(d)));
  return [
    tierWord(certificate.tier),
    Number.isFinite(certificate.daysRemaining) ? String(certificate.daysRemaining) : UNKNOWN,
    expiryDate(certificate),
    text(certificate.name),
    certificate.kind,
    text(orgPartnerText(certificate)),
    text(ownersText(certificate.owners)),
    breaks.length > 0 ? breaks.join('; ') : UNKNOWN,
  ];
}

function certificateSection(report: Report): string[] {
  const certificates = byExpiry(report.certificates);
  if (certificates.length === 0) return ['## Certificates', '', 'No certificates found.'];
  return [
    '## Certificates',
    '',
    ...table(
      [
        'Tier',
        'Days left',
        'Expires (UTC)',
        'Name',
        'Kind',
        'Org / partner',
        'Owners',
        'Breaks when it expires',
      ],
      ['left', 'right', 'left', 'left', 'left', 'left', 'left', 'left'],
      certificates.map(certificateRow),
    ),
    '',
    'Soonest expiry first. `~` marks a date known only to the day.',
  ];
}

function findingSection(report: Report): string[] {
  const groups = findingsBySeverity(report.findings);
  if (groups.length === 0) return ['## Findings', '', 'None.'];
  const lines = ['## Findings'];
  for (const group of groups) {
    const title = group.severity[0].toUpperCase() + group.severity.slice(1);
    lines.push(
      '',
      `### ${title} (${group.findings.length})`,
      '',
      ...table(
        ['Code', 'Subject', 'Message'],
        ['left', 'left', 'left'],
        group.findings.map((f) => [code(f.code), code(f.subject), text(f.message)]),
      ),
    );
  }
  return lines;
}

function forecastSection(report: Report): string[] {
  const { forecast } = report;
  const lines = [
    '## Rotation forecast',
    '',
    `From ${utcDate(forecast.from)} to ${utcDate(forecast.horizon)}. A two-party rotation needs both companies.`,
  ];
  if (forecast.byYear.length === 0) return [...lines, '', 'No rotations forecast.'];
  lines.push(
    '',
    ...table(
      ['Year', 'Rotations', 'Two-party', 'SC-081 public lifetime'],
      ['left', 'right', 'right', 'left'],
      forecast.byYear.map((y) => {
        const step = sc081StepStarting(y.year);
        const limit = step
          ? `${step.maxDays} days from ${dayMonth(step.from)}`
          : `${sc081MaxDaysAtEndOf(y.year)} days`;
        return [String(y.year), String(y.rotations), String(y.twoPartyRotations), limit];
      }),
    ),
  );
  const years = forecast.byYear.map((y) => y.year);
  lines.push(...groupTable('Per org', 'Org', forecast.byOrg, years));
  lines.push(...groupTable('Per partner', 'Partner', forecast.byPartner, years));
  return lines;
}

function groupTable(title: string, keyHeader: string, groups: ForecastGroup[], years: number[]): string[] {
  if (groups.length === 0) return [];
  return [
    '',
    `### ${title}`,
    '',
    ...table(
      [keyHeader, ...years.map(String), 'Total'],
      ['left', ...years.map(() => 'right' as const), 'right'],
      groups.map((g) => [
        text(g.key),
        ...years.map((y) => String(rotationsIn(g.byYear, y))),
        String(g.total),
      ]),
    ),
  ];
}

function sourceStatusWord(status: SourceStatus['status']): string {
  return status === 'ok' ? 'ok' : `**${status.toUpperCase()}**`;
}

function sourceSection(report: Report): string[] {
  if (report.sources.length === 0) return ['## Sources', '', '**No sources: nothing was scanned.**'];
  return [
    '## Sources',
    '',
    ...table(
      ['Status', 'Source', 'Kind', 'Certificates', 'Requests', 'Error'],
      ['left', 'left', 'left', 'right', 'right', 'left'],
      sourcesWorstFirst(report.sources).map((s) => [
        sourceStatusWord(s.status),
        code(s.name),
        text(s.kind),
        String(s.certificates),
        s.requests === undefined ? UNKNOWN : String(s.requests),
        s.error ? text(s.error) : '',
      ]),
    ),
  ];
}

function probeSection(report: Report): string[] {
  if (report.probes.length === 0) return ['## Probes', '', 'None run.'];
  return [
    '## Probes',
    '',
    ...table(
      ['Outcome', 'Target', 'Endpoint', 'Latency', 'Checked (UTC)', 'Error'],
      ['left', 'left', 'left', 'right', 'left', 'left'],
      report.probes.map((p) => [
        p.outcome === 'OK' ? 'OK' : `**${p.outcome}**`,
        text(p.target),
        code(endpointText(p)),
        latencyText(p.latencyMs),
        utcDateTime(p.checkedAt).replace(' UTC', ''),
        p.error ? text(p.error.message) : '',
      ]),
    ),
  ];
}
