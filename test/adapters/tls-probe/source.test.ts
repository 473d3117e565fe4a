import { createProbeSource, inventoryFromProbes } from '../../../lambdas/adapters/tls-probe/source';
import { closedPort, makeProbePki, pemFolder, type RunningServer, startPartnerServer } from './servers';

// OpenSSL judges validity by the process clock: the PKI and the probe's "now" are one instant
// (the probe also judges the client certificate's validity at that now).
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const pki = makeProbePki(now);
const files = pemFolder();
let server: RunningServer;
let refusedPort: number;

beforeAll(async () => {
  server = await startPartnerServer(pki, files);
  refusedPort = await closedPort();
});

afterAll(async () => {
  await server.stop();
  files.cleanup();
});

describe('createProbeSource', () => {
  it('reports probes, server certificates and the graph; failures are results, credentials findings', async () => {
    const source = createProbeSource(
      [
        {
          target: 'erp-mtls',
          host: '127.0.0.1',
          port: server.port,
          ca: pki.ca.certPem,
          clientCredential: { certPem: pki.client.certPem, keyPem: pki.client.keyPem },
          timeoutMs: 5000,
          externalSystem: 'ERP',
          org: 'acme-prod',
          owners: { owner: 'integration-team', partnerOwner: 'erp-ops' },
        },
        { host: '127.0.0.1', port: refusedPort, timeoutMs: 2000, externalSystem: 'ERP' },
        {
          target: 'billing',
          host: '127.0.0.1',
          port: server.port,
          timeoutMs: 2000,
          clientCredential: async () => {
            throw new Error('Secrets Manager secret "prod/billing" could not be read: AccessDeniedException');
          },
        },
      ],
      { concurrency: 2 },
    );
    expect(source).toMatchObject({ name: 'probe', kind: 'probe' });
    const inventory = await source.collect(now);

    expect(inventory.probes.map((p) => [p.target, p.outcome])).toEqual([
      ['erp-mtls', 'OK'],
      [`127.0.0.1:${refusedPort}`, 'CONNECTION_REFUSED'],
    ]);
    expect(inventory.probes[0].checkedAt).toBe(now.toISOString());

    const endpoint = `127.0.0.1:${server.port}`;
    expect(inventory.certificates).toHaveLength(1);
    expect(inventory.certificates[0]).toMatchObject({
      id: `probe:${endpoint}`,
      source: 'probe',
      name: 'erp-mtls',
      kind: 'server',
      expiryPrecision: 'second',
      org: 'acme-prod',
      externalSystem: 'ERP',
      owners: { owner: 'integration-team', partnerOwner: 'erp-ops' },
      info: { subject: 'CN=partner.example' },
    });
    expect(inventory.certificates[0].notAfter).toBe(inventory.probes[0].serverCertificate?.notAfter);

    expect(inventory.nodes.map((n) => [n.id, n.kind])).toEqual([
      [`probe-target:${endpoint}`, 'probe-target'],
      ['external-system:ERP', 'external-system'],
      [`probe-target:127.0.0.1:${refusedPort}`, 'probe-target'],
    ]);
    expect(inventory.edges).toEqual([
      { from: `probe-target:${endpoint}`, to: `probe:${endpoint}`, kind: 'server-certificate' },
      { from: `probe-target:${endpoint}`, to: 'external-system:ERP', kind: 'connects-to' },
      { from: `probe-target:127.0.0.1:${refusedPort}`, to: 'external-system:ERP', kind: 'connects-to' },
    ]);

    expect(inventory.findings).toEqual([
      expect.objectContaining({
        code: 'PROBE_CREDENTIAL_UNREADABLE',
        severity: 'critical',
        subject: `probe-target:${endpoint}`,
        source: 'probe',
      }),
    ]);
    expect(inventory.findings[0].message).toContain('probe target billing');
    expect(inventory.sources).toEqual([
      expect.objectContaining({ name: 'probe', kind: 'probe', status: 'partial', certificates: 1 }),
    ]);
  });

  it('is ok when every probe ran, even when a handshake failed', async () => {
    const inventory = await createProbeSource([
      { host: '127.0.0.1', port: refusedPort, timeoutMs: 2000 },
    ]).collect(now);
    expect(inventory.sources[0]).toMatchObject({ status: 'ok', certificates: 0 });
    expect(inventory.findings).toEqual([]);
  });
});

describe('inventoryFromProbes', () => {
  it('keeps one record per endpoint when two targets share it', () => {
    const serverCertificate = {
      subject: 'CN=a',
      issuer: 'CN=b',
      serialNumber: '01',
      subjectAltNames: [],
      notBefore: '2026-01-01T00:00:00Z',
      notAfter: '2026-12-01T00:00:00Z',
      fingerprintSha256: 'AA',
      keyType: 'rsa',
      selfSigned: false,
      isCa: false,
    };
    const probe = {
      target: 'x',
      host: 'h',
      port: 8443,
      outcome: 'OK' as const,
      serverCertificate,
      latencyMs: 1,
      checkedAt: now.toISOString(),
    };
    const inventory = inventoryFromProbes([probe, { ...probe, target: 'y' }]);
    expect(inventory.certificates.map((c) => c.id)).toEqual(['probe:h:8443']);
    expect(inventory.nodes.map((n) => n.id)).toEqual(['probe-target:h:8443']);
    expect(inventory.probes).toHaveLength(2);
  });
});
