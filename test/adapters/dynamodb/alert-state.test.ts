import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoDbAlertState, fromItem, toItem } from '../../../lambdas/adapters/dynamodb/alert-state';
import { deliverAlerts } from '../../../lambdas/core/alerts/deliver';
import { MemoryNotifier } from '../../../lambdas/core/alerts/in-memory';
import type { AlertStateEntry } from '../../../lambdas/core/alerts/model';
import { daysAfter, inTier, NOW, report } from '../../core/alerts/fixtures';

const TABLE = 'cert-sentinel-alert-state';
const ddb = mockClient(DynamoDBClient);

const certificateEntry: AlertStateEntry = {
  type: 'certificate',
  key: 'certificate#salesforce:acme-prod:inbound:ERP_Client',
  certificateId: 'salesforce:acme-prod:inbound:ERP_Client',
  source: 'salesforce:acme-prod',
  tier: 'critical',
  fingerprint: null,
  notAfter: '2026-11-28T00:00:00.000Z',
  lastTierAlerted: 'critical',
  lastAlertAt: '2026-11-24T06:00:00.000Z',
};
const probeEntry: AlertStateEntry = {
  type: 'probe',
  key: 'probe#erp-gateway',
  target: 'erp-gateway',
  outcome: 'TIMEOUT',
  lastAlertAt: null,
};
const digestEntry: AlertStateEntry = {
  type: 'digest',
  key: 'digest',
  week: '2026-W48',
  lastAlertAt: '2026-11-23T06:00:00.000Z',
};

const store = () =>
  new DynamoDbAlertState({ tableName: TABLE, client: new DynamoDBClient({ region: 'eu-west-1' }) });
/** An item as the table holds it: the entry plus its version. */
const stored = (entry: AlertStateEntry, version?: number) => ({
  ...toItem(entry),
  ...(version === undefined ? {} : { version: { N: String(version) } }),
});
const puts = () => ddb.commandCalls(PutItemCommand).map((c) => c.args[0].input);
const deletes = () => ddb.commandCalls(DeleteItemCommand).map((c) => c.args[0].input);
const conflict = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => ddb.reset());

describe('item mapping', () => {
  it.each([certificateEntry, probeEntry, digestEntry])(
    'round-trips a $type entry through a flat item keyed by pk',
    (entry) => {
      const item = toItem(entry);
      expect(item.pk).toEqual({ S: entry.key });
      expect(item.key).toBeUndefined();
      expect(fromItem(item)).toEqual(entry);
    },
  );

  it('writes null as NULL', () => {
    expect(toItem(certificateEntry).fingerprint).toEqual({ NULL: true });
  });

  it('keeps the version out of the entry', () => {
    expect(fromItem(stored(probeEntry, 7))).toEqual(probeEntry);
  });

  it('ignores items it does not understand', () => {
    expect(fromItem({ pk: { S: 'something-else' }, type: { S: 'future' } })).toBeUndefined();
    expect(fromItem({ type: { S: 'probe' } })).toBeUndefined();
  });
});

