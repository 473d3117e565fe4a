/**
 * `cert-sentinel snooze` through the real CLI in a child process, writing to a local DynamoDB
 * (dynalite) the alert-state table that deliverAlerts then reads with the real DynamoDB adapter,
 * one scan a day with an injected now.
 */
import { DynamoDbAlertState } from '../../lambdas/adapters/dynamodb/alert-state';
import { deliverAlerts } from '../../lambdas/core/alerts/deliver';
import { MemoryNotifier } from '../../lambdas/core/alerts/in-memory';
import { daysAfter, inTier, NOW, report } from '../core/alerts/fixtures';
import { runCli } from '../helpers/cli';
import { type LocalDynamoDb, startDynamoDb } from '../helpers/fake-dynamodb';

const TABLE = 'cert-sentinel-alert-state';
const tuesday = daysAfter(NOW, 1);
const day = (n: number) => daysAfter(tuesday, n);
const critical = inTier('critical');
const scan = report({ certificates: [critical] });
let db: LocalDynamoDb;

beforeAll(async () => {
  db = await startDynamoDb();
  await db.createAlertStateTable(TABLE);
});
afterAll(() => db.stop());

async function scanOn(now: Date): Promise<string[]> {
  const notifier = new MemoryNotifier();
  await deliverAlerts(scan, {
    state: new DynamoDbAlertState({ tableName: TABLE, client: db.client }),
    notifier,
    now,
  });
  return notifier.published.map((p) => p.severity).filter((s) => s === 'critical');
}

test('a snooze written with --state-table silences the repeats through its day, then they resume', async () => {
  expect(await scanOn(day(0))).toEqual(['critical']);
  const until = day(2).toISOString().slice(0, 10);
  const run = await runCli(
    [
      'snooze',
      critical.name,
      '--until',
      until,
      '--reason',
      'rotation booked',
      '--by',
      'ana@acme.example',
      '--state-table',
      TABLE,
      '--now',
      day(0).toISOString(),
    ],
    { env: db.env },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(
    `Snoozed ${critical.name} until ${until} (inclusive, UTC) by ana@acme.example`,
  );
  expect(await scanOn(day(1))).toEqual([]);
  expect(await scanOn(day(2))).toEqual([]);
  expect(await scanOn(day(3))).toEqual(['critical']);
  // Past its day the snooze item is deleted from the table.
  const entries = await new DynamoDbAlertState({ tableName: TABLE, client: db.client }).load();
  expect(entries.some((e) => e.type === 'snooze')).toBe(false);
});

test('without --state-table it prints the configuration entry', async () => {
  const run = await runCli([
    'snooze',
    'ERP_Client',
    '--until',
    '2026-12-01',
    '--reason',
    'ack',
    '--by',
    'bo',
    '--now',
    NOW.toISOString(),
  ]);
  expect(run.code).toBe(0);
  const json = run.stdout.slice(run.stdout.indexOf('{'));
  expect(JSON.parse(json)).toEqual({
    certificate: 'ERP_Client',
    until: '2026-12-01',
    reason: 'ack',
    by: 'bo',
  });
});

test.each([
  { args: ['ERP_Client', '--until', '2026-11-01', '--reason', 'late'], message: 'is already past' },
  { args: ['ERP_Client', '--until', '2026-02-30', '--reason', 'x'], message: '--until: must be a real date' },
  { args: ['ERP_Client', '--until', '2026-12-01'], message: '--reason' },
  { args: ['--until', '2026-12-01', '--reason', 'x'], message: 'name exactly one certificate' },
])('usage error (exit 2): $message', async ({ args, message }) => {
  const run = await runCli(['snooze', ...args, '--now', NOW.toISOString()]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
});
