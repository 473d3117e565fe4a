/**
 * The report as one self-contained HTML page: inline CSS and SVG, no scripts, no fonts, no images
 * from anywhere, so it can be mailed, archived in S3, opened offline and printed. A Content
 * Security Policy forbids everything but the inline styles, as a second guard behind escaping:
 * certificate subjects and names are untrusted input.
 */
import type { ProbeResult, SourceStatus } from '../model';
import { type HtmlValue, html, joinHtml, type SafeHtml, trustedHtml } from './html';
import type { Dependent, ForecastGroup, ForecastSummary, Report, ReportCertificate } from './model';
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
  nodeKindWord,
  orgPartnerText,
  plural,
  rotationsIn,
  sc081MaxDaysAtEndOf,
  sc081StepStarting,
  sourcesWorstFirst,
  TIERS_WORST_FIRST,
  UNKNOWN,
  utcDate,
  utcDateTime,
} from './render-format';
import { sunsetCertificates, sunsetSentence, trustLines } from './trust-text';

export { escapeHtml } from './html';

const STYLE = trustedHtml(`
:root { --expired: #7f1d1d; --critical: #dc2626; --warning: #d97706; --notice: #0e7490; --ok: #15803d;
  --info: #0e7490; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  margin: 0 auto; padding: 24px; max-width: 1280px; overflow-wrap: break-word; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta, .muted, small { color: var(--muted); }
.alarm { border: 2px solid var(--critical); background: #fef2f2; padding: 8px 12px; margin: 12px 0;
  border-radius: 6px; }
.alarm.partial, .alarm.sunset { border-color: var(--warning); background: #fffbeb; }
figure { margin: 8px 0; } figcaption { color: var(--muted); font-size: 12px; }
svg text { font-family: inherit; fill: var(--ink); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { flex: 1 1 120px; border: 1px solid var(--line); border-top: 6px solid var(--c); border-radius: 6px;
  padding: 8px 12px; }
.card .count { font-size: 26px; font-weight: 700; } .card .label { text-transform: uppercase; font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { background: #f9fafb; font-weight: 600; } td.num, th.num { text-align: right; white-space: nowrap; }
td.nowrap, td.code { white-space: nowrap; }
table.compact { width: auto; min-width: 50%; }
td ul { margin: 0; padding-left: 16px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px;
  font-weight: 600; text-transform: uppercase; background: var(--c); white-space: nowrap; }
.t-expired { --c: var(--expired); } .t-critical { --c: var(--critical); } .t-warning { --c: var(--warning); }
.t-notice { --c: var(--notice); } .t-ok { --c: var(--ok); } .t-info { --c: var(--info); }
.t-failed { --c: var(--critical); } .t-partial { --c: var(--warning); }
tr.failed td { background: #fef2f2; } tr.partial td { background: #fffbeb; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 11px; color: var(--muted);
  overflow-wrap: anywhere; }
.timeline .track { position: relative; height: 34px; margin: 8px 0 4px; border-bottom: 2px solid #9ca3af; }
.timeline .tick { position: absolute; bottom: -18px; font-size: 11px; color: var(--muted);
  transform: translateX(-50%); white-space: nowrap; }
.timeline .tick::before { content: ""; position: absolute; left: 50%; bottom: 16px; height: 6px;
  border-left: 1px solid #9ca3af; }
.timeline .tick.start { transform: none; } .timeline .tick.start::before { left: 0; }
.timeline .tick.end { transform: translateX(-100%); } .timeline .tick.end::before { left: 100%; }
.timeline .dot { position: absolute; bottom: 4px; width: 12px; height: 12px; margin-left: -6px;
  border-radius: 50%; background: var(--c); }
.timeline .dot.two-party { box-shadow: 0 0 0 3px #f59e0b; }
.timeline ol { list-style: none; margin: 28px 0 0; padding: 0; }
.timeline li { display: grid; grid-template-columns: 7.5em 11em minmax(0, 1fr); gap: 2px 12px;
  padding: 6px 0; border-bottom: 1px solid var(--line); }
.timeline li .who { grid-column: 3; }
@media (max-width: 900px) {
  body { padding: 12px; }
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 10px; padding: 4px 0; }
  table.stack td { border: 0; padding: 3px 10px; text-align: left; white-space: normal; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 12px; }
  table.compact { min-width: 0; }
  .timeline li { grid-template-columns: 1fr; }
  .timeline li .who { grid-column: 1; }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { padding: 0; font-size: 11px; max-width: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr, .card, figure, .alarm { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`);

