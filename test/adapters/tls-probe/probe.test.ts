import {
  ProbeCredentialError,
  type ProbeRequest,
  probeEndpoint,
} from '../../../lambdas/adapters/tls-probe/probe';
import { makePkcs12 } from '../../helpers/pki';
import {
  closedPort,
  makeProbePki,
  pemFolder,
  type RunningServer,
  startNodeTlsServer,
  startOpenSslServer,
  startPlaintextServer,
  startSilentServer,
} from './servers';

// OpenSSL on both ends judges validity by the process clock, so the PKI and the probe's injected
// "now" are one instant: the process's (run under faketime, both move together).
const realNow = new Date(Math.floor(Date.now() / 1000) * 1000);
const pki = makeProbePki(realNow);
const checkedAt = realNow;
const clock = () => checkedAt;
const files = pemFolder();
const servers: Record<string, RunningServer> = {};

const credential = (cert: { certPem: string; keyPem: string }) => ({
  certPem: cert.certPem,
  keyPem: cert.keyPem,
});
const probe = (port: number, extra: Partial<ProbeRequest> = {}) =>
  probeEndpoint({ host: '127.0.0.1', port, timeoutMs: 5000, ca: pki.ca.certPem, ...extra }, clock);

beforeAll(async () => {
  const caFile = files.write('ca.pem', pki.ca.certPem);
  const serverKey = files.write('server.key', pki.server.keyPem);
  const openssl = (certPem: string, name: string, version: 'tls1_2' | 'tls1_3') =>
    startOpenSslServer({
      certFile: files.write(`${name}.pem`, certPem),
      keyFile: serverKey,
      caFile,
      version,
    });
  const started = await Promise.all([
    openssl(pki.server.certPem, 'server', 'tls1_2'),
    openssl(pki.server.certPem, 'server', 'tls1_3'),
    openssl(pki.serverExpired.certPem, 'expired', 'tls1_3'),
    openssl(pki.serverNotYetValid.certPem, 'future', 'tls1_2'),
    startNodeTlsServer(pki, 'TLSv1.2'),
    startNodeTlsServer(pki, 'TLSv1.3'),
    startSilentServer(),
    startPlaintextServer(),
  ]);
  [
    servers.tls12,
    servers.tls13,
    servers.expired,
    servers.future,
    servers.node12,
    servers.node13,
    servers.silent,
    servers.plain,
  ] = started;
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  files.cleanup();
});

