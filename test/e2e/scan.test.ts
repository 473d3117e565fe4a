/**
 * The deployed stack, run offline end to end (docs/testing.md): synthesized with real bundling,
 * its scan state machine executed from the template, each Lambda task running the real bundle
 * in its own Node process, against dynalite, s3rver, the fake Secrets Manager, SNS and Salesforce
 * on 127.0.0.1. Each scenario starts from an empty account and asserts what a user sees: S3
 * objects, DynamoDB items, SNS messages and metric (EMF) lines.
 *
 * The suite's first day is the real now (OpenSSL on both ends of the probes' handshakes judges
 * certificates by the process clock); every fixture is relative to it, and later days are given
 * to the functions through their clock (lambda-bootstrap.cjs). Run one scenario with
 * `npx jest test/e2e/scan.test.ts -t 'same day'`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Report } from '../../lambdas/core/report/model';
import { SNAPSHOT_KEYS } from '../../lambdas/shared/snapshots';
import { daysFrom } from '../helpers/pki';
import { synthesizeStack } from './deployed-stack';
import { OfflineStack, type PublishedMessage } from './offline-stack';
import { ORG, World } from './world';

// Bundling six functions, then real scans on two shared cores.
jest.setTimeout(180_000);

const DAY_ONE = new Date(Math.floor(Date.now() / 1000) * 1000);
const world = new World(DAY_ONE);
let offline: OfflineStack;

beforeAll(async () => {
  await world.start();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sentinel-e2e-config-')), 'config.json');
  writeFileSync(file, JSON.stringify(world.config()));
  offline = new OfflineStack(synthesizeStack(file));
  await offline.start();
}, 300_000);

afterAll(async () => {
  await offline?.stop();
  await world.stop();
});

/** Each scenario: a freshly deployed stack (cold functions, empty table and bucket) and the world's secrets. */
async function freshAccount(): Promise<void> {
  await offline.runtime.recycle();
  await offline.aws.reset();
  offline.aws.secrets.push(...world.secrets());
}

const severities = (messages: PublishedMessage[]) => messages.map((m) => m.attributes.severity).sort();
const hours = (date: Date, h: number) => new Date(date.getTime() + h * 3_600_000);
let versionsBefore: Record<string, unknown> = {};
let versionsNow: Record<string, unknown> = {};