/** How far ahead the timeline looks: what needs action this quarter. */
export const TIMELINE_DAYS = 90;

export function renderHtml(report: Report): string {
  const title = `Cert Sentinel report ${utcDate(report.generatedAt)}`;
  const body = joinHtml(
    [
      headerHtml(report),
      cardsHtml(report),
      timelineHtml(report),
      chartSection(report.forecast),
      certificatesHtml(report),
      findingsHtml(report),
      forecastGroupsHtml(report.forecast),
      sourcesHtml(report.sources),
      probesHtml(report.probes),
      html`<footer class="muted"><p>Generated by Cert Sentinel at ${utcDateTime(report.generatedAt)}; evaluated as of ${utcDateTime(report.now)}. Dates are UTC; ~ marks a date known only to the day.</p></footer>`,
    ],
    '\n',
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`.toString();
}

/** The sources that could not be read in full: the report says it is incomplete before any count. */
function incompleteSources(report: Report) {
  return sourcesWorstFirst(report.sources).filter((s) => s.status !== 'ok');
}

function headerHtml(report: Report): SafeHtml {
  const { summary } = report;
  const expired = summary.byTier.expired ?? 0;
  const next =
    summary.minDaysRemaining === null ? '' : `next expiry ${daysLeftPhrase(summary.minDaysRemaining)}`;
  const facts = [plural(summary.certificates, 'certificate'), expired > 0 ? `${expired} expired` : '', next]
    .filter(Boolean)
    .join(' · ');
  const incomplete = incompleteSources(report);
  const failed = incomplete.filter((s) => s.status === 'failed').length;
  const lead =
    incomplete.length === 0
      ? null
      : html`<p class="alarm"><strong>This report is incomplete:</strong> ${[
          failed > 0 ? `${plural(failed, 'source')} failed` : '',
          failed > 0 && incomplete.length > failed ? ' and ' : '',
          incomplete.length > failed
            ? `${plural(incomplete.length - failed, 'source')} could be read only in part`
            : '',
        ]}. The counts below cover only what was read.</p>`;
  const alarms = incomplete.map(
    (s) =>
      html`<p class="alarm ${s.status}"><strong>Source ${s.status === 'failed' ? 'failed' : 'partial'}: ${s.name}</strong> (${s.kind}): ${s.error ?? 'no reason given'}</p>`,
  );
  if (report.sources.length === 0)
    alarms.push(html`<p class="alarm"><strong>No sources: nothing was scanned.</strong></p>`);
  const sunsets = sunsetCertificates(report);
  if (sunsets.length > 0)
    alarms.push(
      html`<div class="alarm sunset"><strong>Public clientAuth is ending: ${plural(sunsets.length, 'client certificate')} will come back from renewal without the Client Authentication EKU.</strong> Plan each as a migration with both companies (see docs/trust.md):<ul>${sunsets.map((c) => html`<li>${sunsetSentence(c)}</li>`)}</ul></div>`,
    );
  return joinHtml(
    [
      html`<header>`,
      html`<h1>Cert Sentinel report</h1>`,
      html`<p class="meta">Generated ${utcDateTime(report.generatedAt)} · ${facts}</p>`,
      lead,
      ...alarms,
      html`</header>`,
    ],
    '\n',
  );
}

/** A round axis maximum (1, 2 or 5 times a power of ten per step) with about four steps. */
export function axisScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  return { top: Math.ceil(max / step) * step, step };
}

// Literal colours: not every SVG renderer resolves CSS variables in presentation attributes.
const SERIES_COLOURS = { all: '#1d4ed8', twoParty: '#f59e0b' };

const CHART = { width: 760, height: 324, left: 48, right: 16, top: 36, bottom: 94 };

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Paired bars per year (all rotations, two-party rotations) with the SC-081 steps under the years. */
export function rotationChartSvg(forecast: ForecastSummary): string {
  const years = forecast.byYear;
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const baseline = CHART.top + plotHeight;
  const { top, step } = axisScale(Math.max(0, ...years.map((y) => y.rotations)));
  const y = (value: number) => baseline - (value / top) * plotHeight;
  const from = forecast.from.slice(0, 10);
  const partialFrom =
    years[0] && from.slice(5) !== '01-01' && from.startsWith(String(years[0].year))
      ? dayMonth(from)
      : undefined;
  const parts: string[] = [];

  for (let tick = 0; tick <= top; tick += step) {
    parts.push(
      `<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="${tick === 0 ? '#9ca3af' : '#e5e7eb'}"/>`,
      `<text x="${CHART.left - 6}" y="${round(y(tick) + 4)}" text-anchor="end" font-size="11">${tick}</text>`,
    );
  }
  parts.push(
    `<text transform="translate(12 ${round(CHART.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle" font-size="11">rotations per year</text>`,
  );

  const group = plotWidth / Math.max(1, years.length);
  const barWidth = Math.min(30, group * 0.32);
  years.forEach((year, i) => {
    const centre = CHART.left + group * (i + 0.5);
    const bars = [
      { series: 'rotations', value: year.rotations, x: centre - barWidth - 2, fill: SERIES_COLOURS.all },
      { series: 'two-party', value: year.twoPartyRotations, x: centre + 2, fill: SERIES_COLOURS.twoParty },
    ];
    for (const bar of bars) {
      const height = (bar.value / top) * plotHeight;
      parts.push(
        `<rect data-year="${year.year}" data-series="${bar.series}" data-value="${bar.value}" x="${round(bar.x)}" y="${round(baseline - height)}" width="${round(barWidth)}" height="${round(height)}" fill="${bar.fill}"><title>${year.year}: ${plural(bar.value, bar.series === 'rotations' ? 'rotation' : 'two-party rotation')}</title></rect>`,
        `<text x="${round(bar.x + barWidth / 2)}" y="${round(baseline - height - 4)}" text-anchor="middle" font-size="11" font-weight="600">${bar.value}</text>`,
      );
    }
    parts.push(
      `<text x="${round(centre)}" y="${baseline + 16}" text-anchor="middle" font-size="12" font-weight="600">${year.year}</text>`,
    );
    // The first year counts only what is left of it after the scan: say so under its label.
    if (i === 0 && partialFrom) {
      parts.push(
        `<text class="partial-year" x="${round(centre)}" y="${baseline + 62}" text-anchor="middle" font-size="10" fill="#6b7280">${html`partial: from ${partialFrom}`}</text>`,
      );
    }
    const sc081 = sc081StepStarting(year.year);
    if (sc081) {
      parts.push(
        `<text class="sc081" x="${round(centre)}" y="${baseline + 34}" text-anchor="middle" font-size="11" font-weight="600" fill="#b91c1c">SC-081: ${sc081.maxDays} days</text>`,
        `<text x="${round(centre)}" y="${baseline + 48}" text-anchor="middle" font-size="10">from ${html`${dayMonth(sc081.from)}`}</text>`,
      );
    } else {
      parts.push(
        `<text x="${round(centre)}" y="${baseline + 34}" text-anchor="middle" font-size="10" fill="#6b7280">max ${sc081MaxDaysAtEndOf(year.year)} days</text>`,
      );
    }
  });

  const legendY = 14;
  parts.push(
    `<rect x="${CHART.left}" y="${legendY - 9}" width="10" height="10" fill="${SERIES_COLOURS.all}"/>`,
    `<text x="${CHART.left + 14}" y="${legendY}" font-size="11">all rotations</text>`,
    `<rect x="${CHART.left + 110}" y="${legendY - 9}" width="10" height="10" fill="${SERIES_COLOURS.twoParty}"/>`,
    `<text x="${CHART.left + 124}" y="${legendY}" font-size="11">two-party rotations (both companies)</text>`,
    `<text x="${CHART.width - CHART.right}" y="${CHART.height - 8}" text-anchor="end" font-size="10" fill="#6b7280">Public TLS lifetime under CA/Browser Forum ballot SC-081</text>`,
  );
  const summary = years.map((y) => `${y.year}: ${y.rotations} (${y.twoPartyRotations} two-party)`).join('; ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART.width} ${CHART.height}" width="100%" style="max-width:${CHART.width}px" role="img" aria-labelledby="chart-title">`,
    `${html`<title id="chart-title">Rotations per year: ${summary}</title>`}`,
    ...parts,
    '</svg>',
  ].join('\n');
}

