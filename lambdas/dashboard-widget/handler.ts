/**
 * Backs the dashboard's custom widget: CloudWatch calls it with the widget's parameters and shows
 * the HTML it returns. It reads the latest report the evaluate step stored, nothing else.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Report } from '../core/report/model';
import { ENV, requiredEnv } from '../shared/environment';
import { SNAPSHOT_KEYS, SnapshotStore } from '../shared/snapshots';
import { renderExpiryTable } from './render';

const snapshots = new SnapshotStore({ client: new S3Client({}), bucket: requiredEnv(ENV.snapshotBucket) });

export interface WidgetEvent {
  /** Set when the dashboard asks the function to describe itself. */
  describe?: boolean;
  /** Widget parameter: how many certificates to list (default 15). */
  rows?: number;
}

export async function handler(event: WidgetEvent): Promise<string> {
  if (event.describe) {
    return 'Lists the certificates that expire next and what depends on each, from the latest scan. Parameter: `rows` (default 15).';
  }
  const rows =
    Number.isInteger(event.rows) && (event.rows as number) > 0 ? Math.min(event.rows as number, 50) : 15;
  return renderExpiryTable(await snapshots.getJson<Report>(SNAPSHOT_KEYS.latestReport), { rows });
}
