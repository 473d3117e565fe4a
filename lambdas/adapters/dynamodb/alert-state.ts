/**
 * Alert state in a DynamoDB table with a string partition key `pk`: one item per certificate,
 * probe target, failing source, digest and snooze, each attribute a plain top-level value so the
 * table reads well in the console (mapped by `@aws-sdk/util-dynamodb`). Unchanged items are
 * recognised by their canonical JSON: DynamoDB returns attributes in no particular order.
 * `load` scans the whole table: fine for the hundreds of items
 * an estate has (a few read units); a much larger estate would want a Query on a type index.
 * `save` writes only the items that changed and deletes the ones that are gone.
 *
 * Optimistic concurrency: the daily Evaluate and the SecretChange handler can run the
 * load -> plan -> publish -> save cycle at the same moment. Every item carries a `version` number
 * (an adapter detail: it never reaches `AlertStateEntry`). `load` remembers the version of each key
 * in this instance, and `save` writes each changed item on condition that the table still holds
 * what this instance loaded: `attribute_not_exists(pk)` for a new item, `version = :expected` for
 * an existing one (the version then goes up by one), the same for a delete. One instance serves one
 * run (the Lambdas build it per process and use it once per invocation: load, then save).
 *
 * An item whose condition fails was changed by the other run: it is not overwritten, and `save`
 * returns its key as a conflict. The table then holds the other run's complete, self-consistent
 * entry, and the next run plans from it. If this run published an alert for that key, the record
 * of it is what is lost, so the next run plans that alert again: at worst it is sent twice, never
 * dropped. Items written before versions existed have no `version`; they are matched with
 * `attribute_not_exists(version)`.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AlertStateEntry } from '../../core/alerts/model';
import type { AlertStateStore, SaveResult } from '../../core/alerts/ports';
import { canonicalJson } from '../../core/canonical-json';
import { tracedClient } from '../xray/traced-clients';

export interface DynamoDbAlertStateOptions {
  tableName: string;
  /** Throttled writes are retried by the client's own retry strategy (its `maxAttempts`). */
  client?: DynamoDBClient;
  /** Conditional writes in flight at once. */
  concurrency?: number;
}

const ENTRY_TYPES = new Set(['certificate', 'probe', 'source', 'digest', 'snooze']);
/** The item attribute holding the optimistic-concurrency version; never part of an entry. */
export const VERSION_ATTRIBUTE = 'version';

/** The item for an entry: `pk` is the entry's key, every other field a top-level attribute. */
export function toItem(entry: AlertStateEntry): Record<string, AttributeValue> {
  const { key, ...fields } = entry;
  return { pk: { S: key }, ...marshall(fields, { removeUndefinedValues: true }) };
}

/** The entry an item holds, or undefined for an item this version does not understand. */
export function fromItem(item: Record<string, AttributeValue>): AlertStateEntry | undefined {
  const key = item.pk?.S;
  const type = item.type?.S;
  if (key === undefined || type === undefined || !ENTRY_TYPES.has(type)) return undefined;
  const { pk: _pk, [VERSION_ATTRIBUTE]: _version, ...fields } = item;
  return { key, ...unmarshall(fields) } as AlertStateEntry;
}

/** The entry as comparable text: DynamoDB returns attributes in no particular order. */
function comparableText(entry: AlertStateEntry): string {
  return canonicalJson(toItem(entry));
}

/** What this instance last saw in the table for one key. */
interface StoredItem {
  /** The entry as canonical JSON (keys sorted), or '' for an item this version does not understand. */
  serialised: string;
  /** The item's version; undefined for an item written before versions existed. */
  version: number | undefined;
}

interface Write {
  key: string;
  /** The item to put, or undefined to delete. */
  item: Record<string, AttributeValue> | undefined;
  /** What the table must still hold: undefined = no item at all. */
  expected: StoredItem | undefined;
}

/*
 * Why one conditional PutItem/DeleteItem per changed item rather than TransactWriteItems:
 * the entries are independent (one per certificate, probe target, source, the digest), and a
 * transaction fails as a whole on one conflict. A conflict on one certificate would then throw
 * away the records of every other alert this run published, and the next run would send them all
 * again. Per-item writes keep everything that did not conflict and report only what did. They also
 * cost half the write units of a transaction and have no 100-item limit. BatchWriteItem cannot
 * carry conditions at all.
 */