function chartSection(forecast: ForecastSummary): SafeHtml {
  const range = `${utcDate(forecast.from)} to ${utcDate(forecast.horizon)}`;
  if (forecast.byYear.length === 0) {
    return html`<section><h2>Rotations per year</h2><p class="muted">No rotations forecast (${range}).</p></section>`;
  }
  return joinHtml(
    [
      html`<section>`,
      html`<h2>Rotations per year</h2>`,
      html`<figure>`,
      trustedHtml(rotationChartSvg(forecast)),
      html`<figcaption>Forecast ${range}. A two-party rotation is an mTLS edge: both companies must act.</figcaption>`,
      html`</figure>`,
      html`</section>`,
    ],
    '\n',
  );
}

function cardsHtml(report: Report): SafeHtml {
  const cards = TIERS_WORST_FIRST.map(
    (tier) =>
      html`<div class="card t-${tier}"><div class="count">${report.summary.byTier[tier] ?? 0}</div><div class="label">${tier}</div></div>`,
  );
  const f = report.summary.findings;
  cards.push(
    html`<div class="card t-info"><div class="count">${report.findings.length}</div><div class="label">findings</div><small>${`${f.critical ?? 0} critical · ${f.warning ?? 0} warning · ${f.info ?? 0} info`}</small></div>`,
  );
  return html`<section class="cards" aria-label="Certificates per tier">\n${joinHtml(cards, '\n')}\n</section>`;
}

