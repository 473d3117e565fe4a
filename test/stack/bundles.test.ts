/**
 * Proof that what deploys runs: the app is synthesized with bundling on (the same esbuild options
 * `cdk synth` uses), then each bundle is loaded in a fresh Node 24 process with the environment
 * the template gives it and invoked against a fake AWS on 127.0.0.1. The AWS SDK is not bundled:
 * each process finds it through NODE_PATH in a directory holding only `@aws-sdk`, as the Lambda
 * runtime provides it (bench/bundles.ts `runtimeNodePath`). Also checks that the heavy libraries
 * only ride in the functions that need them, and the size budgets.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import {
  bundleBytes,
  bundledSources,
  type FunctionBundle,
  localEnvironment,
  runtimeNodePath,
  synthesizeBundles,
} from '../../bench/bundles';
import { demoInventory } from '../../lambdas/adapters/demo/inventory';
import { evaluate } from '../../lambdas/core/evaluate';
import type { Inventory, ProbeResult } from '../../lambdas/core/model';
import type { Report } from '../../lambdas/core/report/model';
import type { CollectResult, EvaluateResult } from '../../lambdas/shared/scan-contract';
import { SNAPSHOT_KEYS } from '../../lambdas/shared/snapshots';
import { BUNDLING, bundlingFor, type FunctionName, PROJECT_ROOT } from '../../lib/sentinel-function';
import { makeCertificate } from '../helpers/pki';
import { FakeAws } from './fake-aws';

jest.setTimeout(120_000);

const run = promisify(execFile);
const NOW = new Date('2026-11-23T06:00:00Z');
const PARTNER_SECRET = 'partners/initech/client';
const fake = new FakeAws();
let bundles: Map<FunctionName, FunctionBundle>;

beforeAll(async () => {
  await fake.start();
  bundles = new Map(synthesizeBundles().map((b) => [b.name, b]));
});

afterAll(() => fake.stop());

interface Invocation<T> {
  result?: T;
  error?: string;
  stdout: string;
}

/** Loads the bundle in a fresh node process and calls its handler once. */
async function invoke<T>(name: FunctionName, event: unknown): Promise<Invocation<T>> {
  const bundle = bundles.get(name)!;
  const script = [
    `const { handler } = require(${JSON.stringify(`${bundle.dir}/index.js`)});`,
    'handler(JSON.parse(process.env.TEST_EVENT)).then(',
    "  (r) => console.log('@@RESULT@@' + JSON.stringify(r === undefined ? null : r)),",
    "  (e) => { console.log('@@ERROR@@' + (e && e.message)); process.exitCode = 1; });",
  ].join('\n');
  const env = localEnvironment(bundle, {
    AWS_ENDPOINT_URL: fake.url,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    TEST_EVENT: JSON.stringify(event),
  });
  const { stdout } = await run(process.execPath, ['--enable-source-maps', '-e', script], { env }).catch(
    (e: { stdout: string; stderr: string }) => ({ stdout: `${e.stdout}\n@@STDERR@@${e.stderr}` }),
  );
  const result = /@@RESULT@@(.*)/.exec(stdout)?.[1];
  const error = /@@ERROR@@(.*)/.exec(stdout)?.[1] ?? /@@STDERR@@([\s\S]*)/.exec(stdout)?.[1];
  return { result: result === undefined ? undefined : (JSON.parse(result) as T), error, stdout };
}

const hasPackage = (name: FunctionName, pkg: string) =>
  bundledSources(bundles.get(name)!).some((s) => s.includes(`node_modules/${pkg}/`));

test('only collect-org carries jsforce', () => {
  expect(hasPackage('CollectOrg', '@jsforce/jsforce-node')).toBe(true);
  for (const name of ['CollectPartner', 'Probe', 'Evaluate', 'SecretChange', 'DashboardWidget'] as const) {
    expect([name, hasPackage(name, '@jsforce/jsforce-node')]).toEqual([name, false]);
  }
  // Also by text: the library's name appears nowhere in the other bundles.
  expect(bundledSources(bundles.get('Evaluate')!).join('\n')).not.toMatch(/jsforce/);
});

test('no bundle carries the AWS SDK: the nodejs24.x runtime provides it', () => {
  for (const name of bundles.keys()) {
    expect([name, hasPackage(name, '@aws-sdk/client-s3'), hasPackage(name, '@smithy/core')]).toEqual([
      name,
      false,
      false,
    ]);
  }
});

test('node-forge and jks-js stay out of the functions that never read PKCS#12 or JKS', () => {
  for (const name of ['CollectPartner', 'SecretChange', 'Probe'] as const) {
    expect([name, hasPackage(name, 'node-forge'), hasPackage(name, 'jks-js')]).toEqual([name, true, true]);
  }
  for (const name of ['CollectOrg', 'Evaluate', 'DashboardWidget'] as const) {
    expect([name, hasPackage(name, 'node-forge'), hasPackage(name, 'jks-js')]).toEqual([name, false, false]);
  }
});

