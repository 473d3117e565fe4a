/**
 * The dashboard's two tables from the latest report: "what expires next, and what depends on it"
 * and the projected rotations per org and year. CloudWatch renders the
 * returned HTML inside the dashboard, so it stays small (the next certificates only) and carries
 * no script or style sheet. Every value comes from certificates and is escaped.
 */
import { TIERS } from '../core/model';
import { type HtmlValue, html, joinHtml } from '../core/report/html';
import type { Report } from '../core/report/model';
import {
  blastRadius,
  byExpiry,
  daysLeftPhrase,
  dependentText,
  expiryDate,
  orgPartnerText,
  ownersText,
  plural,
  UNKNOWN,
  utcDateTime,
} from '../core/report/render-format';

/** Dependents listed per row before "and N more". */
const DEPENDENTS_SHOWN = 4;

export function renderExpiryTable(report: Report | undefined, options: { rows: number }): string {
  if (!report) return '<p>No scan has finished yet: the table appears after the first scan.</p>';
  const next = byExpiry(report.certificates).slice(0, options.rows);
  const counts = TIERS.map((t) => `${t}: ${report.summary.byTier[t] ?? 0}`).join(' · ');
  const rows = next.map((c) => {
    const dependents = blastRadius(c);
    const shown: HtmlValue[] = dependents.slice(0, DEPENDENTS_SHOWN).map(dependentText);
    if (dependents.length > DEPENDENTS_SHOWN) shown.push(`and ${dependents.length - DEPENDENTS_SHOWN} more`);
    return html`<tr><td>${c.tier}</td><td>${expiryDate(c)}<br>${daysLeftPhrase(c.daysRemaining)}</td><td>${c.name}${c.twoParty ? ' (two-party)' : ''}</td><td>${orgPartnerText(c)}</td><td>${shown.length > 0 ? joinHtml(shown, '<br>') : UNKNOWN}</td><td>${ownersText(c.owners)}</td></tr>`;
  });
  const failed = report.sources.filter((s) => s.status !== 'ok').map((s) => `${s.name} (${s.status})`);
  return html`<p>Scan of ${utcDateTime(report.generatedAt)}: ${plural(report.summary.certificates, 'certificate')} (${counts}).</p>${failed.length > 0 ? html`<p><b>Sources not fully read:</b> ${failed.join(', ')}</p>` : ''}<table><thead><tr><th>Tier</th><th>Expires</th><th>Certificate</th><th>Org ↔ partner</th><th>What depends on it</th><th>Owners</th></tr></thead><tbody>${rows}</tbody></table>`.toString();
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
    years.map((year) => html`<td>${counts.find((c) => c.year === year)?.rotations ?? 0}</td>`);
  const orgs = [...report.forecast.byOrg].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  const rows = orgs.map((g) => html`<tr><td>${g.key}</td>${cells(g.byYear)}<td>${g.total}</td></tr>`);
  const total = report.forecast.byYear.reduce((sum, y) => sum + y.rotations, 0);
  return html`<p>Projected rotations per calendar year under the SC-081 schedule, from the scan of ${utcDateTime(report.generatedAt)}.</p><table><thead><tr><th>Org</th>${years.map((y) => html`<th>${y}</th>`)}<th>Total</th></tr></thead><tbody>${rows}<tr><td><b>All orgs and partners</b></td>${cells(report.forecast.byYear)}<td><b>${total}</b></td></tr></tbody></table>`.toString();
}
