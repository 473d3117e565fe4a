/**
 * The terminal report: what someone reads at 11 pm to decide whether to wake a partner. Worst news
 * first (failed sources, expired and critical certificates), one line per certificate with what
 * breaks under it, then findings, the rotation forecast and the live handshakes. Colours are ANSI
 * and only ever an addition: every tier is also written as a word.
 */
import type { ProbeOutcome, SourceStatus, Tier } from '../model';
import type { ForecastGroup, Report, ReportCertificate } from './model';
import {
  barLength,
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
  sc081StepStarting,
  sourcesWorstFirst,
  stripControls,
  TIERS_WORST_FIRST,
  UNKNOWN,
  utcDate,
  utcDateTime,
} from './render-format';

export interface TableOptions {
  /** Emit ANSI colours (only when writing to a terminal that wants them). */
  color: boolean;
  /**
   * Terminal width in columns; long fields are truncated to fit. Without one (a file, a pipe)
   * nothing is cut: every field is written whole.
   */
  width?: number;
}

// Below this the fixed columns alone fill the line.
const MIN_WIDTH = 70;
const GAP = '  ';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
};

const TIER_STYLE: Record<Tier, string> = {
  expired: ANSI.bold + ANSI.red,
  critical: ANSI.red,
  warning: ANSI.yellow,
  notice: ANSI.cyan,
  ok: ANSI.green,
};

const SEVERITY_STYLE = { critical: ANSI.bold + ANSI.red, warning: ANSI.yellow, info: ANSI.cyan };

function length(text: string): number {
  return Array.from(text).length;
}

function truncate(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, Math.max(0, width)).join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}

