/** OK means a client certificate was asked for and accepted; anything less is said as such. */
import type { LookupFunction } from 'node:net';
import { type ProbeRequest, probeEndpoint } from '../../../lambdas/adapters/tls-probe/probe';
import { makeProbePki, pemFolder, type RunningServer, startOpenSslServer } from './servers';

// OpenSSL judges validity by the process clock: the PKI and the probe's "now" are one instant.
const realNow = new Date(Math.floor(Date.now() / 1000) * 1000);
const pki = makeProbePki(realNow);
const clock = () => realNow;
const files = pemFolder();
const servers: Record<string, RunningServer> = {};
const credential = (cert: { certPem: string; keyPem: string }) => ({
  certPem: cert.certPem,
  keyPem: cert.keyPem,
});
const probe = (port: number, extra: Partial<ProbeRequest> = {}) =>
  probeEndpoint({ host: '127.0.0.1', port, timeoutMs: 5000, ca: pki.ca.certPem, ...extra }, clock);

beforeAll(async () => {
  const common = {
    certFile: files.write('server.pem', pki.server.certPem),
    keyFile: files.write('server.key', pki.server.keyPem),
    caFile: files.write('ca.pem', pki.ca.certPem),
  };
  [servers.none12, servers.none13, servers.request13, servers.require13] = await Promise.all([
    startOpenSslServer({ ...common, version: 'tls1_2', clientAuth: 'none' }),
    startOpenSslServer({ ...common, version: 'tls1_3', clientAuth: 'none' }),
    startOpenSslServer({ ...common, version: 'tls1_3', clientAuth: 'request' }),
    startOpenSslServer({ ...common, version: 'tls1_3', clientAuth: 'require' }),
  ]);
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  files.cleanup();
});

describe('mutual TLS enforcement', () => {
  it.each([
    ['TLS 1.2', 'none12'],
    ['TLS 1.3', 'none13'],
  ])(
    '%s server that never asks for a client certificate: MTLS_NOT_ENFORCED, even though ours is valid',
    async (_, key) => {
      const result = await probe(servers[key].port, { clientCredential: credential(pki.client) });
      expect(result.outcome).toBe('MTLS_NOT_ENFORCED');
      expect(result.error?.code).toBe('MTLS_NOT_ENFORCED');
      expect(result.serverCertificate?.subject).toBe('CN=partner.example');
    },
  );

  it('a server that asks but lets a connection without a certificate through: MTLS_NOT_ENFORCED', async () => {
    const result = await probe(servers.request13.port, { clientCredential: credential(pki.client) });
    expect(result.outcome).toBe('MTLS_NOT_ENFORCED');
    expect(result.error?.message).toMatch(/without any client certificate/);
  });

  it('a server that accepts an expired client certificate: CLIENT_CERT_NOT_CHECKED', async () => {
    const result = await probe(servers.request13.port, { clientCredential: credential(pki.clientExpired) });
    expect(result.outcome).toBe('CLIENT_CERT_NOT_CHECKED');
  });

  it('no client certificate configured and none asked for: not OK either', async () => {
    expect((await probe(servers.none13.port)).outcome).toBe('MTLS_NOT_ENFORCED');
  });

  it('a server that requires and verifies it: OK', async () => {
    expect((await probe(servers.require13.port, { clientCredential: credential(pki.client) })).outcome).toBe(
      'OK',
    );
  });
});

describe('name resolution', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN'])(
    'a lookup failing with %s is DNS_FAILURE, not CONNECTION_REFUSED',
    async (code) => {
      const failing: LookupFunction = (hostname, _options, callback) =>
        callback(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code }), '', 4);
      const result = await probe(443, { host: 'partner.invalid', lookup: failing });
      expect(result.outcome).toBe('DNS_FAILURE');
      expect(result.error?.code).toBe(code);
    },
  );
});
