/**
 * `scan` probes the endpoint a partner secret names (`probeEndpoint`) with that very secret: the
 * real CLI, the fake Secrets Manager and a mutual-TLS server on 127.0.0.1.
 */
import type { Report } from '../../lambdas/core/report/model';
import {
  makeProbePki,
  partnerClientSecret,
  pemFolder,
  type RunningServer,
  startPartnerServer,
} from '../adapters/tls-probe/servers';
import { runCli } from '../helpers/cli';
import { type FakeSecretsManager, startFakeSecretsManager } from '../helpers/fake-secrets-manager';
import { pemBodyLines } from '../helpers/pki';

// The handshake checks the certificates against the real clock, so they are made around it; the
// report is evaluated as of this fixed instant (whole seconds), so nothing else depends on it.
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const pki = makeProbePki(now);
const files = pemFolder();
const keyLines = pemBodyLines(pki.client.keyPem);
let server: RunningServer;
let secrets: FakeSecretsManager;

beforeAll(async () => {
  server = await startPartnerServer(pki, files);
  const secret = partnerClientSecret(pki, 'prod/partner/erp-mtls');
  secrets = await startFakeSecretsManager([
    {
      ...secret,
      secretString: JSON.stringify({
        ...JSON.parse(secret.secretString),
        probeEndpoint: `127.0.0.1:${server.port}`,
        externalSystem: 'ERP',
      }),
    },
  ]);
});

afterAll(async () => {
  await Promise.all([server.stop(), secrets.close()]);
  files.cleanup();
});

describe('cert-sentinel scan with a partner secret naming its probe endpoint', () => {
  it('probes the endpoint with the secret and reports the server certificate', async () => {
    const run = await runCli(
      [
        'scan',
        '--secrets-prefix',
        'prod/partner/',
        '--secrets-region',
        'eu-west-1',
        '--now',
        now.toISOString(),
        '--format',
        'json',
      ],
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
    const report = JSON.parse(run.stdout) as Report;
    const endpoint = `127.0.0.1:${server.port}`;
    expect(report.probes).toHaveLength(1);
    expect(report.probes[0]).toMatchObject({
      target: endpoint,
      host: '127.0.0.1',
      port: server.port,
      outcome: 'OK',
      clientCertificate: { subject: 'CN=integration-client' },
      serverCertificate: { subject: 'CN=partner.example' },
    });
    const kinds = report.certificates.map((c) => [c.kind, c.subject]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['partner-client', 'CN=integration-client'],
        ['server', 'CN=partner.example'],
      ]),
    );
    expect(report.sources.map((s) => [s.kind, s.status])).toEqual(
      expect.arrayContaining([
        ['secrets-manager', 'ok'],
        ['probe', 'ok'],
      ]),
    );
    expect(report.findings.map((f) => f.code)).not.toContain('PROBE_CREDENTIAL_UNREADABLE');
    // Listed once, read in a batch by the collector and once more by the probe.
    expect(secrets.count('GetSecretValue')).toBe(1);
    for (const line of keyLines) expect(run.stdout).not.toContain(line);
    expect(run.stdout).not.toContain('PRIVATE KEY');
  });
});
