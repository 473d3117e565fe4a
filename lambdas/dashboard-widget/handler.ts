/**
 * Backs the dashboard's custom widgets: CloudWatch calls it with the widget's parameters and shows
 * the HTML it returns. It reads the latest report the evaluate step stored, nothing else.
 * `view: 'expiring'` (default) lists what expires next; `view: 'forecast'` shows the projected
 * rotations per org and year.
 */
import type { Report } from '../core/report/model';
import { lambdaHandler } from '../shared/observability';
import { SNAPSHOT_KEYS, snapshotStoreFromEnv } from '../shared/snapshots';
import { renderExpiryTable, renderForecastTable } from './render';

const snapshots = snapshotStoreFromEnv();

export interface WidgetEvent {
  /** Set when the dashboard asks the function to describe itself. */
  describe?: boolean;
  /** Widget parameter: which table (default 'expiring'). */
  view?: WidgetView;
  /** Widget parameter: how many certificates to list (default 15). */
  rows?: number;
}

export const WIDGET_VIEWS = ['expiring', 'forecast'] as const;
export type WidgetView = (typeof WIDGET_VIEWS)[number];

async function renderWidget(event: WidgetEvent): Promise<string> {
  if (event.describe) {
    return 'From the latest scan: `view: expiring` (default) lists the certificates that expire next and what depends on each (parameter `rows`, default 15); `view: forecast` shows projected rotations per org and year.';
  }
  const report = await snapshots.getJson<Report>(SNAPSHOT_KEYS.latestReport);
  if (event.view === 'forecast') return renderForecastTable(report);
  const rows =
    Number.isInteger(event.rows) && (event.rows as number) > 0 ? Math.min(event.rows as number, 50) : 15;
  return renderExpiryTable(report, { rows });
}

export const handler = lambdaHandler(renderWidget);
