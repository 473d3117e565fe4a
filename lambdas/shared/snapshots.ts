/**
 * The scan snapshot bucket: per-scan inventories (passed between states by key), the report of
 * each scan, and the latest report and merged inventory that the dashboard widget and the
 * secret-change path start from. Keys are built here and nowhere else.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { tracedClient } from '../adapters/xray/traced-clients';
import { ENV, requiredEnv } from './environment';

/** Objects under this prefix are expired by the bucket's lifecycle rule (history, not state). */
export const SCAN_PREFIX = 'scans/';

export const SNAPSHOT_KEYS = {
  latestReport: 'latest/report.json',
  latestInventory: 'latest/inventory.json',
  /** The rotation calendar of the latest report (RFC 5545), for calendar subscriptions and imports. */
  latestCalendar: 'latest/rotations.ics',
  orgInventory: (scanId: string, org: string) => `${SCAN_PREFIX}${scanId}/orgs/${org}.json`,
  partnerInventory: (scanId: string, selector: number | string, region: string) =>
    `${SCAN_PREFIX}${scanId}/partners/${selector}-${region}.json`,
  scanReport: (scanId: string) => `${SCAN_PREFIX}${scanId}/report.json`,
} as const;

/** The same keys as IAM resource patterns, one function's objects each (`*` for every scan). */
export const SNAPSHOT_PATTERNS = {
  orgInventories: SNAPSHOT_KEYS.orgInventory('*', '*'),
  partnerInventories: SNAPSHOT_KEYS.partnerInventory('*', '*', '*'),
  scanReports: SNAPSHOT_KEYS.scanReport('*'),
} as const;

export class SnapshotStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: { client: S3Client; bucket: string }) {
    this.client = options.client;
    this.bucket = options.bucket;
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(value),
        ContentType: 'application/json',
      }),
    );
  }

  async putText(key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  /**
   * Starts every write and waits for each to settle, success or failure, before returning or
   * throwing: a write left running would be frozen with the Lambda and finish inside the next
   * invocation, storing the failed run's objects there. Throws one error naming every object that
   * was not written and why.
   */
  async putAll(writes: Array<[key: string, write: () => Promise<void>]>): Promise<void> {
    const settled = await Promise.allSettled(writes.map(([, write]) => write()));
    const failures = settled.flatMap((outcome, i) =>
      outcome.status === 'rejected' ? [{ key: writes[i][0], error: outcome.reason as unknown }] : [],
    );
    if (failures.length === 0) return;
    const reasons = failures.map(({ key, error }) => `${key}: ${describeS3Error(error)}`);
    throw new AggregateError(
      failures.map((f) => f.error),
      `${failures.length} of ${writes.length} snapshot writes failed (${reasons.join('; ')})`,
    );
  }

  /** The parsed object, or undefined when there is none yet (first scan). */
  async getJson<T>(key: string): Promise<T | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const text = await object.Body?.transformToString('utf8');
      return text === undefined ? undefined : (JSON.parse(text) as T);
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}

/** The S3 error code and message (`AccessDenied: Access Denied`); never a request payload. */
function describeS3Error(error: unknown): string {
  if (error instanceof Error)
    return error.name === error.message ? error.name : `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The store on the bucket the stack bound (SNAPSHOT_BUCKET). Functions call it once, at module
 * scope, so the client and its connections are reused by every invocation of a warm container.
 */
export function snapshotStoreFromEnv(): SnapshotStore {
  return new SnapshotStore({
    client: tracedClient(new S3Client({})),
    bucket: requiredEnv(ENV.snapshotBucket),
  });
}