describe('a normal day', () => {
  beforeAll(freshAccount);

  test('the scan collects the org, the partner secrets and both probes, reports, alerts and counts', async () => {
    const run = await offline.scan(DAY_ONE);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('SUCCEEDED');
    const scanId = run.name;
    expect(run.output).toEqual({
      scanId,
      reportKey: SNAPSHOT_KEYS.scanReport(scanId),
      certificates: 6,
      minDaysRemaining: 11,
      sourcesFailed: 0,
    });

    // S3: the collectors' inventories, the scan's report, and the latest report and inventory.
    expect(await offline.aws.objectKeys()).toEqual(
      [
        SNAPSHOT_KEYS.latestInventory,
        SNAPSHOT_KEYS.latestReport,
        SNAPSHOT_KEYS.orgInventory(scanId, ORG),
        SNAPSHOT_KEYS.partnerInventory(scanId, 0, 'eu-west-1'),
        SNAPSHOT_KEYS.scanReport(scanId),
      ].sort(),
    );
    const report = await offline.aws.objectJson<Report>(SNAPSHOT_KEYS.latestReport);
    expect(await offline.aws.objectJson<Report>(SNAPSHOT_KEYS.scanReport(scanId))).toEqual(report);
    expect(report.sources.map((s) => [s.status, s.error])).toEqual(
      report.sources.map(() => ['ok', undefined]),
    );
    const tiers = Object.fromEntries(report.certificates.map((c) => [c.name, c.tier]));
    expect(tiers).toMatchObject({ Acme_Client: 'warning', Acme_Signing: 'ok' });
    const northwind = report.certificates.find((c) => c.id.endsWith('partners/northwind/client'));
    expect(northwind).toMatchObject({ tier: 'notice', daysRemaining: 34 });
    // Both handshakes happened for real: the configured target and the one the Initech secret names.
    expect(report.probes.map((p) => [p.target, p.outcome, p.serverCertificate?.subject]).sort()).toEqual([
      [`127.0.0.1:${world.endpoints.initech.port}`, 'OK', 'CN=mtls.initech.example'],
      ['northwind-sync', 'OK', 'CN=mtls.northwind.example'],
    ]);

    // SNS: one alert per certificate that entered a tier, and the weekly digest; ops hears nothing.
    const alerts = offline.alerts();
    expect(severities(alerts)).toEqual(['digest', 'notice', 'warning']);
    const warning = alerts.find((m) => m.attributes.severity === 'warning')!;
    expect(warning.subject).toBe(`[Cert Sentinel] WARNING: Acme_Client (${ORG}) expires in 11 days`);
    expect(warning.bodies?.email).toContain('External system "Northwind Freight" (connects through it)');
    expect(warning.bodies?.email).toContain('Salesforce side: integration-team@acme.example');
    expect(warning.bodies?.sms).toMatch(
      /^CertSentinel WARNING: Acme_Client \(acme-prod\) expires in 11 days/,
    );
    expect(offline.ops()).toEqual([]);

    // DynamoDB: what was said, per certificate and probe, so tomorrow does not say it again.
    const state = await offline.aws.alertState();
    expect(state.find((i) => i.pk === `certificate#salesforce:${ORG}:Acme_Client`)).toMatchObject({
      tier: 'warning',
      lastTierAlerted: 'warning',
    });
    expect(state.find((i) => i.pk === 'probe#northwind-sync')).toMatchObject({ outcome: 'OK' });
    expect(state.find((i) => i.pk === 'digest')).toMatchObject({ type: 'digest' });

    // Metrics (EMF lines in the Evaluate log): the heartbeat, alerts sent, certificates per tier.
    const metrics = offline.runtime.metricDocuments();
    expect(metrics.filter((d) => d.ScanSucceeded === 1)).toHaveLength(1);
    expect(metrics.find((d) => 'AlertsSent' in d)).toMatchObject({ AlertsSent: 3, AlertsFailed: 0 });
    expect(metrics.find((d) => d.Tier === 'warning')).toMatchObject({ Certificates: 1 });
    expect(metrics.find((d) => 'SourcesFailed' in d)).toMatchObject({ SourcesFailed: 0 });
  });

  test('the same day again: a second scan repeats no alert and tells ops nothing', async () => {
    const before = offline.published().length;
    const stateBefore = await offline.aws.alertState();
    const run = await offline.scan(hours(DAY_ONE, 3));
    expect(run.status).toBe('SUCCEEDED');
    expect(offline.alerts(before)).toEqual([]);
    expect(offline.ops(before)).toEqual([]);
    // The same items, same tiers and alert times.
    const strip = (items: Array<Record<string, unknown>>) =>
      items
        .map(({ version: _version, ...rest }) => rest)
        .sort((a, b) => String(a.pk).localeCompare(String(b.pk)));
    expect(strip(await offline.aws.alertState())).toEqual(strip(stateBefore));
    versionsBefore = Object.fromEntries(stateBefore.map((i) => [i.pk, i.version]));
    versionsNow = Object.fromEntries((await offline.aws.alertState()).map((i) => [i.pk, i.version]));
  });

  // dynalite returns attributes in the order they were written, so this holds even with an
  // order-sensitive compare; the shuffled-order case is the alert-state adapter's own test.
  test('the same day again: unchanged alert-state items are not rewritten (same version)', () => {
    expect(versionsNow).toEqual(versionsBefore);
  });

  test('the next day: one day less left, no tier changed, so nothing is said', async () => {
    const before = offline.published().length;
    const run = await offline.scan(daysFrom(DAY_ONE, 1));
    expect(run.status).toBe('SUCCEEDED');
    // Warning and notice alerts are not repeated; the digest is weekly.
    expect(severities(offline.alerts(before))).toEqual([]);
    const report = await offline.aws.objectJson<Report>(SNAPSHOT_KEYS.latestReport);
    expect(report.certificates.find((c) => c.name === 'Acme_Client')).toMatchObject({ daysRemaining: 10 });
  });
});
