import { BatchWriteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoDbAlertState, fromItem, toItem } from '../../../lambdas/adapters/dynamodb/alert-state';
import type { AlertStateEntry } from '../../../lambdas/core/alerts/model';

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
  new DynamoDbAlertState({
    tableName: TABLE,
    client: new DynamoDBClient({ region: 'eu-west-1' }),
    sleep: async () => {},
  });
const writes = () =>
  ddb.commandCalls(BatchWriteItemCommand).flatMap((c) => c.args[0].input.RequestItems![TABLE]);

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
        toItem(certificateEntry),
        toItem(probeEntry),
        toItem(digestEntry),
        { pk: { S: 'x' }, type: { S: 'future' } },
      ],
    });
    ddb.on(BatchWriteItemCommand).resolves({});
    const state = store();
    await state.load();
    const changed: AlertStateEntry = { ...probeEntry, outcome: 'OK' } as AlertStateEntry;
    await state.save([certificateEntry, changed]);
    expect(writes()).toEqual([
      { PutRequest: { Item: toItem(changed) } },
      { DeleteRequest: { Key: { pk: { S: 'digest' } } } },
    ]);
    // Saving the same state again writes nothing.
    ddb.resetHistory();
    await state.save([certificateEntry, changed]);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteItemCommand);
  });

  it('scans first when save comes without a load', async () => {
    ddb.on(ScanCommand).resolves({ Items: [toItem(digestEntry)] });
    ddb.on(BatchWriteItemCommand).resolves({});
    await store().save([]);
    expect(writes()).toEqual([{ DeleteRequest: { Key: { pk: { S: 'digest' } } } }]);
  });

  it('writes in batches of 25', async () => {
    ddb.on(ScanCommand).resolves({ Items: [] });
    ddb.on(BatchWriteItemCommand).resolves({});
    const entries: AlertStateEntry[] = Array.from({ length: 60 }, (_, i) => ({
      ...probeEntry,
      key: `probe#t${i}`,
      target: `t${i}`,
    }));
    await store().save(entries);
    expect(
      ddb.commandCalls(BatchWriteItemCommand).map((c) => c.args[0].input.RequestItems![TABLE].length),
    ).toEqual([25, 25, 10]);
  });

  it('retries unprocessed items, then gives up loudly', async () => {
    ddb.on(ScanCommand).resolves({ Items: [] });
    const put = { PutRequest: { Item: toItem(probeEntry) } };
    ddb
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [put] } })
      .resolvesOnce({});
    await store().save([probeEntry]);
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 2);

    ddb.reset();
    ddb.on(ScanCommand).resolves({ Items: [] });
    ddb.on(BatchWriteItemCommand).resolves({ UnprocessedItems: { [TABLE]: [put] } });
    const stubborn = new DynamoDbAlertState({
      tableName: TABLE,
      client: new DynamoDBClient({ region: 'eu-west-1' }),
      maxAttempts: 3,
      sleep: async () => {},
    });
    await expect(stubborn.save([probeEntry])).rejects.toThrow(/after 3 attempts/);
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 3);
  });
});