test('bundle sizes stay within their budgets (docs/performance.md)', () => {
  // 500 KB is the target for functions that do not talk to Salesforce; the three that read
  // keystores carry node-forge and jks-js (~350 KB) and miss it by up to ~70 KB (documented).
  const budgetKb: Record<FunctionName, number> = {
    CollectOrg: 2_000,
    CollectPartner: 560,
    Probe: 560,
    Evaluate: 500,
    SecretChange: 600,
    DashboardWidget: 500,
  };
  for (const [name, bundle] of bundles) {
    expect([name, Math.ceil(bundleBytes(bundle) / 1024) <= budgetKb[name]]).toEqual([name, true]);
  }
});

test('without the keystore readers, a keystore is an error on that input, not a crash', async () => {
  // The certificate engine built with the externals of a function that never reads keystores,
  // loaded where only the runtime's SDK can be found (as in Lambda).
  const outdir = mkdtempSync(path.join(tmpdir(), 'sentinel-no-keystores-'));
  const outfile = path.join(outdir, 'parse.js');
  await build({
    entryPoints: [path.join(PROJECT_ROOT, 'lambdas/core/certificates/parse.ts')],
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: 'cjs',
    minify: true,
    external: bundlingFor(false).externalModules,
    outfile,
    logLevel: 'error',
  });
  const script = [
    `const { parseCertificateInput } = require(${JSON.stringify(outfile)});`,
    "const fs = require('node:fs');",
    'const read = (f) => parseCertificateInput({ name: f, data: fs.readFileSync(process.env.FIXTURES + f), password: "changeit" });',
    "console.log(JSON.stringify([read('ec-p256.p12'), read('partner.jks'), read('trusted.pem')]));",
  ].join('\n');
  const fixtures = `${path.join(PROJECT_ROOT, 'test/fixtures/certificates')}/`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH, NODE_PATH: runtimeNodePath(), FIXTURES: fixtures },
  });
  const [p12, jks, pem] = JSON.parse(stdout) as Array<{ certificates: unknown[]; error?: string }>;
  for (const keystore of [p12, jks]) {
    expect(keystore.certificates).toEqual([]);
    expect(keystore.error).toMatch(/unexpected parser failure/);
  }
  // The same process goes on reading the next input.
  expect(pem.certificates.length).toBeGreaterThan(0);
  expect(pem.error).toBeUndefined();
  expect(readFileSync(outfile, 'utf8')).toMatch(/require\("node-forge"\)/);
});

test('dashboard-widget renders the latest report as an HTML table', async () => {
  const report: Report = evaluate(demoInventory(NOW), { now: NOW });
  fake.objects.set(SNAPSHOT_KEYS.latestReport, JSON.stringify(report));
  const { result, error } = await invoke<string>('DashboardWidget', { rows: 5 });
  expect(error).toBeUndefined();
  expect(result).toContain('<table>');
  expect(result).toContain(report.certificates[0].name.replace(/&/g, '&amp;'));
  expect((result?.match(/<tr>/g) ?? []).length).toBe(6); // header + 5 rows
});

test('dashboard-widget renders the per-org rotation forecast', async () => {
  const report: Report = evaluate(demoInventory(NOW), { now: NOW });
  fake.objects.set(SNAPSHOT_KEYS.latestReport, JSON.stringify(report));
  const { result, error } = await invoke<string>('DashboardWidget', { view: 'forecast' });
  expect(error).toBeUndefined();
  expect(result).toContain('<th>Org</th>');
  for (const group of report.forecast.byOrg) expect(result).toContain(`<td>${group.key}</td>`);
});

test('collect-org records a credential it cannot read as a failed source and stores the inventory', async () => {
  const { result, error } = await invoke<CollectResult>('CollectOrg', {
    org: 'acme-prod',
    scanId: 'bundle-test',
  });
  expect(error).toBeUndefined();
  expect(result).toMatchObject({
    source: 'salesforce:acme-prod',
    status: 'failed',
    key: 'scans/bundle-test/orgs/acme-prod.json',
  });
  const stored = JSON.parse(fake.objects.get('scans/bundle-test/orgs/acme-prod.json')!) as Inventory;
  expect(stored.sources[0].error).toMatch(/ResourceNotFoundException/);
  expect(fake.calls).toContainEqual({
    service: 'secretsmanager',
    operation: 'GetSecretValue',
    target: 'cert-sentinel/orgs/acme-prod/jwt-key',
  });
});

test('collect-partner reads the tagged partner secret and stores its certificate', async () => {
  const cert = makeCertificate({
    commonName: 'initech-client',
    notBefore: new Date('2026-05-01T00:00:00Z'),
    notAfter: new Date('2027-05-01T00:00:00Z'),
    extendedKeyUsage: ['clientAuth'],
  });
  // A partner the demo org does not know yet (the demo inventory already holds northwind, globex, contoso).
  fake.secrets.set(PARTNER_SECRET, {
    name: PARTNER_SECRET,
    value: cert.certPem,
    tags: { 'cert-sentinel:watch': 'true', 'cert-sentinel:external-system': 'Initech' },
  });
  const { result, error } = await invoke<CollectResult>('CollectPartner', {
    selector: 0,
    region: 'eu-west-1',
    scanId: 'bundle-test',
  });
  expect(error).toBeUndefined();
  expect(result).toMatchObject({
    status: 'ok',
    certificates: 1,
    key: 'scans/bundle-test/partners/0-eu-west-1.json',
  });
});

