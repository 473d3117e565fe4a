/**
 * The machine-readable report: the Report itself, as `docs/report.schema.json` describes it.
 * Keys are written in sorted order at every level so that two scans of the same estate give the
 * same bytes, whatever order the engine happened to build the objects in (diffs stay readable).
 */
import type { Report } from './model';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(sortKeys(report), null, 2)}\n`;
}
