/**
 * The dashboard's two tables from the latest report: "what expires next, and what depends on it"
 * and the projected rotations per org and year. CloudWatch renders the
 * returned HTML inside the dashboard, so it stays small (the next certificates only) and carries
 * no script or style sheet. Every value comes from certificates and is escaped.
 */
import { TIERS } from '../core/model';
import type { Report } from '../core/report/model';
import {
  blastRadius,
  byExpiry,
  daysLeftPhrase,
  dependentText,
  expiryDate,
  orgPartnerText,
  ownersText,
  stripControls,
  UNKNOWN,
  utcDateTime,
} from '../core/report/render-format';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return stripControls(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** Dependents listed per row before "and N more". */
const DEPENDENTS_SHOWN = 4;

export function renderExpiryTable(report: Report | undefined, options: { rows: number }): string {
  if (!report) return '<p>No scan has finished yet: the table appears after the first scan.</p>';
  const next = byExpiry(report.certificates).slice(0, options.rows);
  const counts = TIERS.map((t) => `${t}: ${report.summary.byTier[t] ?? 0}`).join(' · ');
  const rows = next.map((c) => {
    const dependents = blastRadius(c);
    const shown = dependents.slice(0, DEPENDENTS_SHOWN).map((d) => escapeHtml(dependentText(d)));
    if (dependents.length > DEPENDENTS_SHOWN) shown.push(`and ${dependents.length - DEPENDENTS_SHOWN} more`);
    return [
      `<td>${escapeHtml(c.tier)}</td>`,
      `<td>${escapeHtml(expiryDate(c))}<br>${escapeHtml(daysLeftPhrase(c.daysRemaining))}</td>`,
      `<td>${escapeHtml(c.name)}${c.twoParty ? ' (two-party)' : ''}</td>`,
      `<td>${escapeHtml(orgPartnerText(c))}</td>`,
      `<td>${shown.length > 0 ? shown.join('<br>') : UNKNOWN}</td>`,
      `<td>${escapeHtml(ownersText(c.owners))}</td>`,
    ].join('');
  });
  const failed = report.sources
    .filter((s) => s.status !== 'ok')
    .map((s) => escapeHtml(`${s.name} (${s.status})`));
  return [
    `<p>Scan of ${escapeHtml(utcDateTime(report.generatedAt))}: ${report.summary.certificates} certificates (${counts}).</p>`,
    failed.length > 0 ? `<p><b>Sources not fully read:</b> ${failed.join(', ')}</p>` : '',
    '<table><thead><tr><th>Tier</th><th>Expires</th><th>Certificate</th><th>Org ↔ partner</th>',
    '<th>What depends on it</th><th>Owners</th></tr></thead><tbody>',
    ...rows.map((r) => `<tr>${r}</tr>`),
    '</tbody></table>',
  ].join('');
}

/**
 * Projected rotations per org and calendar year, with the estate total (orgs and partners) as
 * the last row. The per-org numbers used to be custom metrics (one per org and year); read from
 * the stored report they cost nothing per org (docs/cost.md).
 */
export function renderForecastTable(report: Report | undefined): string {
  if (!report) return '<p>No scan has finished yet: the forecast appears after the first scan.</p>';
  const years = report.forecast.byYear.map((y) => y.year);
  const cells = (counts: Array<{ year: number; rotations: number }>) =>
    years.map((year) => `<td>${counts.find((c) => c.year === year)?.rotations ?? 0}</td>`).join('');
  const orgs = [...report.forecast.byOrg].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  const rows = orgs.map((g) => `<tr><td>${escapeHtml(g.key)}</td>${cells(g.byYear)}<td>${g.total}</td></tr>`);
  const total = report.forecast.byYear.reduce((sum, y) => sum + y.rotations, 0);
  return [
    `<p>Projected rotations per calendar year under the SC-081 schedule, from the scan of ${escapeHtml(utcDateTime(report.generatedAt))}.</p>`,
    `<table><thead><tr><th>Org</th>${years.map((y) => `<th>${y}</th>`).join('')}<th>Total</th></tr></thead><tbody>`,
    ...rows,
    `<tr><td><b>All orgs and partners</b></td>${cells(report.forecast.byYear)}<td><b>${total}</b></td></tr>`,
    '</tbody></table>',
  ].join('');
}
