/** A bad configuration stops synth with a message naming the field, before anything is built. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli';
import { buildApp, minimalConfig, writeConfig } from './helpers';

test('a schema error names the field', () => {
  const config = minimalConfig();
  (config.orgs as Array<Record<string, unknown>>)[0].name = 'has spaces';
  expect(() => buildApp(writeConfig(config))).toThrow(/orgs\.0\.name: must be 1-64 letters/);
});

test('a bad schedule names the field', () => {
  expect(() => buildApp(writeConfig({ ...minimalConfig(), schedule: 'daily' }))).toThrow(
    /schedule: must be cron\(\.\.\.\) or rate\(\.\.\.\)/,
  );
});

test('a key that only the CLI can read is refused for AWS, naming the field', () => {
  const config = minimalConfig();
  (config.orgs as Array<Record<string, unknown>>)[0].auth = {
    type: 'jwt',
    clientId: 'id',
    username: 'u@acme.example',
    privateKeyFile: 'keys/acme.pem',
  };
  config.probes = [
    { host: 'mtls.partner.example', clientCertificate: { certFile: 'c.pem', keyFile: 'k.pem' } },
  ];
  expect(() => buildApp(writeConfig(config))).toThrow(/orgs\.0\.auth\.privateKeySecret: required in AWS/);
  expect(() => buildApp(writeConfig(config))).toThrow(
    /probes\.0\.clientCertificate: only \{ "secret": \.\.\. \} works in AWS/,
  );
});

test('a configuration too large for a Lambda environment fails synth naming the function', () => {
  const certificates = Object.fromEntries(
    Array.from({ length: 80 }, (_, i) => [
      `certificate_${i}`,
      { owner: `owner-${i}@acme.example`, externalSystem: `Partner ${i}` },
    ]),
  );
  expect(() => buildApp(writeConfig({ ...minimalConfig(), certificates }))).toThrow(
    /^Evaluate: the configuration this function needs is \d+ bytes/,
  );
});

test('a missing configuration file fails with its path', () => {
  expect(() => buildApp('/nonexistent/sentinel.json')).toThrow(/sentinel\.json/);
});

test.each([
  ['cron(0 6 * * * *)', /schedule: cron\(\.\.\.\): exactly one of day-of-month and day-of-week must be \?/],
  ['cron(99 6 * * ? *)', /schedule: cron\(\.\.\.\): minutes "99" must be 0-59/],
  ['cron(0 6 * *)', /schedule: cron\(\.\.\.\) takes six fields/],
  ['cron(0 6 ? * FRI-XYZ *)', /schedule: cron\(\.\.\.\): day-of-week "FRI-XYZ"/],
  ['rate(1 days)', /schedule: rate\(1 days\): use the singular unit for 1/],
  ['rate(5 day)', /schedule: rate\(5 day\): use the singular unit for 1 and the plural/],
  ['rate(0 hours)', /schedule: rate\(\.\.\.\) must be a whole number/],
  ['rate(2 weeks)', /schedule: rate\(\.\.\.\) must be a whole number and minutes, hours or days/],
])('the schedule %s, which Scheduler would refuse at deploy, stops synth', (schedule, message) => {
  expect(() => buildApp(writeConfig({ ...minimalConfig(), schedule }))).toThrow(message);
});

test.each([
  'cron(0 6 * * ? *)',
  'cron(30 7,19 ? * MON-FRI *)',
  'cron(0 */4 L * ? 2027-2030)',
  'cron(15 10 ? * 6#3 *)',
  'rate(1 day)',
  'rate(12 hours)',
])('the schedule %s synths', (schedule) => {
  expect(() => buildApp(writeConfig({ ...minimalConfig(), schedule }))).not.toThrow();
});

test('a secret ARN without a name stops synth, naming the field', () => {
  const config = minimalConfig();
  const org = (config.orgs as Array<{ auth: Record<string, unknown> }>)[0];
  org.auth.privateKeySecret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:';
  config.probes = [{ host: 'mtls.partner.example', clientCertificate: { secret: 'has spaces in it' } }];
  expect(() => buildApp(writeConfig(config))).toThrow(
    /orgs\.0\.auth\.privateKeySecret: must be a Secrets Manager secret ARN/,
  );
  expect(() => buildApp(writeConfig(config))).toThrow(
    /probes\.0\.clientCertificate\.secret: must be a secret name/,
  );
});

describe('the CDK entry (bin/app.ts, as `cdk synth` runs it)', () => {
  /** The cdk CLI hands the app its context in CDK_CONTEXT_JSON and its output folder in CDK_OUTDIR. */
  const synth = (context: Record<string, unknown>) =>
    spawnSync(join(BIN, 'tsx'), [join(ROOT, 'bin', 'app.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
        CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'sentinel-out-')),
      },
    });

  it('refuses to synth without -c config=, saying how to pass one', () => {
    const run = synth({});
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'cert-sentinel: Invalid configuration in the command line:\n  - config: no configuration given; pass yours with -c config=path/to/config.json (start from a copy of config/example.json)\n',
    );
  });

  it('prints a bad configuration as its message alone: no stack, no source caret, no Node banner', () => {
    const run = synth({ config: writeConfig({ ...minimalConfig(), schedule: 'rate(1 days)' }) });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^cert-sentinel: Invalid configuration in .*config\.json:\n {2}- schedule: rate\(1 days\)/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
    expect(run.stderr).not.toMatch(/Node\.js v|\n\s+at |\^/);
  });
});

test('trust.roots (files) is refused for AWS, naming the field', () => {
  expect(() => buildApp(writeConfig({ ...minimalConfig(), trust: { roots: 'cacerts.pem' } }))).toThrow(
    /trust\.roots: files only exist for the CLI/,
  );
});
