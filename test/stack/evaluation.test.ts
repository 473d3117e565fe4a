/**
 * The evaluate tail against S3 over HTTP (the real S3Client, the local fake): every snapshot write
 * is settled before the run returns or fails, so nothing keeps retrying into the next invocation
 * of a frozen Lambda, and the failure names each object that was not written.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { demoInventory } from '../../lambdas/adapters/demo/inventory';
import { MemoryAlertState, MemoryNotifier } from '../../lambdas/core/alerts/in-memory';
import { evaluateAndPublish } from '../../lambdas/shared/evaluation';
import { SNAPSHOT_KEYS, SnapshotStore } from '../../lambdas/shared/snapshots';
import { FakeAws } from './fake-aws';

const NOW = new Date('2026-11-23T06:00:00Z');
const fake = new FakeAws();
let snapshots: SnapshotStore;

beforeAll(async () => {
  await fake.start();
  snapshots = new SnapshotStore({
    client: new S3Client({
      endpoint: fake.url,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
    bucket: 'snapshots',
  });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.objects.clear();
  fake.deniedKeys.clear();
  fake.slowKeys.clear();
});

function run() {
  return evaluateAndPublish(demoInventory(NOW), 'scan-1', {
    config: {},
    now: NOW,
    snapshots,
    state: new MemoryAlertState(),
    notifier: new MemoryNotifier(),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    scheduledScan: false,
  });
}

test('a refused snapshot write fails the run only after the other writes settled, naming the object', async () => {
  fake.deniedKeys.add(SNAPSHOT_KEYS.latestReport);
  fake.slowKeys.set(SNAPSHOT_KEYS.latestInventory, 400);
  const failure = await run().then(
    () => undefined,
    (error: Error) => error,
  );
  // The slow write had finished when the run gave up: it was not left running.
  expect(fake.objects.has(SNAPSHOT_KEYS.latestInventory)).toBe(true);
  expect(fake.objects.has(SNAPSHOT_KEYS.scanReport('scan-1'))).toBe(true);
  expect(failure?.message).toMatch(/1 of 4 snapshot writes failed/);
  expect(failure?.message).toContain(`${SNAPSHOT_KEYS.latestReport}: AccessDenied`);
});

test('every refused write is named', async () => {
  fake.deniedKeys.add(SNAPSHOT_KEYS.latestReport);
  fake.deniedKeys.add(SNAPSHOT_KEYS.scanReport('scan-1'));
  const failure = await run().then(
    () => undefined,
    (error: Error) => error,
  );
  expect(failure?.message).toMatch(/2 of 4 snapshot writes failed/);
  expect(failure?.message).toContain(SNAPSHOT_KEYS.latestReport);
  expect(failure?.message).toContain(SNAPSHOT_KEYS.scanReport('scan-1'));
  expect(fake.objects.has(SNAPSHOT_KEYS.latestInventory)).toBe(true);
});

test('all writes accepted: the run goes on to alerting', async () => {
  const outcome = await run();
  expect(outcome.reportKey).toBe(SNAPSHOT_KEYS.scanReport('scan-1'));
  expect([...fake.objects.keys()].sort()).toEqual(
    [
      SNAPSHOT_KEYS.latestCalendar,
      SNAPSHOT_KEYS.latestInventory,
      SNAPSHOT_KEYS.latestReport,
      SNAPSHOT_KEYS.scanReport('scan-1'),
    ].sort(),
  );
});