describe('DynamoDbAlertState', () => {
  it('loads every page of a consistent Scan', async () => {
    ddb
      .on(ScanCommand)
      .resolvesOnce({
        Items: [toItem(certificateEntry)],
        LastEvaluatedKey: { pk: { S: certificateEntry.key } },
      })
      .resolvesOnce({ Items: [toItem(probeEntry), { pk: { S: 'x' }, type: { S: 'future' } }] });
    expect(await store().load()).toEqual([certificateEntry, probeEntry]);
    const calls = ddb.commandCalls(ScanCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toMatchObject({ TableName: TABLE, ConsistentRead: true });
    expect(calls[1].args[0].input.ExclusiveStartKey).toEqual({ pk: { S: certificateEntry.key } });
  });

  it('saves only what changed and deletes what is gone, leaving unknown items alone', async () => {
    ddb.on(ScanCommand).resolves({
      Items: [
        stored(certificateEntry, 3),
        stored(probeEntry, 4),
        stored(digestEntry, 5),
        { pk: { S: 'x' }, type: { S: 'future' } },
      ],
    });
    ddb.on(PutItemCommand).resolves({});
    ddb.on(DeleteItemCommand).resolves({});
    const state = store();
    await state.load();
    const changed: AlertStateEntry = { ...probeEntry, outcome: 'OK' } as AlertStateEntry;
    expect(await state.save([certificateEntry, changed])).toEqual({ conflicts: [] });
    expect(puts().map((p) => p.Item?.pk)).toEqual([{ S: probeEntry.key }]);
    expect(deletes()).toEqual([
      {
        TableName: TABLE,
        Key: { pk: { S: 'digest' } },
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': { N: '5' } },
      },
    ]);
    // Saving the same state again writes nothing.
    ddb.resetHistory();
    await state.save([certificateEntry, changed]);
    expect(ddb).not.toHaveReceivedCommand(PutItemCommand);
    expect(ddb).not.toHaveReceivedCommand(DeleteItemCommand);
  });

  it('writes a new item only if the key does not exist yet, at version 1', async () => {
    ddb.on(ScanCommand).resolves({ Items: [] });
    ddb.on(PutItemCommand).resolves({});
    await store().save([probeEntry]);
    expect(puts()).toEqual([
      {
        TableName: TABLE,
        Item: stored(probeEntry, 1),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
  });

  it('updates an item on condition of the loaded version and increments it', async () => {
    ddb.on(ScanCommand).resolves({ Items: [stored(probeEntry, 4)] });
    ddb.on(PutItemCommand).resolves({});
    const state = store();
    await state.load();
    const changed = { ...probeEntry, outcome: 'OK' } as AlertStateEntry;
    await state.save([changed]);
    expect(puts()).toEqual([
      {
        TableName: TABLE,
        Item: stored(changed, 5),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': { N: '4' } },
      },
    ]);
    // The instance remembers what it wrote: the next change expects version 5.
    ddb.resetHistory();
    await state.save([probeEntry]);
    expect(puts()[0].ExpressionAttributeValues).toEqual({ ':expected': { N: '5' } });
  });

  it('updates an item written before versions existed only while it still has none', async () => {
    ddb.on(ScanCommand).resolves({ Items: [toItem(probeEntry)] });
    ddb.on(PutItemCommand).resolves({});
    const state = store();
    await state.load();
    const changed = { ...probeEntry, outcome: 'OK' } as AlertStateEntry;
    await state.save([changed]);
    expect(puts()).toEqual([
      {
        TableName: TABLE,
        Item: stored(changed, 1),
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#version)',
        ExpressionAttributeNames: { '#version': 'version' },
      },
    ]);
  });

  it('reports a conflicting item without overwriting it, and still writes the others', async () => {
    ddb.on(ScanCommand).resolves({ Items: [stored(certificateEntry, 2), stored(digestEntry, 9)] });
    ddb.on(PutItemCommand).callsFake(async (input: PutItemCommandInput) => {
      if (input.Item?.pk?.S === certificateEntry.key) throw conflict();
      return {};
    });
    ddb.on(DeleteItemCommand).rejects(conflict());
    const state = store();
    await state.load();
    const changed = { ...certificateEntry, lastAlertAt: '2026-11-25T06:00:00.000Z' } as AlertStateEntry;
    const result = await state.save([changed, probeEntry]);
    expect(result).toEqual({ conflicts: [certificateEntry.key, 'digest'].sort() });
    // Each conflicting key was tried once, never forced; the new probe entry was written.
    expect(ddb).toHaveReceivedCommandTimes(PutItemCommand, 2);
    expect(ddb).toHaveReceivedCommandTimes(DeleteItemCommand, 1);
    expect(puts().map((p) => p.Item?.pk?.S)).toContain(probeEntry.key);
    // Saving again from the same (stale) instance conflicts again rather than overwriting.
    ddb.resetHistory();
    expect((await state.save([changed, probeEntry])).conflicts).toContain(certificateEntry.key);
    expect(puts()[0]).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': { N: '2' } },
    });
  });

  it('scans first when save comes without a load', async () => {
    ddb.on(ScanCommand).resolves({ Items: [stored(digestEntry, 1)] });
    ddb.on(DeleteItemCommand).resolves({});
    await store().save([]);
    expect(deletes().map((d) => d.Key)).toEqual([{ pk: { S: 'digest' } }]);
  });

  it('throws other errors after attempting every write', async () => {
    ddb.on(ScanCommand).resolves({ Items: [] });
    ddb.on(PutItemCommand).callsFake(async (input: PutItemCommandInput) => {
      if (input.Item?.pk?.S === probeEntry.key) throw new Error('AccessDenied');
      return {};
    });
    await expect(store().save([probeEntry, digestEntry])).rejects.toThrow(
      /did not accept 1 of 2 alert state write\(s\): AccessDenied/,
    );
    expect(ddb).toHaveReceivedCommandTimes(PutItemCommand, 2);
  });

  it('deliverAlerts reports a conflict in its summary instead of throwing', async () => {
    ddb.on(ScanCommand).resolves({ Items: [stored(digestEntry, 1)] });
    ddb.on(PutItemCommand).rejects(conflict());
    const notifier = new MemoryNotifier();
    const summary = await deliverAlerts(report({ certificates: [inTier('critical')] }), {
      state: store(),
      notifier,
      now: daysAfter(NOW, 1),
    });
    expect(notifier.published.map((a) => a.severity)).toEqual(['critical']);
    expect(summary).toMatchObject({ published: 1, failed: 0, conflicts: 1 });
    expect(summary.errors).toEqual([expect.stringMatching(/^state conflict certificate#/)]);
  });
});

describe('change detection does not depend on attribute order', () => {
  /** The item with its attributes in the reverse order (DynamoDB promises no order). */
  const shuffled = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).reverse());

  it('an unchanged entry scanned with its attributes in another order is not rewritten', async () => {
    ddb.on(ScanCommand).resolves({
      Items: [shuffled(stored(certificateEntry, 3)), shuffled(stored(probeEntry, 4))] as never,
    });
    ddb.on(PutItemCommand).resolves({});
    const state = store();
    const loaded = await state.load();
    expect(loaded).toEqual([certificateEntry, probeEntry]);
    // The alerting core builds its entries in its own key order.
    const rebuilt = loaded.map((entry) => shuffled(entry as never) as unknown as AlertStateEntry);
    expect(await state.save(rebuilt)).toEqual({ conflicts: [] });
    expect(ddb).not.toHaveReceivedCommand(PutItemCommand);
    expect(ddb).not.toHaveReceivedCommand(DeleteItemCommand);
  });

  it('a changed value is still written, once', async () => {
    ddb.on(ScanCommand).resolves({ Items: [shuffled(stored(certificateEntry, 3))] as never });
    ddb.on(PutItemCommand).resolves({});
    const state = store();
    await state.load();
    await state.save([{ ...certificateEntry, tier: 'expired' } as AlertStateEntry]);
    expect(puts()).toHaveLength(1);
    expect(puts()[0].ExpressionAttributeValues).toEqual({ ':expected': { N: '3' } });
  });
});
