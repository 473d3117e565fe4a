/**
 * One entry point for every output format, so the CLI, the Lambdas and the dashboard widget choose
 * a format by name and never import a renderer directly.
 */
import type { Report } from './model';
import { renderHtml } from './render-html';
import { renderIcs } from './render-ics';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderTable } from './render-table';

export const REPORT_FORMATS = ['table', 'json', 'markdown', 'html', 'ics'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** ANSI colours in the table format; ignored by the others. */
  color: boolean;
  /** Terminal width for the table format; none (a file, a pipe) cuts nothing. */
  width?: number;
}

export function renderReport(report: Report, format: ReportFormat, options: RenderOptions): string {
  switch (format) {
    case 'table':
      return renderTable(report, options);
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'ics':
      return renderIcs(report);
    default:
      throw new Error(`renderReport: unknown format "${String(format satisfies never)}"`);
  }
}
