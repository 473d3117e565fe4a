import { demoInventory } from '../../lambdas/adapters/demo/inventory';
import { recordFromChain, recordFromExpiryDate } from '../../lambdas/core/certificates/record';
import { evaluate } from '../../lambdas/core/evaluate';
import { type CertificateInfo, emptyInventory, type Inventory } from '../../lambdas/core/model';

const now = new Date('2026-11-23T09:00:00Z');

function info(overrides: Partial<CertificateInfo>): CertificateInfo {
  return {
    subject: 'CN=client.partner.example',
    issuer: 'CN=Partner CA, O=Partner',
    serialNumber: '0A1B2C',
    subjectAltNames: [],
    notBefore: '2026-09-01T00:00:00Z',
    notAfter: '2026-12-09T23:59:59Z',
    fingerprintSha256: 'AA:BB',
    keyType: 'rsa',
    keySize: 2048,
    selfSigned: false,
    isCa: false,
    ...overrides,
  };
}

describe('evaluate over the demo inventory', () => {
  const report = evaluate(demoInventory(now), { now });
  const byName = (name: string) => {
    const found = report.certificates.find((c) => c.name === name);
    if (!found) throw new Error(`no certificate ${name}`);
    return found;
  };

  it('tiers each certificate against its own lifetime', () => {
    expect(byName('northwind_sync_2026').tier).toBe('critical'); // 5 days of a 100-day life
    expect(byName('globex_orders').tier).toBe('expired');
    expect(byName('Globex_Client_Cert').tier).toBe('warning'); // 25 days of 200
    expect(byName('DataLoader JWT certificate').tier).toBe('notice'); // 45 days of 365
    expect(byName('SSO_Signing').tier).toBe('ok');
    expect(report.summary.byTier.expired).toBe(1);
  });

  it('sorts by expiry, expired first, and keeps expired certificates in the report', () => {
    const notAfters = report.certificates.map((c) => c.notAfter);
    expect([...notAfters].sort()).toEqual(notAfters);
    expect(report.certificates[0].name).toBe('globex_orders');
  });

  it('takes exact validity from the partner copy of an inbound certificate known only by serial', () => {
    const inbound = byName('northwind_sync_2026');
    expect(inbound.expiryPrecision).toBe('second');
    expect(inbound.lifetimeDays).toBe(100);
    expect(inbound.fingerprintSha256).toBe(byName('partners/northwind/client').fingerprintSha256);
  });

  it('answers what breaks when a certificate expires', () => {
    const labels = byName('northwind_sync_2026').dependents.map((d) => `${d.kind}:${d.label}`);
    expect(labels).toEqual(
      expect.arrayContaining([
        'integration-user:northwind.sync@acme.example',
        'partner-secret:partners/northwind/client',
        'external-system:Northwind Freight',
      ]),
    );
    const globex = byName('Globex_Client_Cert').dependents.map((d) => d.kind);
    expect(globex).toEqual(
      expect.arrayContaining(['named-credential', 'external-credential', 'apex-class', 'external-system']),
    );
  });

  it('raises the judgement findings the demo is built to show', () => {
    const codes = new Set(report.findings.map((f) => f.code));
    for (const code of [
      'JWT_AND_MTLS_REUSE',
      'CLIENT_CERT_CALLOUT_WITHOUT_8443',
      'ROTATED_ONE_SIDE_ONLY',
      'MUTUAL_AUTH_INCOMPLETE',
      'UNUSED_CERTIFICATE',
      'MUTUAL_AUTH_USER_UNMAPPED',
      'EXPIRED_CERTIFICATE_PRESENT',
      'PROBE_FAILED',
      'CERTIFICATE_LIMIT_HEADROOM',
    ]) {
      expect(codes).toContain(code);
    }
    const rotated = report.findings.find((f) => f.code === 'ROTATED_ONE_SIDE_ONLY');
    expect(rotated?.message).toMatch(/partner has rotated/);
    // Initech's callout names :8443, so only Globex is flagged.
    expect(
      report.findings.filter((f) => f.code === 'CLIENT_CERT_CALLOUT_WITHOUT_8443').map((f) => f.subject),
    ).toEqual(['named-credential:acme-prod:Globex_Payments']);
  });

  it('counts a certificate and its partner copy as one rotation, and marks mTLS rotations two-party', () => {
    const inbound = byName('contoso_edi');
    const copy = byName('partners/contoso/client');
    expect(copy.copyOf).toBe(inbound.id);
    expect(inbound.twoParty).toBe(true);
    const total2027 = report.forecast.byYear.find((y) => y.year === 2027)?.rotations ?? 0;
    const counted = report.certificates.filter((c) => c.copyOf === null);
    const sum = counted.reduce((s, c) => s + (c.forecast.find((y) => y.year === 2027)?.rotations ?? 0), 0);
    expect(total2027).toBe(sum);
    expect(report.forecast.byYear.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(report.forecast.byOrg[0].key).toBe('acme-prod');
  });

  it('is deterministic for a given now', () => {
    expect(JSON.stringify(evaluate(demoInventory(now), { now }))).toBe(JSON.stringify(report));
  });
});

describe('evaluate edge cases', () => {
  it('applies configuration metadata by name and per-certificate thresholds', () => {
    const inventory = emptyInventory();
    inventory.certificates.push(
      recordFromChain([info({})], { source: 'files', name: 'client.pem', kind: 'file' }),
    );
    const report = evaluate(inventory, {
      now,
      config: {
        certificates: {
          'client.pem': {
            owner: 'me@acme.example',
            externalSystem: 'Partner',
            thresholds: { critical: { days: 30, fractionOfLifetime: null } },
          },
        },
      },
    });
    const [c] = report.certificates;
    expect(c.owners.owner).toBe('me@acme.example');
    expect(c.tier).toBe('critical'); // 16 days left, critical raised to 30 days
    expect(c.dependents.map((d) => d.label)).toEqual(['Partner']);
  });

  it('merges extra recipients from the source (sidecar, tag) and the configuration, each once', () => {
    const inventory = emptyInventory();
    inventory.certificates.push(
      recordFromChain([info({})], {
        source: 'files',
        name: 'client.pem',
        kind: 'file',
        owners: { notify: ['desk@partner.example', 'ops@acme.example'] },
      }),
    );
    const report = evaluate(inventory, {
      now,
      config: { certificates: { 'client.pem': { notify: ['ops@acme.example', 'sec@acme.example'] } } },
    });
    expect(report.certificates[0].owners.notify).toEqual([
      'desk@partner.example',
      'ops@acme.example',
      'sec@acme.example',
    ]);
  });

  it('matches an inbound certificate to its partner copy by a decimal serial and issuer', () => {
    const inventory: Inventory = emptyInventory();
    inventory.certificates.push(
      recordFromExpiryDate('2026-12-09', {
        source: 'salesforce:o',
        name: 'inbound',
        kind: 'mutual-auth',
        org: 'o',
        attributes: { serialId: String(0x0a1b2c), issuer: 'CN=Partner CA' },
      }),
      recordFromChain([info({})], { source: 'secrets:r', name: 'copy', kind: 'partner-client', org: 'o' }),
    );
    const report = evaluate(inventory, { now });
    expect(report.certificates.find((c) => c.name === 'copy')?.copyOf).toBe('salesforce:o:inbound');
    expect(report.findings.map((f) => f.code)).not.toContain('ROTATED_ONE_SIDE_ONLY');
  });

  it('flags a mutual-auth user in an org with no valid inbound certificate', () => {
    const inventory = emptyInventory();
    inventory.nodes.push({
      id: 'integration-user:o:api@o.example',
      kind: 'integration-user',
      label: 'api@o.example',
      attributes: { mutualAuthRequired: true },
    });
    const report = evaluate(inventory, { now });
    expect(report.findings.find((f) => f.code === 'MUTUAL_AUTH_USER_WITHOUT_CERTIFICATE')?.severity).toBe(
      'critical',
    );
  });

  it('turns failed and partial sources into findings, never an all-clear', () => {
    const inventory = emptyInventory();
    inventory.sources.push({
      name: 'salesforce:o',
      kind: 'salesforce',
      status: 'failed',
      error: 'INVALID_SESSION_ID',
      certificates: 0,
    });
    const report = evaluate(inventory, { now });
    expect(report.summary.sourcesFailed).toBe(1);
    expect(report.findings[0]).toMatchObject({
      code: 'SOURCE_FAILED',
      severity: 'critical',
      subject: 'salesforce:o',
    });
  });

  it('warns when an org nears the certificate limit', () => {
    const inventory = emptyInventory();
    for (let i = 0; i < 9; i++) {
      inventory.certificates.push(
        recordFromExpiryDate('2027-06-01', {
          source: 'salesforce:o',
          name: `c${i}`,
          kind: 'org-certificate',
          org: 'o',
        }),
      );
    }
    const report = evaluate(inventory, { now, config: { policy: { certificateLimit: 10 } } });
    const headroom = report.findings.find((f) => f.code === 'CERTIFICATE_LIMIT_HEADROOM');
    expect(headroom).toMatchObject({ severity: 'warning', subject: 'org:o' });
    expect(headroom?.message).toMatch(/9 of 10/);
  });
});
