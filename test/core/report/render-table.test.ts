import { renderTable } from '../../../lambdas/core/report/render-table';
import { expectNoLeakedPlaceholders } from './assertions';
import { emptyReport, hostileReport, realisticReport } from './fixtures';

const ESC = '\u001b';
// Wide enough that nothing is truncated: content assertions see whole fields.
const plain = (width = 160) => renderTable(realisticReport(), { color: false, width });
const lines = (text: string) => text.split('\n');
const rowOf = (text: string, name: string) =>
  lines(text).find((l) => l.includes(name) && !l.includes('breaks:'))!;

describe('renderTable', () => {
  it('opens with the time, the tiers and the failed and partial sources before the healthy ones', () => {
    const [title, incomplete, count, tiers, findings, failed, partial, healthy] = lines(plain());
    expect(title).toBe('Cert Sentinel report · generated 2026-11-23 06:00 UTC');
    // Before any count: the counts below cover only what could be read.
    expect(incomplete).toBe(
      '!! THIS REPORT IS INCOMPLETE: 2 sources could not be read in full (below); the counts cover only what was read',
    );
    expect(count).toBe('6 certificates · 1 expired · next expiry in 3 days');
    expect(tiers).toBe('tiers: 1 expired · 1 critical · 1 warning · 2 notice · 1 ok');
    expect(findings).toBe('findings: 2 critical · 2 warning · 1 info');
    expect(failed).toMatch(/^!! SOURCE FAILED +secrets:us-east-1 \(secrets-manager\): AccessDeniedException/);
    expect(partial).toMatch(/^! +SOURCE PARTIAL salesforce:acme-uat/);
    expect(healthy).toBe('sources ok: probe, salesforce:acme-prod, secrets:eu-west-1');
  });

  it('lists certificates soonest first, expired included, with tier, days, date and ~ for day precision', () => {
    const text = plain();
    const order = [
      'Payroll_mTLS',
      'globex/client-cert',
      'Integration_JWT',
      'Initech_Inbound',
      'api.initech',
      'SSO_Okta',
    ];
    const positions = order.map((name) => text.indexOf(rowOf(text, name)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(rowOf(text, 'Payroll_mTLS')).toMatch(
      /^expired +-4 +~2026-11-20 +Payroll_mTLS +mutual-auth +acme-prod ↔ Payroll Co/,
    );
    expect(rowOf(text, 'globex/client-cert')).toMatch(
      /^critical +3 +2026-11-26 +globex\/client-cert +partner-client/,
    );
    expect(rowOf(text, 'Initech_Inbound')).toMatch(/~2027-01-10 .* no owner$/);
  });

  it('puts the blast radius under each certificate that has dependents', () => {
    const text = lines(plain());
    const globex = text.findIndex((l) => l.startsWith('critical'));
    expect(text[globex + 1]).toBe(
      '          breaks: Named Credential Globex_Orders, External Credential Globex_mTLS, external system Globex',
    );
    const payroll = text.findIndex((l) => l.startsWith('expired'));
    expect(text[payroll + 1].trim()).toBe(
      'breaks: integration user payroll.integration@acme.example, external system Payroll Co',
    );
    expect(plain()).not.toMatch(/breaks:.*owner pki@globex/);
  });

  it('colours tiers only when asked, and only with the tier colour', () => {
    expect(plain()).not.toContain(ESC);
    const coloured = renderTable(realisticReport(), { color: true, width: 120 });
    expect(coloured).toContain(`${ESC}[1m${ESC}[31mexpired`);
    expect(coloured).toContain(`${ESC}[31mcritical`);
    expect(coloured).toContain(`${ESC}[33mwarning`);
    expect(coloured).toContain(`${ESC}[36mnotice`);
    expect(coloured).toContain(`${ESC}[32mok`);
    // Colour codes never shift the columns: stripped, the coloured output is the plain one.
    expect(coloured.split(new RegExp(`${ESC}\\[\\d+m`)).join('')).toBe(plain(120));
  });

  it('groups findings by severity, worst first, with their full message', () => {
    const text = renderTable(realisticReport(), { color: false, width: 80 });
    const critical = text.indexOf('critical (2)');
    const warning = text.indexOf('warning (2)');
    const info = text.indexOf('info (1)');
    expect(critical).toBeGreaterThan(text.indexOf('FINDINGS'));
    expect(critical).toBeLessThan(warning);
    expect(warning).toBeLessThan(info);
    expect(text).toContain('  MUTUAL_AUTH_MISSING_OWNER  salesforce:acme-uat:Initech_Inbound');
    // Long messages wrap rather than lose the advice at the end.
    expect(text.replace(/\n +/g, ' ')).toContain('so the next rotation has someone to call.');
  });

  it('draws the forecast as bars proportional to the rotations, two-party part first', () => {
    const text = plain();
    const bars = new Map(
      lines(text)
        .filter((l) => /^20\d\d {2}[█░]/.test(l))
        .map((l) => [Number(l.slice(0, 4)), l.match(/[█░]+/)![0]]),
    );
    expect([...bars.keys()]).toEqual([2026, 2027, 2028, 2029, 2030]);
    const full = bars.get(2030)!.length;
    expect(full).toBe(50);
    for (const [year, rotations, twoParty] of [
      [2026, 3, 2],
      [2027, 14, 8],
      [2029, 31, 17],
    ]) {
      const bar = bars.get(year)!;
      expect(Math.abs(bar.length - (rotations / 44) * full)).toBeLessThanOrEqual(1);
      expect(Math.abs(bar.replace(/░/g, '').length - (twoParty / 44) * full)).toBeLessThanOrEqual(1);
      expect(bar).toMatch(/^█+░+$/);
    }
    expect(text).toMatch(/^2030 {2}█+░+ +44 rotations {2}24 two-party$/m);
    expect(text).toMatch(/^2027 .*· SC-081: 100 d from 15 Mar$/m);
  });

  it('totals the forecast per org and per partner', () => {
    const text = plain();
    expect(text).toMatch(/^per org +2026 +2027 +2028 +2029 +2030 +total$/m);
    expect(text).toMatch(/^acme-prod +2 +9 +12 +21 +30 +74$/m);
    expect(text).toMatch(/^acme-uat +0 +5 +6 +10 +14 +35$/m);
    expect(text).toMatch(/^Globex +1 +4 +4 +7 +8 +24$/m);
  });

  it('lists probe results with outcome, target, endpoint and latency', () => {
    const text = plain();
    expect(text).toMatch(/^OK +initech-api \(api\.initech\.example:8443\) +142 ms$/m);
    expect(text).toMatch(
      /^CLIENT_CERT_REJECTED +globex-orders \(orders\.globex\.example:8443\) +87 ms +alert certificate required$/m,
    );
    expect(text).not.toContain('ENDPOINT');
    expect(text.indexOf('PROBES')).toBeGreaterThan(text.indexOf('ROTATIONS PER YEAR'));
  });

  it.each([70, 80, 100, 160])('fits every line into %i columns', (width) => {
    const text = renderTable(realisticReport(), { color: false, width });
    for (const line of lines(text)) expect(Array.from(line).length).toBeLessThanOrEqual(width);
    // Only a narrow terminal needs to cut anything.
    expect(text.includes('…')).toBe(width <= 100);
  });

  it('cuts nothing without a width (a file, a pipe)', () => {
    const report = realisticReport();
    report.certificates[0].name = `Payroll_mTLS_${'very_long_name_'.repeat(12)}end`;
    const text = renderTable(report, { color: false });
    expect(text).not.toContain('…');
    expect(text).toContain(report.certificates[0].name);
  });

  it('gives the useful columns the room before KIND at 100 columns', () => {
    const text = renderTable(realisticReport(), { color: false, width: 100 });
    // Owners keep more of their text than the kind does.
    expect(rowOf(text, 'globex/client-cert')).toMatch(/integrations@acme/);
  });

  it('keeps the chart honest at 80 columns: a small year still shows its two-party part', () => {
    const report = realisticReport();
    report.forecast.byYear = [
      { year: 2026, rotations: 5, twoPartyRotations: 4 },
      { year: 2030, rotations: 200, twoPartyRotations: 100 },
    ];
    const text = renderTable(report, { color: false, width: 80 });
    const small = lines(text).find((l) => l.startsWith('2026  '))!;
    expect(small).toMatch(/^2026 {2}█+░+ /);
    report.forecast.byYear[0] = { year: 2026, rotations: 1, twoPartyRotations: 1 };
    const one = lines(renderTable(report, { color: false, width: 80 }));
    const [y2026, y2030] = ['2026  ', '2030  '].map((y) => one.find((l) => l.startsWith(y))!);
    expect(y2026).toMatch(/^2026 {2}█ +1 rotation +1 two-party/);
    expect(y2026.indexOf('two-party')).toBe(y2030.indexOf('two-party'));
  });

  it('never lets certificate fields drive the terminal', () => {
    const text = renderTable(hostileReport(), { color: false, width: 200 });
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u0007');
    expect(text).toContain('<img src=x onerror=alert(1)>|pipe newline [31mred');
  });

  it('says so when there is nothing, instead of printing blanks or placeholders', () => {
    const text = renderTable(emptyReport(), { color: false });
    expect(text).toContain('0 certificates\n');
    expect(text).toContain('CERTIFICATES\nnone found');
    expect(text).toContain('FINDINGS\nnone');
    expect(text).toContain('no rotations forecast');
    expect(text).toContain('PROBES\nnone run');
    expectNoLeakedPlaceholders(text);
  });

  it('leaks no undefined, NaN or null into a realistic report', () => {
    expectNoLeakedPlaceholders(plain());
    expectNoLeakedPlaceholders(renderTable(realisticReport(), { color: false, width: 70 }));
  });

  it('matches the golden output as written to a file (no width: nothing cut)', () => {
    expect(renderTable(realisticReport(), { color: false })).toMatchSnapshot();
  });
});
