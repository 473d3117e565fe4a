import { renderMarkdown } from '../../../lambdas/core/report/render-markdown';
import { expectNoLeakedPlaceholders } from './assertions';
import { emptyReport, hostileReport, realisticReport } from './fixtures';

const markdown = renderMarkdown(realisticReport());
const lines = markdown.split('\n');

/** Cells of a GFM table row, honouring escaped pipes. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

function tableAfter(heading: string): string[][] {
  const start = lines.indexOf(heading);
  const rows: string[][] = [];
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i].startsWith('|')) rows.push(cells(lines[i]));
    else if (rows.length > 0) break;
  }
  return rows;
}

describe('renderMarkdown', () => {
  it('announces failed and partial sources under the title', () => {
    expect(lines[0]).toBe('# Cert Sentinel report');
    expect(markdown).toContain(
      'Generated 2026-11-23 06:00 UTC: 6 certificates, 1 expired, next expiry in 3 days.',
    );
    expect(markdown).toContain(
      '**This report is incomplete:** 2 sources could not be read in full; the counts cover only what was read.',
    );
    const failed = lines.findIndex((l) => l.startsWith('> **Source failed:** `secrets:us-east-1`'));
    const partial = lines.findIndex((l) => l.startsWith('> **Source partial:** `salesforce:acme-uat`'));
    expect(failed).toBeGreaterThan(0);
    expect(partial).toBe(failed + 1);
  });

  it('tabulates certificates soonest first with tier words, ~ dates, owners and the blast radius', () => {
    const [header, rule, ...rows] = tableAfter('## Certificates');
    expect(header).toEqual([
      'Tier',
      'Days left',
      'Expires (UTC)',
      'Name',
      'Kind',
      'Org / partner',
      'Owners',
      'Breaks when it expires',
    ]);
    expect(rule[1]).toBe('---:');
    expect(rows.map((r) => r[0])).toEqual([
      '**EXPIRED**',
      '**CRITICAL**',
      'WARNING',
      'NOTICE',
      'NOTICE',
      'OK',
    ]);
    expect(rows[0]).toEqual([
      '**EXPIRED**',
      '-4',
      '~2026-11-20',
      'Payroll\\_mTLS',
      'mutual-auth',
      'acme-prod ↔ Payroll Co',
      'hr-systems@acme.example; partner: ops@payroll.example',
      'integration user payroll.integration@acme.example; external system Payroll Co',
    ]);
    expect(rows[3][6]).toBe('no owner');
    expect(markdown).not.toMatch(/[\u{1F300}-\u{1FAFF}\u2600-\u27BF]/u);
  });

  it('groups findings by severity, worst first', () => {
    const headings = lines.filter((l) => l.startsWith('### ') && /\(\d+\)$/.test(l));
    expect(headings).toEqual(['### Critical (2)', '### Warning (2)', '### Info (1)']);
    expect(tableAfter('### Critical (2)')[2]).toEqual([
      '`CERTIFICATE_EXPIRED`',
      '`salesforce:acme-prod:Payroll_mTLS`',
      'Payroll\\_mTLS expired on 2026-11-20: the Payroll Co integration cannot complete its handshake.',
    ]);
  });

  it('gives the forecast per year with the SC-081 limit, and per org and partner', () => {
    const rows = tableAfter('## Rotation forecast');
    expect(rows.slice(2)).toEqual([
      ['2026', '3', '2', '200 days from 15 Mar'],
      ['2027', '14', '8', '100 days from 15 Mar'],
      ['2028', '18', '10', '100 days'],
      ['2029', '31', '17', '47 days from 15 Mar'],
      ['2030', '44', '24', '47 days'],
    ]);
    expect(tableAfter('### Per org')[2]).toEqual(['acme-prod', '2', '9', '12', '21', '30', '74']);
    expect(tableAfter('### Per org')[3]).toEqual(['acme-uat', '0', '5', '6', '10', '14', '35']);
    expect(tableAfter('### Per partner')[2][0]).toBe('Globex');
  });

  it('lists sources failed first and probes with outcome and latency', () => {
    expect(
      tableAfter('## Sources')
        .slice(2)
        .map((r) => r[0]),
    ).toEqual(['**FAILED**', '**PARTIAL**', 'ok', 'ok', 'ok']);
    expect(tableAfter('## Probes')[3]).toEqual([
      '**CLIENT_CERT_REJECTED**',
      'globex-orders',
      '`orders.globex.example:8443`',
      '87 ms',
      '2026-11-23 05:59',
      'alert certificate required',
    ]);
  });

  it('keeps untrusted text from breaking tables, adding links or raw HTML', () => {
    const hostile = renderMarkdown(hostileReport());
    // A newline or an escape sequence in a cell would end the row or garble the ticket.
    expect(Array.from(hostile).filter((ch) => ch !== '\n' && ch.charCodeAt(0) < 0x20)).toEqual([]);
    const certificateRows = hostile.split('\n').filter((l) => l.includes('onerror'));
    expect(certificateRows).toHaveLength(1);
    expect(cells(certificateRows[0])).toHaveLength(8);
    expect(hostile).toContain('\\<img src=x onerror=alert(1)\\>\\|pipe newline');
    expect(hostile).toContain('Partner \\| \\*bold\\* \\_em\\_ \\[link\\](javascript:alert(1))');
    // Code spans show their content literally; everywhere else markup must arrive escaped.
    const outsideCode = hostile.replace(/`[^`]*`/g, '');
    expect(outsideCode).not.toMatch(/(?<!\\)[<[]/);
    expect(hostile).toContain('`src<script>`');
  });

  it('leaks no undefined, NaN or null, even for an empty scan', () => {
    expectNoLeakedPlaceholders(markdown);
    const empty = renderMarkdown(emptyReport());
    expectNoLeakedPlaceholders(empty);
    expect(empty).toContain('No certificates found.');
    expect(empty).toContain('No rotations forecast.');
  });

  it('matches the golden output', () => {
    expect(markdown).toMatchSnapshot();
  });
});
