import type { ReportFormat } from '../../../lambdas/core/report/render';
import { REPORT_FORMATS, renderReport } from '../../../lambdas/core/report/render';
import { renderHtml } from '../../../lambdas/core/report/render-html';
import { renderIcs } from '../../../lambdas/core/report/render-ics';
import { renderJson } from '../../../lambdas/core/report/render-json';
import { renderMarkdown } from '../../../lambdas/core/report/render-markdown';
import { renderTable } from '../../../lambdas/core/report/render-table';
import { realisticReport } from './fixtures';

describe('renderReport', () => {
  const report = realisticReport();

  it('offers the five formats', () => {
    expect(REPORT_FORMATS).toEqual(['table', 'json', 'markdown', 'html', 'ics']);
  });

  it('hands each format to its renderer', () => {
    expect(renderReport(report, 'table', { color: true })).toBe(renderTable(report, { color: true }));
    expect(renderReport(report, 'table', { color: false, width: 80 })).toBe(
      renderTable(report, { color: false, width: 80 }),
    );
    expect(renderReport(report, 'json', { color: true })).toBe(renderJson(report));
    expect(renderReport(report, 'markdown', { color: true })).toBe(renderMarkdown(report));
    expect(renderReport(report, 'html', { color: true })).toBe(renderHtml(report));
    expect(renderReport(report, 'ics', { color: true })).toBe(renderIcs(report));
  });

  it('colours only the table', () => {
    for (const format of REPORT_FORMATS.filter((f) => f !== 'table')) {
      expect(renderReport(report, format, { color: true })).not.toContain('\u001b[');
    }
  });

  it('refuses a format it does not know', () => {
    expect(() => renderReport(report, 'pdf' as ReportFormat, { color: false })).toThrow(
      'unknown format "pdf"',
    );
  });
});
