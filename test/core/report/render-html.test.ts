import {
  axisScale,
  escapeHtml,
  renderHtml,
  rotationChartSvg,
} from '../../../lambdas/core/report/render-html';
import { expectNoLeakedPlaceholders } from './assertions';
import { emptyReport, HOSTILE_SUBJECT, hostileReport, realisticForecast, realisticReport } from './fixtures';

const html = renderHtml(realisticReport());

/** Visible text of the page: tags removed, entities left as they are. */
const visibleText = (page: string) => page.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');

function bars(
  svg: string,
): Array<{ year: number; series: string; value: number; height: number; y: number }> {
  return [
    ...svg.matchAll(
      /<rect data-year="(\d+)" data-series="([a-z-]+)" data-value="(\d+)"[^>]* y="([\d.]+)"[^>]* height="([\d.]+)"/g,
    ),
  ].map((m) => ({
    year: Number(m[1]),
    series: m[2],
    value: Number(m[3]),
    y: Number(m[4]),
    height: Number(m[5]),
  }));
}

describe('renderHtml', () => {
  it('is one self-contained page: no scripts, no external assets, a policy that forbids them', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain('@media print');
    expect(html.match(/<svg /g)).toHaveLength(1);
  });

  it('escapes untrusted text everywhere: subjects, names, owners, dependents, findings, sources, probes', () => {
    const page = renderHtml(hostileReport());
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toMatch(/<b>/);
    expect(page).toContain(escapeHtml(HOSTILE_SUBJECT));
    expect(page).toContain('CN=&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;, O=Evil &amp; Co');
    expect(page).toContain('&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).toContain('message with &lt;script&gt;alert(3)&lt;/script&gt;');
    expect(page).toContain('&lt;owner@example&gt;');
    expect(page).toContain(
      '<strong class="name">&lt;img src=x onerror=alert(1)&gt;|pipe newline [31mred</strong>',
    );
    expect(page).not.toContain('\u001b');
  });

  it('draws paired bars whose heights are proportional to the rotations', () => {
    const rects = bars(html);
    expect(rects).toHaveLength(10);
    const all = rects.filter((r) => r.series === 'rotations');
    const twoParty = rects.filter((r) => r.series === 'two-party');
    expect(all.map((r) => [r.year, r.value])).toEqual([
      [2026, 3],
      [2027, 14],
      [2028, 18],
      [2029, 31],
      [2030, 44],
    ]);
    expect(twoParty.map((r) => r.value)).toEqual([2, 8, 10, 17, 24]);
    const perRotation = all[4].height / 44;
    for (const rect of rects) expect(rect.height).toBeCloseTo(rect.value * perRotation, 1);
    // Every bar stands on the same baseline.
    const baselines = new Set(rects.map((r) => Math.round((r.y + r.height) * 10)));
    expect(baselines.size).toBe(1);
  });

  it('labels the axis, the values, the years and the SC-081 steps under their years', () => {
    const svg = rotationChartSvg(realisticForecast());
    expect(svg).toContain('rotations per year');
    for (const label of ['>0<', '>20<', '>40<', '>60<']) expect(svg).toContain(label);
    for (const value of [3, 14, 18, 31, 44, 2, 8, 10, 17, 24])
      expect(svg).toContain(`font-weight="600">${value}</text>`);
    const sc081 = [...svg.matchAll(/<text class="sc081" x="([\d.]+)"[^>]*>SC-081: (\d+) days<\/text>/g)].map(
      (m) => [Number(m[1]), Number(m[2])],
    );
    const yearX = new Map(
      [...svg.matchAll(/<text x="([\d.]+)"[^>]*font-size="12" font-weight="600">(\d{4})<\/text>/g)].map(
        (m) => [Number(m[2]), Number(m[1])],
      ),
    );
    expect(sc081).toEqual([
      [yearX.get(2026), 200],
      [yearX.get(2027), 100],
      [yearX.get(2029), 47],
    ]);
    expect(svg).toContain('max 100 days');
  });

  it('picks a round axis top', () => {
    expect(axisScale(44)).toEqual({ top: 60, step: 20 });
    expect(axisScale(3)).toEqual({ top: 3, step: 1 });
    expect(axisScale(0)).toEqual({ top: 1, step: 1 });
    expect(axisScale(180)).toEqual({ top: 200, step: 50 });
  });

  it('shows tier cards, the certificate table soonest first with badges and the blast radius', () => {
    expect(html).toContain(
      '<div class="card t-notice"><div class="count">2</div><div class="label">notice</div>',
    );
    const names = [...html.matchAll(/<strong class="name">([^<]+)<\/strong>/g)].map((m) => m[1]);
    expect(names).toEqual([
      'Payroll_mTLS',
      'globex/client-cert',
      'Integration_JWT',
      'Initech_Inbound',
      'api.initech.example:8443',
      'SSO_Okta',
    ]);
    const globexRow = html
      .split('\n')
      .find((l) => l.startsWith('<tr') && l.includes('globex/client-cert</strong>'))!;
    expect(globexRow).toContain('<span class="badge t-critical">critical</span>');
    expect(globexRow).toContain('<li><small>Named Credential</small> Globex_Orders</li>');
    expect(globexRow).toContain('<li><small>external system</small> Globex</li>');
    expect(globexRow).not.toContain('pki@globex.example</li>');
    expect(html).toContain('<td class="nowrap" data-label="Expires">~2026-11-20</td>');
  });

  it('puts failed sources first, highlighted, and announces them at the top', () => {
    const top = html.indexOf('<p class="alarm failed"><strong>Source failed: secrets:us-east-1</strong>');
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(html.indexOf('<svg'));
    const sourceRows = [...html.matchAll(/<tr class="(ok|partial|failed)">/g)].map((m) => m[1]);
    expect(sourceRows).toEqual(['failed', 'partial', 'ok', 'ok', 'ok']);
  });

  it('lists findings worst first and probes with outcome and latency', () => {
    const severities = [
      ...html.matchAll(/<tr class="finding"><td><span class="badge t-(critical|warning|info)">/g),
    ].map((m) => m[1]);
    expect(severities).toEqual(['critical', 'critical', 'warning', 'warning', 'info']);
    expect(html).toContain(
      '<tr class="probe"><td><span class="badge t-critical">CLIENT_CERT_REJECTED</span>',
    );
    expect(html).toContain('<tr class="probe"><td><span class="badge t-ok">OK</span>');
    expect(html).toContain('<td class="num" data-label="Latency">142 ms</td>');
  });

  it('leads with the next 90 days: each expiry, two-party ones marked, owners on both sides, then the forecast', () => {
    const timeline = html.indexOf('<h2>Next 90 days</h2>');
    expect(timeline).toBeGreaterThan(html.indexOf('class="cards"'));
    expect(timeline).toBeLessThan(html.indexOf('<h2>Rotations per year</h2>'));
    const section = html.slice(timeline, html.indexOf('</section>', timeline));
    const items = [...section.matchAll(/<li class="t-(\w+)">.*?<strong>([^<]+)<\/strong>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    // Expired first, then soonest; SSO_Okta (far off) is not due this quarter.
    expect(items).toEqual([
      ['expired', 'Payroll_mTLS'],
      ['critical', 'globex/client-cert'],
      ['warning', 'Integration_JWT'],
      ['notice', 'Initech_Inbound'],
      ['notice', 'api.initech.example:8443'],
    ]);
    const globex = section.split('<li').find((li) => li.includes('<strong>globex/client-cert'))!;
    expect(globex).toContain('<span class="badge t-warning">two-party</span>');
    expect(globex).toContain(
      'Rotate with the partner by 2026-11-26: integrations@acme.example<br><small>partner:</small> pki@globex.example',
    );
    expect(section.match(/class="dot t-\w+ two-party"/g)).toHaveLength(3);
    expect(section).toContain('5 certificates must be rotated by 2027-02-21, 3 of them with the partner');
  });

  it('marks the current year of the forecast as partial', () => {
    const svg = rotationChartSvg(realisticForecast());
    expect(svg).toContain('<text class="partial-year"');
    expect(svg).toContain('partial: from 23 Nov</text>');
  });

  it('says the report is incomplete before any count when sources failed', () => {
    const lead = html.indexOf(
      '<strong>This report is incomplete:</strong> 1 source failed and 1 source could be read only in part.',
    );
    expect(lead).toBeGreaterThan(0);
    expect(lead).toBeLessThan(html.indexOf('class="cards"'));
  });

  it('lets ids break after their separators, not inside words', () => {
    expect(html).toContain('<div class="id">salesforce:<wbr>acme-<wbr>prod:<wbr>');
    expect(html).not.toContain('word-break: break-all');
  });

  it('names a probe target once when its name is its endpoint', () => {
    const rows = html.split('\n').filter((l) => l.startsWith('<tr class="probe">'));
    for (const row of rows)
      expect(row.match(/api\.initech\.example:8443/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('leaks no undefined, NaN or null, even for an empty scan', () => {
    expectNoLeakedPlaceholders(visibleText(html));
    const empty = renderHtml(emptyReport());
    expectNoLeakedPlaceholders(visibleText(empty));
    expect(empty).toContain('No rotations forecast');
    expect(empty).toContain('No certificates found.');
  });

  it('matches the golden output', () => {
    expect(html).toMatchSnapshot();
  });
});