function badge(word: string, kind: string): SafeHtml {
  return html`<span class="badge t-${kind}">${word}</span>`;
}

function ownersHtml(certificate: ReportCertificate): SafeHtml {
  const { owner, partnerOwner } = certificate.owners;
  if (!owner && !partnerOwner) return html`<strong>no owner</strong>`;
  return html`${owner ? owner : html`<strong>no owner</strong>`}${partnerOwner ? html`<br><small>partner:</small> ${partnerOwner}` : ''}`;
}

/** An id that may break after its separators (`files:/a/b.pem`), never in the middle of a word. */
function idHtml(id: string): SafeHtml {
  return joinHtml(
    id.split(/(?<=[:/#._-])/).map((part) => html`${part}`),
    '<wbr>',
  );
}

/**
 * What needs action this quarter, before the long-range forecast: every certificate that expires
 * (and so must be rotated) within TIMELINE_DAYS, and those already expired, on a day axis and as
 * a list with who must act on both sides.
 */
function timelineHtml(report: Report): SafeHtml {
  const due = byExpiry(report.certificates).filter(
    (c) => Number.isFinite(c.daysRemaining) && c.daysRemaining <= TIMELINE_DAYS && c.copyOf === null,
  );
  const end = new Date(Date.parse(report.now) + TIMELINE_DAYS * 86_400_000).toISOString();
  const heading = html`<h2>Next ${TIMELINE_DAYS} days</h2>`;
  if (due.length === 0) {
    return html`<section class="timeline">${heading}<p class="muted">Nothing expires before ${utcDate(end)}.</p></section>`;
  }
  const position = (days: number) => Math.round((Math.max(0, days) / TIMELINE_DAYS) * 1000) / 10;
  const ticks = [0, 30, 60, TIMELINE_DAYS].map(
    (d) =>
      html`<span class="tick${d === 0 ? ' start' : d === TIMELINE_DAYS ? ' end' : ''}" style="left:${position(d)}%">${d === 0 ? 'today' : utcDate(new Date(Date.parse(report.now) + d * 86_400_000).toISOString())}</span>`,
  );
  const dots = due.map(
    (c) =>
      html`<span class="dot t-${c.tier}${c.twoParty ? ' two-party' : ''}" style="left:${position(c.daysRemaining)}%" title="${`${c.name}: ${daysLeftPhrase(c.daysRemaining)}`}"></span>`,
  );
  const items = due.map(
    (c) =>
      html`<li class="t-${c.tier}"><span class="nowrap">${expiryDate(c)}</span><span>${badge(c.tier, c.tier)} <small>${daysLeftPhrase(c.daysRemaining)}</small></span><span><strong>${c.name}</strong>${c.twoParty ? html` <span class="badge t-warning">two-party</span>` : ''} <small>${orgPartnerText(c)}</small></span><span class="who">${c.twoParty ? 'Rotate with the partner' : 'Rotate'} by ${expiryDate(c)}: ${ownersHtml(c)}</span></li>`,
  );
  const twoParty = due.filter((c) => c.twoParty).length;
  return joinHtml(
    [
      html`<section class="timeline" aria-label="Expiries in the next ${TIMELINE_DAYS} days">`,
      heading,
      html`<p class="muted">${plural(due.length, 'certificate')} must be rotated by ${utcDate(end)}${twoParty > 0 ? `, ${twoParty} of them with the partner (two-party, ringed)` : ''}; expired ones first.</p>`,
      html`<div class="track" aria-hidden="true">${ticks}${dots}</div>`,
      html`<ol>${items}</ol>`,
      html`</section>`,
    ],
    '\n',
  );
}

/** The kind in small print before the name, unless the source's label already says it. */
function dependentHtml(dependent: Dependent): SafeHtml {
  const named = dependentText(dependent) === dependent.label;
  return html`<li>${named ? '' : html`<small>${nodeKindWord(dependent.kind)}</small> `}${dependent.label}</li>`;
}

function certificateRow(certificate: ReportCertificate): SafeHtml {
  const breaks = blastRadius(certificate);
  const breaksHtml =
    breaks.length === 0
      ? html`<span class="muted">${UNKNOWN}</span>`
      : html`<ul>${breaks.map(dependentHtml)}</ul>`;
  const ends = [certificate.org, certificate.externalSystem].filter((v): v is string => !!v);
  const days = Number.isFinite(certificate.daysRemaining) ? String(certificate.daysRemaining) : UNKNOWN;
  return html`<tr class="tier-${certificate.tier}"><td>${badge(certificate.tier, certificate.tier)}</td><td class="num" data-label="Days left" title="${daysLeftPhrase(certificate.daysRemaining)}">${days}</td><td class="nowrap" data-label="Expires">${expiryDate(certificate)}</td><td><strong class="name">${certificate.name}</strong>${certificate.subject ? html`<br><small>${certificate.subject}</small>` : ''}<div class="id">${idHtml(certificate.id)}</div></td><td data-label="Kind">${certificate.kind}${certificate.twoParty ? html`<br><small>two-party</small>` : ''}</td><td data-label="Trust">${trustCell(certificate)}</td><td data-label="Org ↔ partner">${ends.length > 0 ? joinHtml(ends, ' ↔ ') : UNKNOWN}</td><td data-label="Owners">${ownersHtml(certificate)}</td><td data-label="Breaks">${breaksHtml}</td></tr>`;
}

function trustCell(certificate: ReportCertificate): SafeHtml {
  const lines = trustLines(certificate);
  if (lines.length === 0) return html`<span class="muted">${UNKNOWN}</span>`;
  return joinHtml(
    lines.map((line) => html`<small>${line}</small>`),
    '<br>',
  );
}

function tableHtml(head: SafeHtml, rows: readonly HtmlValue[], className = 'stack'): SafeHtml {
  return joinHtml(
    [html`<table class="${className}">`, head, html`<tbody>`, ...rows, html`</tbody>`, html`</table>`],
    '\n',
  );
}

function certificatesHtml(report: Report): SafeHtml {
  const certificates = byExpiry(report.certificates);
  if (certificates.length === 0)
    return html`<section><h2>Certificates</h2><p>No certificates found.</p></section>`;
  return joinHtml(
    [
      html`<section>`,
      html`<h2>Certificates</h2>`,
      tableHtml(
        html`<thead><tr><th>Tier</th><th class="num">Days left</th><th>Expires (UTC)</th><th>Certificate</th><th>Kind</th><th>Trust</th><th>Org ↔ partner</th><th>Owners</th><th>Breaks when it expires</th></tr></thead>`,
        certificates.map(certificateRow),
      ),
      html`</section>`,
    ],
    '\n',
  );
}

function findingsHtml(report: Report): SafeHtml {
  const groups = findingsBySeverity(report.findings);
  if (groups.length === 0) return html`<section><h2>Findings</h2><p>None.</p></section>`;
  const rows = groups.flatMap((group) =>
    group.findings.map(
      (f) =>
        html`<tr class="finding"><td>${badge(f.severity, f.severity)}</td><td class="id code">${f.code}</td><td class="id">${idHtml(f.subject)}</td><td>${f.message}</td></tr>`,
    ),
  );
  return joinHtml(
    [
      html`<section>`,
      html`<h2>Findings</h2>`,
      tableHtml(
        html`<thead><tr><th>Severity</th><th>Code</th><th>Subject</th><th>Message</th></tr></thead>`,
        rows,
      ),
      html`</section>`,
    ],
    '\n',
  );
}

function groupTableHtml(title: string, groups: ForecastGroup[], years: number[]): SafeHtml | null {
  if (groups.length === 0) return null;
  const head = html`<thead><tr><th>${title}</th>${years.map((y) => html`<th class="num">${y}</th>`)}<th class="num">Total</th></tr></thead>`;
  const rows = groups.map(
    (g) =>
      html`<tr><td>${g.key}</td>${years.map((y) => html`<td class="num">${rotationsIn(g.byYear, y)}</td>`)}<td class="num"><strong>${g.total}</strong></td></tr>`,
  );
  return joinHtml([html`<h3>Per ${title.toLowerCase()}</h3>`, tableHtml(head, rows, 'compact')], '\n');
}

function forecastGroupsHtml(forecast: ForecastSummary): SafeHtml | null {
  const years = forecast.byYear.map((y) => y.year);
  const tables = [
    groupTableHtml('Org', forecast.byOrg, years),
    groupTableHtml('Partner', forecast.byPartner, years),
  ].filter((t): t is SafeHtml => t !== null);
  if (years.length === 0 || tables.length === 0) return null;
  return joinHtml(
    [html`<section>`, html`<h2>Rotations per org and partner</h2>`, ...tables, html`</section>`],
    '\n',
  );
}

function sourcesHtml(sources: SourceStatus[]): SafeHtml {
  if (sources.length === 0)
    return html`<section><h2>Sources</h2><p class="alarm">No sources: nothing was scanned.</p></section>`;
  const rows = sourcesWorstFirst(sources).map(
    (s) =>
      html`<tr class="${s.status}"><td>${badge(s.status, s.status)}</td><td>${idHtml(s.name)}</td><td data-label="Kind">${s.kind}</td><td class="num" data-label="Certificates">${s.certificates}</td><td class="num" data-label="Requests">${s.requests === undefined ? UNKNOWN : s.requests}</td><td>${s.error ?? ''}</td></tr>`,
  );
  return joinHtml(
    [
      html`<section>`,
      html`<h2>Sources</h2>`,
      tableHtml(
        html`<thead><tr><th>Status</th><th>Source</th><th>Kind</th><th class="num">Certificates</th><th class="num">Requests</th><th>Error</th></tr></thead>`,
        rows,
      ),
      html`</section>`,
    ],
    '\n',
  );
}

/** The target's name, and its endpoint under it only when the name is not the endpoint itself. */
function probeTargetHtml(p: ProbeResult): SafeHtml {
  const endpoint = endpointText(p);
  return p.target === endpoint
    ? html`<span class="id">${endpoint}</span>`
    : html`${p.target}<div class="id">${endpoint}</div>`;
}

function probesHtml(probes: ProbeResult[]): SafeHtml {
  if (probes.length === 0) return html`<section><h2>Probes</h2><p class="muted">None run.</p></section>`;
  const rows = probes.map(
    (p) =>
      html`<tr class="probe"><td>${badge(p.outcome, p.outcome === 'OK' ? 'ok' : 'critical')}</td><td>${probeTargetHtml(p)}</td><td data-label="Protocol">${p.protocol ?? UNKNOWN}</td><td class="num" data-label="Latency">${latencyText(p.latencyMs)}</td><td class="nowrap" data-label="Checked">${utcDateTime(p.checkedAt)}</td><td>${p.error?.message ?? ''}</td></tr>`,
  );
  return joinHtml(
    [
      html`<section>`,
      html`<h2>Probes</h2>`,
      tableHtml(
        html`<thead><tr><th>Outcome</th><th>Target</th><th>Protocol</th><th class="num">Latency</th><th>Checked</th><th>Error</th></tr></thead>`,
        rows,
      ),
      html`</section>`,
    ],
    '\n',
  );
}
