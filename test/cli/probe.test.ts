import type { CliIo } from '../../bin/cli/command';
import { parseHostPort } from '../../bin/cli/commands/probe';
import { runCli as runInProcess } from '../../bin/cli/main';
import { probeSourcesFromConfig } from '../../bin/cli/sources/probes';
import { probeTargetSchema } from '../../lambdas/core/config';
import {
  closedPort,
  makeProbePki,
  partnerClientSecret,
  pemFolder,
  type RunningServer,
  startPartnerServer,
} from '../adapters/tls-probe/servers';
import { runCli } from '../helpers/cli';
import { type FakeSecretsManager, startFakeSecretsManager } from '../helpers/fake-secrets-manager';
import { makePkcs12, pemBodyLines } from '../helpers/pki';

// Whole seconds, like the certificates' dates, so "days left" is exact.
const realNow = new Date(Math.floor(Date.now() / 1000) * 1000);
const pki = makeProbePki(realNow);
const files = pemFolder();
const PFX_PASSWORD = 'Pfx-pass-for-probe-3317';
const keyLines = pemBodyLines(pki.client.keyPem, pki.clientExpired.keyPem);
let server: RunningServer;
let secrets: FakeSecretsManager;

const expectNoSecrets = (text: string) => {
  expect(text).not.toContain(PFX_PASSWORD);
  for (const line of keyLines) expect(text).not.toContain(line);
};

beforeAll(async () => {
  files.write('client.pem', pki.client.certPem);
  files.write('client.key', pki.client.keyPem);
  files.write('expired.pem', pki.clientExpired.certPem);
  files.write('expired.key', pki.clientExpired.keyPem);
  files.write('client.p12', makePkcs12(pki.client, PFX_PASSWORD, { chain: [pki.ca] }));
  [server, secrets] = await Promise.all([
    startPartnerServer(pki, files),
    startFakeSecretsManager([partnerClientSecret(pki)]),
  ]);
});

afterAll(async () => {
  await Promise.all([server.stop(), secrets.close()]);
  files.cleanup();
});

