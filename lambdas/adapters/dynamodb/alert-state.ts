/**
 * Alert state in a DynamoDB table with a string partition key `pk`: one item per certificate,
 * probe target, failing source and the digest, each attribute a plain top-level value so the
 * table reads well in the console. `load` scans the whole table: fine for the hundreds of items
 * an estate has (a few read units); a much larger estate would want a Query on a type index.
 * `save` writes only the items that changed and deletes the ones that are gone.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { AlertStateEntry } from '../../core/alerts/model';
import type { AlertStateStore } from '../../core/alerts/ports';

export interface DynamoDbAlertStateOptions {
  tableName: string;
  client?: DynamoDBClient;
  /** Retries of unprocessed batch items (throttling) before giving up. */
  maxAttempts?: number;
  /** Waits between retries; injectable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

const ENTRY_TYPES = new Set(['certificate', 'probe', 'source', 'digest']);
const BATCH = 25;

type Flat = Record<string, string | number | boolean | null>;

export function toItem(entry: AlertStateEntry): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = { pk: { S: entry.key } };
  for (const [name, value] of Object.entries(entry as unknown as Flat)) {
    if (name === 'key' || value === undefined) continue;
    if (value === null) item[name] = { NULL: true };
    else if (typeof value === 'string') item[name] = { S: value };
    else if (typeof value === 'number') item[name] = { N: String(value) };
    else item[name] = { BOOL: value };
  }
  return item;
}

/** The entry an item holds, or undefined for an item this version does not understand. */
export function fromItem(item: Record<string, AttributeValue>): AlertStateEntry | undefined {
  const key = item.pk?.S;
  const type = item.type?.S;
  if (key === undefined || type === undefined || !ENTRY_TYPES.has(type)) return undefined;
  const entry: Flat = { key };
  for (const [name, value] of Object.entries(item)) {
    if (name === 'pk') continue;
    if (value.S !== undefined) entry[name] = value.S;
    else if (value.N !== undefined) entry[name] = Number(value.N);
    else if (value.BOOL !== undefined) entry[name] = value.BOOL;
    else if (value.NULL) entry[name] = null;
  }
  return entry as unknown as AlertStateEntry;
}

export class DynamoDbAlertState implements AlertStateStore {
  private readonly tableName: string;
  private readonly client: DynamoDBClient;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** What the table held at the last load or save, by key, serialised for comparison. */
  private stored: Map<string, string> | undefined;

  constructor(options: DynamoDbAlertStateOptions) {
    this.tableName = options.tableName;
    this.client = options.client ?? new DynamoDBClient({});
    this.maxAttempts = options.maxAttempts ?? 5;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async load(): Promise<AlertStateEntry[]> {
    const entries: AlertStateEntry[] = [];
    const stored = new Map<string, string>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        const entry = fromItem(item);
        if (item.pk?.S !== undefined) stored.set(item.pk.S, entry ? JSON.stringify(toItem(entry)) : '');
        if (entry) entries.push(entry);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    this.stored = stored;
    return entries;
  }

  async save(entries: AlertStateEntry[]): Promise<void> {
    if (!this.stored) await this.load();
    const stored = this.stored ?? new Map<string, string>();
    const requests: WriteRequest[] = [];
    const keep = new Set<string>();
    for (const entry of entries) {
      keep.add(entry.key);
      const item = toItem(entry);
      if (stored.get(entry.key) !== JSON.stringify(item)) requests.push({ PutRequest: { Item: item } });
    }
    // Items this version does not understand are left alone; only known entries that are gone are deleted.
    for (const [key, serialised] of stored) {
      if (!keep.has(key) && serialised !== '') requests.push({ DeleteRequest: { Key: { pk: { S: key } } } });
    }
    for (let i = 0; i < requests.length; i += BATCH) await this.write(requests.slice(i, i + BATCH));
    this.stored = new Map([
      ...[...stored].filter(([key, serialised]) => keep.has(key) || serialised === ''),
      ...entries.map((entry): [string, string] => [entry.key, JSON.stringify(toItem(entry))]),
    ]);
  }

  private async write(batch: WriteRequest[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > this.maxAttempts) {
        throw new Error(
          `DynamoDB did not accept ${pending.length} alert state item(s) after ${this.maxAttempts} attempts`,
        );
      }
      if (attempt > 1) await this.sleep(50 * 2 ** attempt);
      const result = await this.client.send(
        new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }),
      );
      pending = result.UnprocessedItems?.[this.tableName] ?? [];
    }
  }
}
