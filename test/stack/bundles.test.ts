/**
 * Proof that what deploys runs: the app is synthesized with bundling on (the same esbuild options
 * `cdk synth` uses), then each bundle is loaded in a fresh Node 24 process with the environment
 * the template gives it and invoked against a fake AWS on 127.0.0.1. The AWS SDK is not bundled:
 * each process finds it through NODE_PATH in a directory holding only `@aws-sdk`, as the Lambda
 * runtime provides it (bench/bundles.ts `runtimeNodePath`). Also checks that the heavy libraries
 * only ride in the functions that need them, and the size budgets.
 */

import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import ICAL from 'ical.js';
import {
  bundleBytes,
  bundledSources,
  type FunctionBundle,
  localEnvironment,
  runtimeNodePath,
  synthesizeBundles,
} from '../../bench/bundles';
import { demoInventory } from '../../lambdas/adapters/demo/inventory';
import { credentialFromSecret } from '../../lambdas/adapters/secrets-manager/client-credential';
import { parseCertificateInput } from '../../lambdas/core/certificates/parse';
import { evaluate } from '../../lambdas/core/evaluate';
import type { Inventory, ProbeResult } from '../../lambdas/core/model';
import type { Report } from '../../lambdas/core/report/model';
import type { CollectPartnerResult, CollectResult, EvaluateResult } from '../../lambdas/shared/scan-contract';
import { SNAPSHOT_KEYS } from '../../lambdas/shared/snapshots';
import { BUNDLING, bundlingFor, type FunctionName, PROJECT_ROOT, RUNTIME } from '../../lib/sentinel-function';
import { makeCertificate, makePkcs12 } from '../helpers/pki';
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

/**
 * Loads the bundle in a fresh node process and calls its handler once; `lambda` adds what the
 * Lambda runtime gives a function (its environment, and the context as second argument).
 */
