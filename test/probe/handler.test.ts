import { handler } from '../../lambdas/probe/handler';
import {
  makeProbePki,
  partnerClientSecret,
  pemFolder,
  type RunningServer,
  startPartnerServer,
} from '../adapters/tls-probe/servers';
import { type FakeSecretsManager, startFakeSecretsManager } from '../helpers/fake-secrets-manager';

const pki = makeProbePki(new Date());
const files = pemFolder();
const keyLine = pki.client.keyPem.split('\n')[1];
let server: RunningServer;
let secrets: FakeSecretsManager;
const saved = { ...process.env };

beforeAll(async () => {
  [server, secrets] = await Promise.all([
    startPartnerServer(pki, files),
    startFakeSecretsManager([partnerClientSecret(pki)]),
  ]);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'test-only-secret-key',
  });
});

afterAll(async () => {
  process.env = saved;
  await Promise.all([server.stop(), secrets.close()]);
  files.cleanup();
});

describe('probe Lambda handler', () => {
  it('loads the client certificate from Secrets Manager, probes, returns the result and logs no key', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const result = await handler({
        target: {
          name: 'erp',
          host: '127.0.0.1',
          port: server.port,
          timeoutMs: 5000,
          clientCertificate: { secret: 'prod/partner/mtls' },
          externalSystem: 'ERP',
        },
      });
      expect(result).toMatchObject({
        target: 'erp',
        outcome: 'OK',
        externalSystem: 'ERP',
        clientCertificate: { subject: 'CN=integration-client' },
        serverCertificate: { subject: 'CN=partner.example' },
      });
      expect(JSON.stringify(result)).not.toContain(keyLine);
    } finally {
      spy.mockRestore();
    }
    const log = written.join('');
    expect(log).toContain('probe finished');
    expect(log).not.toContain(keyLine);
  });

  it('a client certificate that cannot be loaded is a failed probe (the probe-failure alarm counts it), not a crash', async () => {
    const result = await handler({
      target: {
        name: 'erp-missing-secret',
        host: '127.0.0.1',
        port: server.port,
        timeoutMs: 5000,
        clientCertificate: { secret: 'prod/partner/gone' },
        externalSystem: 'ERP',
      },
    });
    expect(result).toMatchObject({
      target: 'erp-missing-secret',
      host: '127.0.0.1',
      port: server.port,
      outcome: 'CLIENT_CERT_UNAVAILABLE',
      externalSystem: 'ERP',
      latencyMs: 0,
      error: { code: 'ProbeCredentialError' },
    });
    expect(result.error?.message).toContain('prod/partner/gone');
    expect(result.checkedAt).toEqual(expect.any(String));
    // The dashboard's ProbesFailed metric (and its alarm) counts every probe whose outcome is not OK.
    expect(result.outcome).not.toBe('OK');
  });

  it('refuses targets that name files, which do not exist in AWS', async () => {
    await expect(
      handler({
        target: {
          host: '127.0.0.1',
          port: server.port,
          timeoutMs: 1000,
          clientCertificate: { certFile: 'client.pem', keyFile: 'client.key' },
        },
      }),
    ).rejects.toThrow('only clientCertificate.secret works in AWS');
  });
});
