import { escapeHtml, html, joinHtml, trustedHtml } from '../../../lambdas/core/report/html';
import { renderExpiryTable, renderForecastTable } from '../../../lambdas/dashboard-widget/render';
import { hostileReport } from './fixtures';

describe('html, the one escaper', () => {
  it('escapes the five characters that matter in content and quoted attributes, and turns controls into spaces', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\u001b[31m</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp; [31m&lt;/a&gt;',
    );
  });

  it('escapes every interpolation unless html made it', () => {
    const name = '<img src=x onerror=alert(1)>';
    const cell = html`<td title="${name}">${name}</td>`;
    expect(String(cell)).toBe(
      '<td title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</td>',
    );
    // Nested markup passes once; its own values were escaped when it was made.
    expect(String(html`<tr>${cell}</tr>`)).toBe(`<tr>${cell}</tr>`);
    // A string that looks like markup is still text: only SafeHtml passes.
    expect(String(html`<tr>${String(cell)}</tr>`)).toContain('&lt;td title=&quot;');
  });

  it('renders lists, numbers and nothing', () => {
    expect(String(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`)).toBe(
      '<ul><li>a&lt;</li><li>b</li></ul>',
    );
    expect(String(html`${0}|${null}|${undefined}|${false}`)).toBe('0|||');
    expect(String(joinHtml(['<x>', html`<br>`], ' / '))).toBe('&lt;x&gt; / <br>');
    expect(String(trustedHtml('<style>a{}</style>'))).toBe('<style>a{}</style>');
  });
});

describe('the dashboard widget', () => {
  it('escapes certificate text in both tables', () => {
    const report = hostileReport();
    const tables = renderExpiryTable(report, { rows: 20 }) + renderForecastTable(report);
    expect(tables).not.toMatch(/<script|<img/i);
    expect(tables).toContain('<td>&lt;img src=x onerror=alert(1)&gt;|pipe newline [31mred</td>');
    expect(tables).toContain('Named Credential &lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(tables).toContain('<td>&lt;org&gt;</td>');
  });
});