async function invoke<T>(
  name: FunctionName,
  event: unknown,
  lambda: { env: Record<string, string>; context: Record<string, string> } = { env: {}, context: {} },
): Promise<Invocation<T>> {
  const bundle = bundles.get(name)!;
  const script = [
    `const { handler } = require(${JSON.stringify(`${bundle.dir}/index.js`)});`,
    `handler(JSON.parse(process.env.TEST_EVENT), ${JSON.stringify(lambda.context)}).then(`,
    "  (r) => console.log('@@RESULT@@' + JSON.stringify(r === undefined ? null : r)),",
    "  (e) => { console.log('@@ERROR@@' + (e && e.message)); process.exitCode = 1; });",
  ].join('\n');
  const env = localEnvironment(bundle, {
    AWS_ENDPOINT_URL: fake.url,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    TEST_EVENT: JSON.stringify(event),
    ...lambda.env,
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
  // keystores (only the parts of node-forge and jks-js they need, see below) miss it by the
  // Powertools Tracer and the X-Ray SDK it loads, about 120 KB in every function
  // (docs/performance.md, "Lambda bundles"): their budget is 600 KB. Evaluate carries the
  // maintained ASN.1 schemas (@peculiar/asn1-x509) that read a chain's authorityKeyIdentifier
  // for the clientAuth sunset table, which Node does not expose; with asn1js under them they add
  // most of its size, and SecretChange evaluates too (docs/performance.md, "Lambda bundles"):
  // their budget is 800 KB.
  const budgetKb: Record<FunctionName, number> = {
    CollectOrg: 2_100,
    CollectPartner: 600,
    Probe: 600,
    Evaluate: 800,
    SecretChange: 800,
    DashboardWidget: 500,
  };
  for (const [name, bundle] of bundles) {
    const kb = Math.ceil(bundleBytes(bundle) / 1024);
    expect([name, kb <= budgetKb[name] ? 'within budget' : `${kb} KB`]).toEqual([name, 'within budget']);
  }
});

const KEYSTORE_READERS = ['CollectPartner', 'Probe', 'SecretChange'] as const;
const keystoreSources = (sources: string[]) =>
  sources
    .filter((s) => /node_modules\/(node-forge|jks-js|node-rsa)\//.test(s))
    .map((s) => s.replace(/.*node_modules\//, ''));

test('the keystore readers carry only the parts of node-forge and jks-js they use', () => {
  for (const name of KEYSTORE_READERS) {
    const sources = keystoreSources(bundledSources(bundles.get(name)!));
    // Not the entry points, which load all of forge (TLS, SSH, ...) and, for jks-js, forge again.
    for (const file of [
      'node-forge/lib/index.js',
      'node-forge/lib/tls.js',
      'node-forge/lib/ssh.js',
      'jks-js/lib/index.js',
    ]) {
      expect([name, file, sources.includes(file)]).toEqual([name, file, false]);
    }
    // What PKCS#12 needs, the legacy RC2 and 3DES ciphers included, and the JKS reader.
    for (const file of [
      'node-forge/lib/pkcs12.js',
      'node-forge/lib/rc2.js',
      'node-forge/lib/des.js',
      'node-forge/lib/aes.js',
      'node-forge/lib/sha512.js',
      'jks-js/lib/keystore/JavaKeyStoreParser.js',
    ]) {
      expect([name, file, sources.includes(file)]).toEqual([name, file, true]);
    }
    // node-rsa (through jks-js's key recovery) only where a JKS private key is used: the probe's client certificate.
    expect([name, sources.some((s) => s.startsWith('node-rsa/'))]).toEqual([name, name === 'Probe']);
  }
});

/**
 * Bundles an entry exactly as the stack bundles a function that reads keystores: a NodejsFunction
 * with the same project root, lock file, runtime and `bundlingFor(true)`.
 */
function bundleAsKeystoreReader(entry: string): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'sentinel-keystore-entry-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const fn = new NodejsFunction(new Stack(app, 'KeystoreEntry'), 'Entry', {
    entry: path.join(PROJECT_ROOT, entry),
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
    runtime: RUNTIME,
    bundling: bundlingFor(true),
  });
  app.synth();
  const asset = (fn.node.defaultChild as CfnResource).cfnOptions.metadata?.['aws:asset:path'] as string;
  return path.join(outdir, asset);
}

test('bundled, the keystore read paths read every keystore kind as the unbundled engine does', async () => {
  const dir = bundleAsKeystoreReader('test/stack/keystore-entry.ts');
  // The entry's bundle holds the same node-forge and jks-js files as the functions' bundles.
  const entrySources = keystoreSources(
    (JSON.parse(readFileSync(path.join(dir, 'index.js.map'), 'utf8')) as { sources: string[] }).sources,
  );
  for (const name of KEYSTORE_READERS) {
    const missing = keystoreSources(bundledSources(bundles.get(name)!)).filter(
      (s) => !entrySources.includes(s),
    );
    expect([name, missing]).toEqual([name, []]);
  }

  const fixtures = path.join(PROJECT_ROOT, 'test/fixtures/certificates');
  const made = mkdtempSync(path.join(tmpdir(), 'sentinel-keystores-'));
  const leaf = makeCertificate({
    commonName: 'bundled-keystore.example',
    notBefore: new Date('2026-05-01T00:00:00Z'),
    notAfter: new Date('2027-05-01T00:00:00Z'),
  });
  writeFileSync(path.join(made, 'aes.p12'), makePkcs12(leaf, 'fixture-aes'));
  writeFileSync(path.join(made, '3des.p12'), makePkcs12(leaf, 'fixture-3des', { algorithm: '3des' }));
  const cases: Array<{ file: string; password?: string; field: 'pkcs12' | 'jks' }> = [
    { file: path.join(fixtures, 'legacy-rc2.p12'), password: 'fixture-rc2', field: 'pkcs12' },
    { file: path.join(fixtures, 'ec-p256.p12'), password: 'fixture-ec', field: 'pkcs12' },
    { file: path.join(made, 'aes.p12'), password: 'fixture-aes', field: 'pkcs12' },
    { file: path.join(made, '3des.p12'), password: 'fixture-3des', field: 'pkcs12' },
    { file: path.join(fixtures, 'partner.jks'), password: 'fixture-jks', field: 'jks' },
    { file: path.join(fixtures, 'single-client.jks'), password: 'fixture-jks', field: 'jks' },
    // Without a password JKS certificates are still read; a wrong one is reported as such.
    { file: path.join(fixtures, 'partner.jks'), field: 'jks' },
    { file: path.join(fixtures, 'legacy-rc2.p12'), password: 'wrong-password', field: 'pkcs12' },
    { file: path.join(fixtures, 'single-client.jks'), password: 'wrong-password', field: 'jks' },
  ];
  const script = [
    `const { parseCertificateInput, credentialFromSecret } = require(${JSON.stringify(path.join(dir, 'index.js'))});`,
    "const fs = require('node:fs');",
    `const read = ${readCase.toString()};`,
    'console.log(JSON.stringify(JSON.parse(process.env.CASES).map((c) => read(parseCertificateInput, credentialFromSecret, c, fs.readFileSync(c.file)))));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--enable-source-maps', '-e', script], {
    env: { PATH: process.env.PATH, NODE_PATH: runtimeNodePath(), CASES: JSON.stringify(cases) },
  });
  const bundled = JSON.parse(stdout) as ReturnType<typeof readCase>[];
  const unbundled = JSON.parse(
    JSON.stringify(
      cases.map((c) => readCase(parseCertificateInput, credentialFromSecret, c, readFileSync(c.file))),
    ),
  ) as ReturnType<typeof readCase>[];
  expect(bundled).toEqual(unbundled);
  // And they are real reads, not the same failure twice.
  for (const [i, c] of cases.entries()) {
    const { parsed, credential } = bundled[i];
    if (c.password === 'wrong-password') {
      expect([c.file, parsed.error]).toEqual([c.file, expect.stringMatching(/wrong password/)]);
      expect([c.file, credential.problem?.code]).toEqual([c.file, 'SECRET_WRONG_PASSWORD']);
      continue;
    }
    expect([c.file, parsed.error, parsed.certificates.length > 0]).toEqual([c.file, undefined, true]);
    if (c.password === undefined) continue;
    expect([
      c.file,
      credential.problem,
      (credential.credential as { keyPem?: string } | undefined)?.keyPem,
    ]).toEqual([c.file, undefined, expect.stringContaining('-----BEGIN PRIVATE KEY-----')]);
  }
  expect(bundled[2].parsed.certificates[0]).toMatchObject({
    subject: expect.stringContaining('bundled-keystore.example'),
  });
});