describe.each([
  ['TLSv1.2', 'tls12'],
  ['TLSv1.3', 'tls13'],
])('probeEndpoint against openssl s_server -Verify 1 (%s)', (protocol, key) => {
  it('is OK with a trusted client certificate and reports both certificates', async () => {
    const result = await probe(servers[key].port, {
      clientCredential: credential(pki.client),
      target: 'partner',
    });
    expect(result).toMatchObject({
      target: 'partner',
      host: '127.0.0.1',
      outcome: 'OK',
      protocol,
      checkedAt: checkedAt.toISOString(),
    });
    expect(result.error).toBeUndefined();
    expect(result.cipher).toMatch(/^TLS_/);
    expect(result.serverCertificate?.subject).toBe('CN=partner.example');
    expect(result.clientCertificate?.subject).toBe('CN=integration-client');
    expect(result.clientCertificate?.issuer).toBe('CN=Probe Test CA');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('says CLIENT_CERT_EXPIRED when the server alerts certificate_expired', async () => {
    const result = await probe(servers[key].port, { clientCredential: credential(pki.clientExpired) });
    expect(result.outcome).toBe('CLIENT_CERT_EXPIRED');
    expect(result.error?.code).toMatch(/_ALERT_CERTIFICATE_EXPIRED$/);
    expect(result.serverCertificate?.subject).toBe('CN=partner.example');
    expect(Date.parse(result.clientCertificate?.notAfter ?? '')).toBeLessThan(realNow.getTime());
  });

  it('says CLIENT_CERT_REJECTED for a client certificate from a CA the server does not trust', async () => {
    const result = await probe(servers[key].port, { clientCredential: credential(pki.clientUnknownCa) });
    expect(result.outcome).toBe('CLIENT_CERT_REJECTED');
    expect(result.error?.code).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    expect(result.serverCertificate?.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('says CLIENT_CERT_REQUIRED when no client certificate is presented', async () => {
    const result = await probe(servers[key].port);
    expect(result.outcome).toBe('CLIENT_CERT_REQUIRED');
    expect(result.error?.code).toMatch(
      protocol === 'TLSv1.2' ? /_ALERT_HANDSHAKE_FAILURE$/ : /_ALERT_CERTIFICATE_REQUIRED$/,
    );
    expect(result.clientCertificate).toBeUndefined();
    expect(result.serverCertificate?.subject).toBe('CN=partner.example');
  });
});

describe('probeEndpoint: the server side of the edge', () => {
  it('says SERVER_CERT_EXPIRED and still reports the expired certificate', async () => {
    const result = await probe(servers.expired.port, { clientCredential: credential(pki.client) });
    expect(result.outcome).toBe('SERVER_CERT_EXPIRED');
    expect(result.error?.code).toBe('CERT_HAS_EXPIRED');
    expect(result.serverCertificate?.subject).toBe('CN=expired.example');
    expect(Date.parse(result.serverCertificate?.notAfter ?? '')).toBeLessThan(realNow.getTime());
  });

  it('says SERVER_CERT_NOT_YET_VALID', async () => {
    const result = await probe(servers.future.port, { clientCredential: credential(pki.client) });
    expect(result.outcome).toBe('SERVER_CERT_NOT_YET_VALID');
    expect(result.serverCertificate?.subject).toBe('CN=future.example');
  });

  it('says SERVER_CERT_UNTRUSTED without the private CA, and reports the certificate anyway', async () => {
    const result = await probe(servers.tls13.port, {
      clientCredential: credential(pki.client),
      ca: undefined,
    });
    expect(result.outcome).toBe('SERVER_CERT_UNTRUSTED');
    // s_server sends its CA along with the leaf: a root we do not trust, inside the chain.
    expect(result.error?.code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(result.serverCertificate).toMatchObject({
      subject: 'CN=partner.example',
      issuer: 'CN=Probe Test CA',
    });
  });

  it('says HOSTNAME_MISMATCH when the certificate does not name the server name', async () => {
    const result = await probe(servers.tls12.port, {
      clientCredential: credential(pki.client),
      servername: 'api.other.example',
    });
    expect(result.outcome).toBe('HOSTNAME_MISMATCH');
    expect(result.error?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(result.servername).toBe('api.other.example');
  });

  it('accepts the name the certificate carries (checked by the probe itself)', async () => {
    const result = await probe(servers.tls12.port, {
      clientCredential: credential(pki.client),
      servername: 'localhost',
    });
    expect(result.outcome).toBe('OK');
  });
});

describe('probeEndpoint against a Node TLS server (rejects without an alert)', () => {
  it.each([
    ['TLSv1.2', 'node12'],
    ['TLSv1.3', 'node13'],
  ])('%s: OK with a trusted certificate', async (protocol, key) => {
    const result = await probe(servers[key].port, { clientCredential: credential(pki.client) });
    expect(result).toMatchObject({ outcome: 'OK', protocol });
  });

  it.each([
    ['TLSv1.2', 'node12'],
    ['TLSv1.3', 'node13'],
  ])(
    '%s: infers CLIENT_CERT_REJECTED from the silent hang-up, and says it inferred',
    async (_protocol, key) => {
      const result = await probe(servers[key].port, { clientCredential: credential(pki.clientUnknownCa) });
      expect(result.outcome).toBe('CLIENT_CERT_REJECTED');
      expect(result.error?.message).toMatch(/^Inferred: /);
      expect(result.serverCertificate?.subject).toBe('CN=partner.example');
    },
  );

  it('infers CLIENT_CERT_EXPIRED when the certificate it presented has expired', async () => {
    const result = await probe(servers.node13.port, { clientCredential: credential(pki.clientExpired) });
    expect(result.outcome).toBe('CLIENT_CERT_EXPIRED');
    expect(result.error?.message).toMatch(/^Inferred: /);
  });
});

describe('probeEndpoint: the connection itself', () => {
  it('says CONNECTION_REFUSED for a closed port', async () => {
    const result = await probe(await closedPort());
    expect(result.outcome).toBe('CONNECTION_REFUSED');
    expect(result.error?.code).toBe('ECONNREFUSED');
    expect(result.serverCertificate).toBeUndefined();
  });

  it('says TIMEOUT for a server that accepts and says nothing', async () => {
    const result = await probe(servers.silent.port, { timeoutMs: 300 });
    expect(result.outcome).toBe('TIMEOUT');
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    expect(result.latencyMs).toBeLessThan(3000);
  });

  it('says NOT_TLS for a plaintext server', async () => {
    const result = await probe(servers.plain.port, { clientCredential: credential(pki.client) });
    expect(result.outcome).toBe('NOT_TLS');
    expect(result.error?.code).toMatch(/^ERR_SSL_/);
  });
});

describe('probeEndpoint: client credentials', () => {
  it('presents a PKCS#12 keystore opened with its passphrase', async () => {
    const pfx = makePkcs12(pki.client, 'keystore-pass', { chain: [pki.ca] });
    const result = await probe(servers.tls13.port, {
      clientCredential: { pfx, passphrase: 'keystore-pass' },
    });
    expect(result.outcome).toBe('OK');
    expect(result.clientCertificate?.subject).toBe('CN=integration-client');
  });

  it('loads a credential lazily and turns a wrong passphrase into a ProbeCredentialError without it', async () => {
    const pfx = makePkcs12(pki.client, 'right-pass-8472');
    const attempt = probe(servers.tls13.port, {
      target: 'partner',
      clientCredential: async () => ({ pfx, passphrase: 'wrong-pass-5531' }),
    });
    await expect(attempt).rejects.toBeInstanceOf(ProbeCredentialError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toMatch(/^client certificate for probe target partner is unusable: /);
    expect(message).not.toContain('wrong-pass-5531');
    expect(message).not.toContain('right-pass-8472');
  });

  it('refuses a key that does not belong to the certificate without quoting the key', async () => {
    const attempt = probe(servers.tls13.port, {
      clientCredential: { certPem: pki.client.certPem, keyPem: pki.server.keyPem },
    });
    const error = (await attempt.catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(ProbeCredentialError);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(error.message).not.toContain(pki.server.keyPem.split('\n')[1]);
  });
});
