/**
 * The machine-readable report: the Report itself, as `docs/report.schema.json` describes it.
 * Keys are written in sorted order at every level so that two scans of the same estate give the
 * same bytes, whatever order the engine happened to build the objects in (diffs stay readable).
 */
import { canonicalJson } from '../canonical-json';
import type { Report } from './model';

export function renderJson(report: Report): string {
  return `${canonicalJson(report, 2)}\n`;
}