/**
 * One keystore through both read paths: the certificate engine (collectors, secret-change) and the
 * probe's client credential. Self-contained: it also runs, as source text, next to the bundle.
 */
function readCase(
  parse: typeof parseCertificateInput,
  credential: typeof credentialFromSecret,
  c: { file: string; password?: string; field: 'pkcs12' | 'jks' },
  data: Buffer,
) {
  return {
    parsed: parse({ name: c.file, data, password: c.password }),
    credential: credential({
      name: 'keystore',
      secretString: JSON.stringify({ [c.field]: data.toString('base64'), password: c.password }),
    }),
  };
}

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
  expect(readFileSync(outfile, 'utf8')).toMatch(/require\("node-forge\/lib\/forge"\)/);
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

test('run as Lambda runs it, a function logs its context, counts its cold start and traces its SDK calls', async () => {
  // The X-Ray daemon's side of the protocol: segments arrive as UDP datagrams on 127.0.0.1.
  const daemon = createSocket('udp4');
  const datagrams: string[] = [];
  daemon.on('message', (message) => datagrams.push(message.toString()));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  try {
    const { error, stdout } = await invoke<CollectResult>(
      'CollectOrg',
      { org: 'acme-prod', scanId: 'traced' },
      {
        env: {
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
          AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
          AWS_LAMBDA_FUNCTION_NAME: 'CertSentinel-CollectOrg',
          LAMBDA_TASK_ROOT: bundles.get('CollectOrg')!.dir,
          _HANDLER: 'index.handler',
          _X_AMZN_TRACE_ID: 'Root=1-6750a1b2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
          AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as { port: number }).port}`,
        },
        context: {
          functionName: 'CertSentinel-CollectOrg',
          functionVersion: '$LATEST',
          invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:CertSentinel-CollectOrg',
          memoryLimitInMB: '512',
          awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
        },
      },
    );
    expect(error).toBeUndefined();
    const lines = stdout.split('\n').filter((line) => line.startsWith('{'));
    const collected = lines.map((line) => JSON.parse(line)).find((l) => l.message === 'org collected');
    expect(collected).toMatchObject({
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      function_name: 'CertSentinel-CollectOrg',
      cold_start: true,
    });
    const coldStart = lines.map((line) => JSON.parse(line)).find((l) => l.ColdStart !== undefined);
    expect(coldStart).toMatchObject({ ColdStart: 1, function_name: 'CertSentinel-CollectOrg' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const segments = datagrams.map((d) => JSON.parse(d.slice(d.indexOf('\n') + 1)));
    expect(segments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'SecretsManager',
          aws: expect.objectContaining({ operation: 'GetSecretValue' }),
        }),
        expect.objectContaining({ name: 'S3', aws: expect.objectContaining({ operation: 'PutObject' }) }),
        expect.objectContaining({
          name: '## index.handler',
          trace_id: '1-6750a1b2-0123456789abcdef01234567',
          annotations: { ColdStart: true, Service: 'cert-sentinel' },
        }),
      ]),
    );
  } finally {
    daemon.close();
  }
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
    tags: {
      'cert-sentinel:watch': 'true',
      'cert-sentinel:external-system': 'Initech',
      'cert-sentinel:probe-endpoint': 'mtls.initech.example:8443',
    },
  });
  const { result, error } = await invoke<CollectPartnerResult>('CollectPartner', {
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
  // The secret names where its certificate is presented: the state machine probes it with that secret.
  expect(result?.probeTargets).toEqual([
    {
      name: 'mtls.initech.example:8443',
      host: 'mtls.initech.example',
      port: 8443,
      timeoutMs: 10_000,
      clientCertificate: { secret: expect.stringMatching(/:secret:partners\/initech\/client/) },
      externalSystem: 'Initech',
    },
  ]);
});

test('evaluate merges the stored inventories, keeps the report, alerts and emits the heartbeat', async () => {
  fake.objects.set('scans/bundle-test/orgs/demo.json', JSON.stringify(demoInventory(NOW)));
  const { result, error, stdout } = await invoke<EvaluateResult>('Evaluate', {
    scanId: 'bundle-test',
    orgs: [{ source: 'salesforce:demo', status: 'ok', key: 'scans/bundle-test/orgs/demo.json' }],
    partners: [
      {
        source: 'secrets:eu-west-1/tag:cert-sentinel=partner',
        status: 'ok',
        key: 'scans/bundle-test/partners/0-eu-west-1.json',
        certificates: 1,
        // Probed inside the partner's iteration: the endpoint its secret names.
        probes: [probeOk],
      },
      {
        source: 'secrets:eu-west-1/prefix:partners/',
        status: 'failed',
        // What the state machine's Catch keeps: States.JsonToString($.error).
        error: JSON.stringify({
          Error: 'AccessDeniedException',
          Cause: JSON.stringify({
            errorType: 'AccessDeniedException',
            errorMessage: 'not authorized to perform secretsmanager:ListSecrets',
            trace: [],
          }),
        }),
      },
    ],
    probes: [
      {
        target: 'mtls.partner.example:8443',
        error: JSON.stringify({ Error: 'States.Timeout', Cause: 'Task timed out after 60.00 seconds' }),
      },
    ],
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
    expect.arrayContaining(['secrets:eu-west-1/prefix:partners/', 'probe:mtls.partner.example:8443']),
  );
  // Each failure says what happened, not only the error's name.
  expect(latest.sources.find((s) => s.name === 'secrets:eu-west-1/prefix:partners/')?.error).toBe(
    'AccessDeniedException: not authorized to perform secretsmanager:ListSecrets',
  );
  expect(latest.sources.find((s) => s.name === 'probe:mtls.partner.example:8443')?.error).toBe(
    'States.Timeout: Task timed out after 60.00 seconds',
  );
  // The failed sources are monitor failures: they go to the ops topic.
  expect(fake.published.some((p) => p.TopicArn.endsWith(':ops'))).toBe(true);
  expect(fake.calls).toContainEqual({ service: 'dynamodb', operation: 'Scan' });
  // The save writes each item with its own conditional PutItem (optimistic concurrency).
  expect(fake.calls).toContainEqual({ service: 'dynamodb', operation: 'PutItem' });
  expect(fake.calls).not.toContainEqual({ service: 'dynamodb', operation: 'BatchWriteItem' });
  const server = latest.certificates.find((c) => c.id === 'probe:mtls.initech.example:8443');
  expect(server).toMatchObject({ kind: 'server', org: 'acme-prod' });
  // The demo's own probes, and the one the partner's iteration carried.
  expect(latest.probes.map((p) => [p.target, p.outcome])).toContainEqual(['initech-api', 'OK']);
  // The rotation calendar beside the report: what a calendar import reads (ical.js parses it).
  const calendar = new ICAL.Component(ICAL.parse(fake.objects.get(SNAPSHOT_KEYS.latestCalendar)!));
  expect(calendar.getAllSubcomponents('vevent').length).toBeGreaterThanOrEqual(
    latest.certificates.filter((c) => c.copyOf === null).length,
  );
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