describe('cert-sentinel probe', () => {
  it('exits 0 for OK and explains both certificates, protocol, cipher and latency', async () => {
    const run = await runCli(
      [
        'probe',
        `127.0.0.1:${server.port}`,
        '--cert',
        'client.pem',
        '--key',
        'client.key',
        '--ca',
        'ca.pem',
        '--now',
        realNow.toISOString(),
      ],
      { cwd: files.dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`127.0.0.1:${server.port}: OK`);
    expect(run.stdout).toContain('the server accepted the client certificate');
    expect(run.stdout).toMatch(/client certificate\s+CN=integration-client/);
    expect(run.stdout).toMatch(/server certificate\s+CN=partner\.example/);
    expect(run.stdout).toContain('(30 day(s) left)');
    expect(run.stdout).toMatch(/protocol\s+TLSv1\.3/);
    expect(run.stdout).toMatch(/cipher\s+TLS_/);
    expect(run.stdout).toMatch(/latency\s+\d+ ms/);
    expectNoSecrets(run.stdout);
  });

  it('exits 1 and prints the JSON result for an expired client certificate', async () => {
    const run = await runCli(
      [
        'probe',
        `127.0.0.1:${server.port}`,
        '--cert',
        'expired.pem',
        '--key',
        'expired.key',
        '--ca',
        'ca.pem',
        '--json',
      ],
      { cwd: files.dir },
    );
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.outcome).toBe('CLIENT_CERT_EXPIRED');
    for (const side of [result.clientCertificate, result.serverCertificate]) {
      expect(Object.keys(side)).toEqual(
        expect.arrayContaining(['subject', 'issuer', 'notAfter', 'fingerprintSha256']),
      );
    }
    expect(result.clientCertificate.subject).toBe('CN=expired-client');
    expect(result).toMatchObject({
      protocol: 'TLSv1.3',
      error: { code: expect.stringMatching(/CERTIFICATE_EXPIRED$/) },
    });
    expect(typeof result.cipher).toBe('string');
    expect(typeof result.latencyMs).toBe('number');
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('opens a PKCS#12 keystore with --password-env and never prints the password', async () => {
    const ok = await runCli(
      [
        'probe',
        `127.0.0.1:${server.port}`,
        '--pfx',
        'client.p12',
        '--password-env',
        'P12_PASS',
        '--ca',
        'ca.pem',
      ],
      { cwd: files.dir, env: { P12_PASS: PFX_PASSWORD } },
    );
    expect(ok.code).toBe(0);
    const wrong = await runCli(
      [
        'probe',
        `127.0.0.1:${server.port}`,
        '--pfx',
        'client.p12',
        '--password',
        `${PFX_PASSWORD}x`,
        '--json',
      ],
      { cwd: files.dir },
    );
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({
      outcome: null,
      error: { code: 'PROBE_CREDENTIAL_UNREADABLE' },
    });
    expectNoSecrets(ok.stdout + ok.stderr + wrong.stdout + wrong.stderr);
  });

  it('reads the client certificate and the partner CA from Secrets Manager with --secret', async () => {
    const run = await runCli(
      ['probe', `127.0.0.1:${server.port}`, '--secret', 'prod/partner/mtls', '--json'],
      {
        cwd: files.dir,
        env: {
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'test-only-secret-key',
        },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      outcome: 'OK',
      clientCertificate: { subject: 'CN=integration-client' },
    });
    expect(secrets.count('GetSecretValue')).toBe(1);
    expectNoSecrets(run.stdout);
  });

  it('exits 1 for a closed port', async () => {
    const run = await runCli(['probe', `127.0.0.1:${await closedPort()}`, '--timeout-ms', '2000']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('CONNECTION_REFUSED');
    expect(run.stdout).toContain('Nothing accepted the TCP connection');
  });

  it('exits 2 for a usage error, with a hint', async () => {
    const run = await runCli(['probe', '127.0.0.1:99999'], { cwd: files.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the port must be a whole number from 1 to 65535, got "99999"');
    expect(run.stderr).toContain('Run `cert-sentinel probe --help` for its options.');
  });
});

describe('cert-sentinel probe usage errors (in-process)', () => {
  it.each([
    [['127.0.0.1:8443', '--cert', 'client.pem'], '--cert and --key go together'],
    [['127.0.0.1:0'], 'the port must be a whole number from 1 to 65535'],
    [['partner.example:https'], 'the port must be a whole number'],
    [[], 'give exactly one HOST[:PORT]'],
    [['h', '--cert', 'a', '--key', 'b', '--secret', 's'], 'give one client certificate'],
    [['h', '--password', 'x'], '--password and --password-env open a --pfx keystore'],
    [
      ['h', '--pfx', 'client.p12', '--password-env', 'UNSET_VAR'],
      'environment variable UNSET_VAR is not set',
    ],
    [['h', '--secret-region', 'eu-west-1'], '--secret-region goes with --secret'],
    [['h', '--ca', 'missing-ca.pem'], '--ca: cannot read'],
    [['h', '--timeout-ms', '0'], '--timeout-ms must be a whole number'],
    [['h', '--bogus'], 'Unknown option'],
  ])('%j', async (args, message) => {
    let stderr = '';
    const code = await runInProcess(['probe', ...args], {
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
      },
      isTty: false,
      env: {},
      cwd: files.dir,
    });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('parseHostPort', () => {
  it.each([
    ['partner.example', { host: 'partner.example', port: 8443 }],
    ['partner.example:443', { host: 'partner.example', port: 443 }],
    ['[::1]:9443', { host: '::1', port: 9443 }],
    ['[::1]', { host: '::1', port: 8443 }],
    ['::1', { host: '::1', port: 8443 }],
  ])('%s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });
});

describe('probeSourcesFromConfig', () => {
  const io = (env: NodeJS.ProcessEnv): CliIo => ({
    stdout: () => undefined,
    stderr: () => undefined,
    isTty: false,
    env,
    cwd: files.dir,
  });

  it('reads files relative to the working directory and passwords from the environment', async () => {
    const targets = [
      {
        name: 'pem',
        host: '127.0.0.1',
        port: server.port,
        caFile: 'ca.pem',
        clientCertificate: { certFile: 'client.pem', keyFile: 'client.key' },
        externalSystem: 'ERP',
      },
      {
        name: 'p12',
        host: '127.0.0.1',
        port: server.port,
        caFile: 'ca.pem',
        clientCertificate: { pfxFile: 'client.p12', passwordEnv: 'P12_PASS' },
      },
      {
        name: 'no-env',
        host: '127.0.0.1',
        port: server.port,
        clientCertificate: { pfxFile: 'client.p12', passwordEnv: 'UNSET_VAR' },
      },
      {
        name: 'no-file',
        host: '127.0.0.1',
        port: server.port,
        clientCertificate: { certFile: 'missing.pem', keyFile: 'client.key' },
      },
    ].map((t) => probeTargetSchema.parse(t));
    const sources = await probeSourcesFromConfig(targets, io({ P12_PASS: PFX_PASSWORD }));
    expect(sources).toHaveLength(1);
    const inventory = await sources[0].collect(realNow);
    expect(inventory.probes.map((p) => [p.target, p.outcome])).toEqual([
      ['pem', 'OK'],
      ['p12', 'OK'],
    ]);
    expect(inventory.findings.map((f) => f.code)).toEqual([
      'PROBE_CREDENTIAL_UNREADABLE',
      'PROBE_CREDENTIAL_UNREADABLE',
    ]);
    expect(inventory.findings[0].message).toContain('environment variable UNSET_VAR is not set');
    expect(inventory.findings[1].message).toMatch(/cannot read .*missing\.pem \(ENOENT\)/);
    expectNoSecrets(JSON.stringify(inventory));
  });

  it('returns no source without targets', async () => {
    expect(await probeSourcesFromConfig([], io({}))).toEqual([]);
  });
});