export class DynamoDbAlertState implements AlertStateStore {
  private readonly tableName: string;
  private readonly client: DynamoDBClient;
  private readonly concurrency: number;
  /** What the table held at the last load, or this instance's own last successful writes, by key. */
  private stored: Map<string, StoredItem> | undefined;

  constructor(options: DynamoDbAlertStateOptions) {
    this.tableName = options.tableName;
    this.client = options.client ?? tracedClient(new DynamoDBClient({}));
    this.concurrency = Math.max(1, options.concurrency ?? 10);
  }

  async load(): Promise<AlertStateEntry[]> {
    const entries: AlertStateEntry[] = [];
    const stored = new Map<string, StoredItem>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        const entry = fromItem(item);
        if (item.pk?.S !== undefined) {
          const version = item[VERSION_ATTRIBUTE]?.N;
          stored.set(item.pk.S, {
            serialised: entry ? comparableText(entry) : '',
            version: version === undefined ? undefined : Number(version),
          });
        }
        if (entry) entries.push(entry);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    this.stored = stored;
    return entries;
  }

  /**
   * Writes what changed since the load, each item on condition that nobody else changed it. Keys
   * whose condition failed are returned, not overwritten; they keep their loaded version here, so
   * saving again from this instance conflicts again (only a fresh load and plan may write them).
   * Any other error is thrown after every write was attempted.
   */
  async save(entries: AlertStateEntry[]): Promise<SaveResult> {
    if (!this.stored) await this.load();
    const stored = this.stored ?? new Map<string, StoredItem>();
    const writes: Write[] = [];
    const keep = new Set<string>();
    for (const entry of entries) {
      keep.add(entry.key);
      const expected = stored.get(entry.key);
      if (expected?.serialised !== comparableText(entry)) {
        writes.push({ key: entry.key, item: toItem(entry), expected });
      }
    }
    // Items this version does not understand are left alone; only known entries that are gone are deleted.
    for (const [key, expected] of stored) {
      if (!keep.has(key) && expected.serialised !== '') writes.push({ key, item: undefined, expected });
    }

    const conflicts: string[] = [];
    const failures: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < writes.length) {
        const write = writes[next++];
        try {
          const written = await this.write(write);
          if (written === undefined) stored.delete(write.key);
          else stored.set(write.key, written);
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) conflicts.push(write.key);
          else failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, writes.length) }, worker));
    this.stored = stored;
    if (failures.length > 0) {
      const first = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
      throw new Error(
        `DynamoDB did not accept ${failures.length} of ${writes.length} alert state write(s): ${first}`,
        { cause: failures[0] },
      );
    }
    return { conflicts: conflicts.sort() };
  }

  /** One conditional write; what the table holds for the key afterwards (undefined = deleted). */
  private async write({ key, item, expected }: Write): Promise<StoredItem | undefined> {
    const names: Record<string, string> = {};
    const values: Record<string, AttributeValue> = {};
    let condition: string;
    if (expected === undefined) {
      condition = 'attribute_not_exists(pk)';
    } else if (expected.version === undefined) {
      condition = 'attribute_exists(pk) AND attribute_not_exists(#version)';
      names['#version'] = VERSION_ATTRIBUTE;
    } else {
      condition = '#version = :expected';
      names['#version'] = VERSION_ATTRIBUTE;
      values[':expected'] = { N: String(expected.version) };
    }
    const conditional = {
      TableName: this.tableName,
      ConditionExpression: condition,
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    };
    if (item === undefined) {
      await this.client.send(new DeleteItemCommand({ ...conditional, Key: { pk: { S: key } } }));
      return undefined;
    }
    const version = (expected?.version ?? 0) + 1;
    await this.client.send(
      new PutItemCommand({ ...conditional, Item: { ...item, [VERSION_ATTRIBUTE]: { N: String(version) } } }),
    );
    return { serialised: canonicalJson(item), version };
  }
}