function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - length(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Word-wraps prose (finding messages, source errors) that must be read whole, not cut. */
function wrap(text: string, width: number, indent: string): string[] {
  const room = Math.max(10, width - length(indent));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (const piece of chunk(word, room)) {
      if (line && length(line) + 1 + length(piece) > room) {
        lines.push(line);
        line = piece;
      } else {
        line = line ? `${line} ${piece}` : piece;
      }
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l);
}

function chunk(word: string, size: number): string[] {
  const chars = Array.from(word);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}

interface Column {
  header: string;
  align?: 'left' | 'right';
  /**
   * Flexible columns give up width when the row does not fit; the larger the weight, the longer a
   * column keeps its text (names matter more than the org/partner pair).
   */
  flex?: number;
}

/** Widths that fit `width`: fixed columns keep their natural width, flexible ones shrink to fit. */
function columnWidths(columns: Column[], rows: string[][], width: number): number[] {
  const widths = columns.map((column, i) =>
    Math.max(length(column.header), ...rows.map((r) => length(r[i]))),
  );
  const minFlex = 6;
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (columns.length - 1);
  while (total() > width) {
    let loosest = -1;
    const slack = (i: number) => widths[i] / (columns[i].flex ?? 1);
    columns.forEach((column, i) => {
      if (column.flex && widths[i] > minFlex && (loosest < 0 || slack(i) > slack(loosest))) loosest = i;
    });
    if (loosest < 0) break;
    widths[loosest] -= 1;
  }
  return widths;
}

/** Lays out rows as padded cells; `style` may colour a cell after padding so colour never shifts columns. */
function layout(
  columns: Column[],
  rows: string[][],
  width: number,
  style: (row: number, column: number, padded: string) => string = (_r, _c, padded) => padded,
): { header: string; lines: string[] } {
  const widths = columnWidths(columns, rows, width);
  const render = (cells: string[], rowIndex: number) =>
    cells
      .map((cell, i) => {
        // A left-aligned last column is not padded, so lines carry no trailing blanks.
        const last = i === cells.length - 1 && columns[i].align !== 'right';
        const padded = pad(truncate(cell, widths[i]), last ? 0 : widths[i], columns[i].align);
        return rowIndex < 0 ? padded : style(rowIndex, i, padded);
      })
      .join(GAP)
      .trimEnd();
  return {
    header: render(
      columns.map((c) => c.header),
      -1,
    ),
    lines: rows.map((cells, i) => render(cells, i)),
  };
}

export function renderTable(report: Report, options: TableOptions): string {
  const width =
    options.width === undefined ? Number.POSITIVE_INFINITY : Math.max(MIN_WIDTH, Math.floor(options.width));
  const paint = (text: string, style: string) => (options.color ? `${style}${text}${ANSI.reset}` : text);
  const heading = (text: string) => paint(text, ANSI.bold);
  const sections = [
    headerLines(report, width, paint),
    certificateLines(report, width, paint, heading),
    findingLines(report, width, paint, heading),
    forecastLines(report, width, heading),
    probeLines(report, width, paint, heading),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

type Paint = (text: string, style: string) => string;

function headerLines(report: Report, width: number, paint: Paint): string[] {
  const { summary } = report;
  const tiers = TIERS_WORST_FIRST.map((tier) => {
    const text = `${summary.byTier[tier] ?? 0} ${tier}`;
    return (summary.byTier[tier] ?? 0) > 0 ? paint(text, TIER_STYLE[tier]) : text;
  }).join(' · ');
  const expired = summary.byTier.expired ?? 0;
  const facts = [
    plural(summary.certificates, 'certificate'),
    expired > 0 ? `${expired} expired` : '',
    summary.minDaysRemaining === null ? '' : `next expiry ${daysLeftPhrase(summary.minDaysRemaining)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const incomplete = report.sources.filter((s) => s.status !== 'ok').length;
  const findings = findingsBySeverity(report.findings)
    .map((group) => paint(`${group.findings.length} ${group.severity}`, SEVERITY_STYLE[group.severity]))
    .join(' · ');
  const lines = [
    paint(`Cert Sentinel report · generated ${utcDateTime(report.generatedAt)}`, ANSI.bold),
    ...(incomplete > 0
      ? wrap(
          `!! THIS REPORT IS INCOMPLETE: ${plural(incomplete, 'source')} could not be read in full (below); the counts cover only what was read`,
          width,
          '',
        ).map((line) => paint(line, ANSI.bold + ANSI.red))
      : []),
    facts,
    `tiers: ${tiers}`,
    `findings: ${findings || 'none'}`,
  ];
  const sources = sourcesWorstFirst(report.sources);
  for (const source of sources.filter((s) => s.status !== 'ok'))
    lines.push(...sourceAlarm(source, width, paint));
  const healthy = sources.filter((s) => s.status === 'ok').map((s) => stripControls(s.name));
  if (healthy.length > 0) lines.push(...wrap(`sources ok: ${healthy.join(', ')}`, width, ''));
  if (sources.length === 0) lines.push(paint('!! NO SOURCES: nothing was scanned', ANSI.bold + ANSI.red));
  return lines;
}

function sourceAlarm(source: SourceStatus, width: number, paint: Paint): string[] {
  const failed = source.status === 'failed';
  const label = failed ? '!! SOURCE FAILED ' : '!  SOURCE PARTIAL';
  const style = failed ? ANSI.bold + ANSI.red : ANSI.yellow;
  const text = `${stripControls(source.name)} (${stripControls(source.kind)}): ${stripControls(source.error ?? 'no reason given')}`;
  const [first, ...rest] = wrap(text, width - length(label) - 1, '');
  return [
    `${paint(label, style)} ${first}`,
    ...rest.map((line) => `${' '.repeat(length(label) + 1)}${line}`),
  ];
}

const CERTIFICATE_COLUMNS: Column[] = [
  { header: 'TIER' },
  { header: 'DAYS', align: 'right' },
  { header: 'NOT AFTER' },
  { header: 'NAME', flex: 2 },
  { header: 'KIND', flex: 0.4 },
  { header: 'ORG / PARTNER', flex: 1 },
  { header: 'OWNERS', flex: 1.5 },
];

function certificateCells(certificate: ReportCertificate): string[] {
  return [
    certificate.tier,
    Number.isFinite(certificate.daysRemaining) ? String(certificate.daysRemaining) : UNKNOWN,
    expiryDate(certificate),
    stripControls(certificate.name),
    certificate.kind,
    stripControls(orgPartnerText(certificate)),
    stripControls(ownersText(certificate.owners)),
  ];
}

function certificateLines(
  report: Report,
  width: number,
  paint: Paint,
  heading: (t: string) => string,
): string[] {
  const certificates = byExpiry(report.certificates);
  if (certificates.length === 0) return [heading('CERTIFICATES'), 'none found'];
  const table = layout(
    CERTIFICATE_COLUMNS,
    certificates.map(certificateCells),
    width,
    (row, column, padded) =>
      column === 0 ? paint(padded, TIER_STYLE[certificates[row].tier] ?? '') : padded,
  );
  const indent = ' '.repeat(
    Math.max(...certificates.map((c) => length(c.tier)), length('TIER')) + GAP.length,
  );
  const lines = [heading(table.header)];
  certificates.forEach((certificate, i) => {
    lines.push(table.lines[i]);
    const breaks = blastRadius(certificate).map((d) => stripControls(dependentText(d)));
    if (breaks.length > 0) lines.push(indent + breaksLine(breaks, width - indent.length));
  });
  return lines;
}

/** `breaks: A, B, +3 more`: as many dependents as fit, and how many did not. */
function breaksLine(items: string[], width: number): string {
  for (let shown = items.length; shown >= 1; shown--) {
    const more = shown < items.length ? `, +${items.length - shown} more` : '';
    const line = `breaks: ${items.slice(0, shown).join(', ')}${more}`;
    if (length(line) <= width) return line;
  }
  const more = items.length > 1 ? ` +${items.length - 1} more` : '';
  return `${truncate(`breaks: ${items[0]}`, width - length(more))}${more}`;
}

function findingLines(report: Report, width: number, paint: Paint, heading: (t: string) => string): string[] {
  const groups = findingsBySeverity(report.findings);
  if (groups.length === 0) return [heading('FINDINGS'), 'none'];
  const lines = [heading('FINDINGS')];
  for (const group of groups) {
    lines.push(paint(`${group.severity} (${group.findings.length})`, SEVERITY_STYLE[group.severity]));
    for (const finding of group.findings) {
      lines.push(truncate(`  ${stripControls(finding.code)}  ${stripControls(finding.subject)}`, width));
      lines.push(...wrap(stripControls(finding.message), width, '    '));
    }
  }
  return lines;
}

function forecastLines(report: Report, width: number, heading: (t: string) => string): string[] {
  const { forecast } = report;
  const title = `ROTATIONS PER YEAR (${utcDate(forecast.from)} to ${utcDate(forecast.horizon)})`;
  if (forecast.byYear.length === 0) return [heading(title), 'no rotations forecast'];
  const max = Math.max(...forecast.byYear.map((y) => y.rotations));
  const countWidth = String(max).length;
  const twoWidth = Math.max(...forecast.byYear.map((y) => String(y.twoPartyRotations).length));
  // Room left for the bar once the year, the counts and the SC-081 note have their place.
  const labelWidth = `  ${'9'.repeat(countWidth)} rotations  ${'9'.repeat(twoWidth)} two-party`.length;
  const fullNote = ' · SC-081: 200 d from 15 Mar'.length;
  // On a narrow terminal the SC-081 note goes first; the bar keeps at least 15 cells before it does.
  const noteWidth = width - '2026  '.length - labelWidth - fullNote >= 15 ? fullNote : 0;
  const barWidth = Math.max(10, Math.min(50, width - '2026  '.length - labelWidth - noteWidth));
  const lines = [heading(title), `legend: █ two-party rotation (both companies)  ░ one-party rotation`];
  for (const year of forecast.byYear) {
    // Each part gets its own cell as soon as it is non-zero: 4 two-party of 5 never reads as ░.
    const onePartyRotations = Math.max(0, year.rotations - year.twoPartyRotations);
    const twoParty = barLength(year.twoPartyRotations, max, barWidth);
    const oneParty = barLength(onePartyRotations, max, barWidth);
    const bar = pad('█'.repeat(twoParty) + '░'.repeat(oneParty), barWidth);
    const step = sc081StepStarting(year.year);
    const note = step && noteWidth > 0 ? ` · SC-081: ${step.maxDays} d from ${dayMonth(step.from)}` : '';
    const rotations = pad(String(year.rotations), countWidth, 'right');
    const twoPartyRotations = pad(String(year.twoPartyRotations), twoWidth, 'right');
    // `1 rotation ` keeps the column as wide as `2 rotations`.
    const word = year.rotations === 1 ? 'rotation ' : 'rotations';
    lines.push(`${year.year}  ${bar}  ${rotations} ${word}  ${twoPartyRotations} two-party${note}`);
  }
  const years = forecast.byYear.map((y) => y.year);
  lines.push(...groupTable('per org', forecast.byOrg, years, width));
  lines.push(...groupTable('per partner', forecast.byPartner, years, width));
  return lines;
}

function groupTable(title: string, groups: ForecastGroup[], years: number[], width: number): string[] {
  if (groups.length === 0) return [];
  const columns: Column[] = [
    { header: title, flex: 1 },
    ...years.map((year) => ({ header: String(year), align: 'right' as const })),
    { header: 'total', align: 'right' },
  ];
  const rows = groups.map((group) => [
    stripControls(group.key),
    ...years.map((year) => String(rotationsIn(group.byYear, year))),
    String(group.total),
  ]);
  const table = layout(columns, rows, width);
  return ['', table.header, ...table.lines];
}

const PROBE_COLUMNS: Column[] = [
  { header: 'OUTCOME' },
  { header: 'TARGET', flex: 1.5 },
  { header: 'LATENCY', align: 'right' },
  { header: 'ERROR', flex: 1 },
];

function probeLines(report: Report, width: number, paint: Paint, heading: (t: string) => string): string[] {
  if (report.probes.length === 0) return [heading('PROBES'), 'none run'];
  const outcomeStyle = (outcome: ProbeOutcome) => (outcome === 'OK' ? ANSI.green : ANSI.bold + ANSI.red);
  const rows = report.probes.map((probe) => [
    probe.outcome,
    // The endpoint once: after the target's name only when the name is something else.
    stripControls(
      probe.target === endpointText(probe) ? probe.target : `${probe.target} (${endpointText(probe)})`,
    ),
    latencyText(probe.latencyMs),
    stripControls(probe.error?.message ?? ''),
  ]);
  const table = layout(PROBE_COLUMNS, rows, width, (row, column, padded) =>
    column === 0 ? paint(padded, outcomeStyle(report.probes[row].outcome)) : padded,
  );
  return [heading('PROBES'), heading(table.header), ...table.lines];
}