test('evaluate merges the stored inventories, keeps the report, alerts and emits the heartbeat', async () => {
  fake.objects.set('scans/bundle-test/orgs/demo.json', JSON.stringify(demoInventory(NOW)));
  const { result, error, stdout } = await invoke<EvaluateResult>('Evaluate', {
    scanId: 'bundle-test',
    orgs: [{ source: 'salesforce:demo', status: 'ok', key: 'scans/bundle-test/orgs/demo.json' }],
    partners: [
      {
        source: 'secrets-manager:eu-west-1#0',
        status: 'ok',
        key: 'scans/bundle-test/partners/0-eu-west-1.json',
      },
      { source: 'secrets-manager:eu-west-1#1', status: 'failed', error: 'Lambda.Unknown' },
    ],
    probes: [{ target: 'mtls.partner.example:8443', error: 'States.Timeout' }, probeOk],
  });
  expect(error).toBeUndefined();
  // The demo inventory, the partner secret and the server certificate the probe saw.
  const expected = demoInventory(NOW).certificates.length + 2;
  expect(result).toMatchObject({
    scanId: 'bundle-test',
    reportKey: 'scans/bundle-test/report.json',
    certificates: expected,
  });
  const latest = JSON.parse(fake.objects.get(SNAPSHOT_KEYS.latestReport)!) as Report;
  expect(latest.sources.filter((s) => s.status === 'failed').map((s) => s.name)).toEqual(
    expect.arrayContaining(['secrets-manager:eu-west-1#1', 'probe:mtls.partner.example:8443']),
  );
  // The failed sources are monitor failures: they go to the ops topic.
  expect(fake.published.some((p) => p.TopicArn.endsWith(':ops'))).toBe(true);
  expect(fake.calls).toContainEqual({ service: 'dynamodb', operation: 'Scan' });
  const server = latest.certificates.find((c) => c.id === 'probe:mtls.initech.example:8443');
  expect(server).toMatchObject({ kind: 'server', org: 'acme-prod' });
  const stored = JSON.parse(fake.objects.get(SNAPSHOT_KEYS.latestInventory)!) as Inventory;
  expect(stored.edges).toContainEqual({
    from: 'probe-target:mtls.initech.example:8443',
    to: 'probe:mtls.initech.example:8443',
    kind: 'server-certificate',
  });
  expect(stdout).toContain('"ScanSucceeded"');
  expect(stdout).toMatch(/"Org":"acme-prod"/);
  // Per-org rotations are the dashboard widget's, not metrics.
  expect(stdout).not.toMatch(/"ProjectedRotations"[^\n]*"Org"|"Org"[^\n]*"ProjectedRotations"/);
});

const probeOk: ProbeResult = {
  target: 'initech-api',
  host: 'mtls.initech.example',
  port: 8443,
  outcome: 'OK',
  latencyMs: 35,
  checkedAt: NOW.toISOString(),
  org: 'acme-prod',
  externalSystem: 'Initech',
  serverCertificate: {
    subject: 'CN=mtls.initech.example',
    issuer: 'CN=Public CA',
    serialNumber: '0A',
    subjectAltNames: ['mtls.initech.example'],
    notBefore: '2026-06-01T00:00:00Z',
    notAfter: '2026-12-18T00:00:00Z',
    fingerprintSha256: 'AB:CD',
    keyType: 'rsa',
    selfSigned: false,
    isCa: false,
  },
};

test('secret-change folds the changed secret into the latest inventory and re-evaluates', async () => {
  const { result, error } = await invoke<{ status: string }>('SecretChange', {
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.secretsmanager',
    region: 'eu-west-1',
    detail: {
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'PutSecretValue',
      awsRegion: 'eu-west-1',
      requestParameters: { secretId: PARTNER_SECRET },
    },
  });
  expect(error).toBeUndefined();
  expect(result).toMatchObject({ status: 'collected' });
  const inventory = JSON.parse(fake.objects.get(SNAPSHOT_KEYS.latestInventory)!) as Inventory;
  // Replaced, not duplicated: the scan's copy of the record gave way to the re-read one.
  expect(inventory.certificates.filter((c) => c.id.includes(PARTNER_SECRET))).toHaveLength(1);
  // The scan's inventory: the demo, the partner secret and the probed server certificate.
  expect(inventory.certificates.length).toBe(demoInventory(NOW).certificates.length + 2);
  expect(inventory.findings.map((f) => f.code)).not.toContain('DUPLICATE_CERTIFICATE_ID');
});

test('probe reports a refused handshake as a result, not an error', async () => {
  const port = await closedPort();
  const { result, error } = await invoke<{ outcome: string }>('Probe', {
    target: { host: '127.0.0.1', port, timeoutMs: 2000 },
  });
  expect(error).toBeUndefined();
  expect(result).toMatchObject({ outcome: 'CONNECTION_REFUSED' });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
