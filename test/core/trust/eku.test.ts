import { evaluate } from '../../../lambdas/core/evaluate';
import { emptyInventory, type Inventory } from '../../../lambdas/core/model';
import { daysFrom, makeCertificate } from '../../helpers/pki';
import { recordOf } from './trust-fixtures';

const NOW = new Date('2026-11-23T09:00:00Z');

type Eku = Array<'serverAuth' | 'clientAuth' | 'anyExtendedKeyUsage'> | undefined;

const made = new Map<string, ReturnType<typeof makeCertificate>>();

/** One certificate per EKU and notBefore (forge signs in JavaScript: slow under load). */
function leaf(name: string, extendedKeyUsage: Eku, notBefore = daysFrom(NOW, -30)) {
  const key = `${extendedKeyUsage?.join('+') ?? 'none'}@${notBefore.toISOString()}`;
  const cached = made.get(key);
  if (cached) return cached;
  const cert = makeCertificate({
    commonName: name,
    notBefore,
    notAfter: daysFrom(NOW, 300),
    extendedKeyUsage,
    keySlot: 'trust-eku',
  });
  made.set(key, cert);
  return cert;
}

function scan(inventory: Inventory) {
  return evaluate(inventory, { now: NOW });
}

describe('extendedKeyUsage of client certificates', () => {
  const cases: Array<[string, Eku, string[] | null]> = [
    ['absent', undefined, null],
    ['serverAuth only', ['serverAuth'], ['serverAuth']],
    ['clientAuth only', ['clientAuth'], ['clientAuth']],
    ['both', ['serverAuth', 'clientAuth'], ['serverAuth', 'clientAuth']],
    ['anyExtendedKeyUsage', ['anyExtendedKeyUsage'], ['anyExtendedKeyUsage']],
  ];

  it.each(cases)('reports the EKU names (%s)', (_, eku, expected) => {
    const inventory = emptyInventory();
    inventory.certificates.push(recordOf([leaf('eku.example', eku)], { name: 'eku' }));
    expect(scan(inventory).certificates[0].extendedKeyUsage).toEqual(expected);
  });

  const verdicts: Array<[string, Eku, 'mutual-auth' | 'client', boolean]> = [
    ['absent, Salesforce inbound', undefined, 'mutual-auth', true],
    ['absent, other server', undefined, 'client', false],
    ['serverAuth only, Salesforce inbound', ['serverAuth'], 'mutual-auth', true],
    ['serverAuth only, other server', ['serverAuth'], 'client', true],
    ['clientAuth only', ['clientAuth'], 'mutual-auth', false],
    ['both', ['serverAuth', 'clientAuth'], 'client', false],
    ['anyExtendedKeyUsage only', ['anyExtendedKeyUsage'], 'client', true],
  ];

  it.each(verdicts)('CLIENT_AUTH_EKU_MISSING: %s -> %s', (_, eku, use, missing) => {
    const inventory = emptyInventory();
    inventory.certificates.push(
      recordOf([leaf('client.partner.example', eku)], {
        name: 'client',
        ...(use === 'mutual-auth' ? { kind: 'mutual-auth' } : { usage: 'client' }),
      }),
    );
    const report = scan(inventory);
    const finding = report.findings.find((f) => f.code === 'CLIENT_AUTH_EKU_MISSING');
    if (!missing) {
      expect(finding).toBeUndefined();
      return;
    }
    expect(finding).toMatchObject({ severity: 'critical', certificateId: 'files:client' });
    expect(finding?.message).toContain(
      use === 'mutual-auth' ? 'Salesforce mutual authentication' : 'OpenSSL',
    );
    expect(report.certificates[0].usage).toBe('client');
  });

  it('leaves certificates that are not client certificates alone, and a declared usage wins', () => {
    const inventory = emptyInventory();
    inventory.certificates.push(
      recordOf([leaf('server.example', ['serverAuth'])], { name: 'server' }),
      recordOf([leaf('signing.example', ['serverAuth'])], {
        name: 'partner-signing',
        kind: 'partner-client',
        usage: 'signing',
      }),
    );
    const report = scan(inventory);
    expect(report.findings.filter((f) => f.code === 'CLIENT_AUTH_EKU_MISSING')).toEqual([]);
    expect(report.certificates.map((c) => c.usage).sort()).toEqual([null, 'signing']);
  });

  it('judges a certificate something presents as its client certificate (a Named Credential)', () => {
    const inventory = emptyInventory();
    const record = recordOf([leaf('callout.example', ['serverAuth'])], {
      name: 'callout',
      kind: 'org-certificate',
    });
    inventory.certificates.push(record);
    inventory.nodes.push({ id: 'nc:erp', kind: 'named-credential', label: 'ERP' });
    inventory.edges.push({ from: 'nc:erp', to: record.id, kind: 'client-certificate' });
    expect(scan(inventory).findings.map((f) => f.code)).toContain('CLIENT_AUTH_EKU_MISSING');
  });

  it('says it once for a partner copy of an inbound certificate', () => {
    const cert = leaf('pair.partner.example', ['serverAuth']);
    const inventory = emptyInventory();
    inventory.certificates.push(
      recordOf([cert], { name: 'inbound', kind: 'mutual-auth', org: 'acme' }),
      recordOf([cert], { name: 'copy', kind: 'partner-client', org: 'acme' }),
    );
    const findings = scan(inventory).findings.filter((f) => f.code === 'CLIENT_AUTH_EKU_MISSING');
    expect(findings.map((f) => f.certificateId)).toEqual(['files:inbound']);
  });

  it("judges the probe's client certificate", () => {
    const inventory = emptyInventory();
    const info = recordOf([leaf('probe-client.example', ['serverAuth'])], { name: 'p' }).info;
    inventory.probes.push({
      target: 'erp',
      host: '127.0.0.1',
      port: 8443,
      outcome: 'OK',
      clientCertificate: info,
      latencyMs: 1,
      checkedAt: NOW.toISOString(),
    });
    const finding = scan(inventory).findings.find((f) => f.code === 'CLIENT_AUTH_EKU_MISSING');
    expect(finding).toMatchObject({ subject: 'erp', severity: 'critical', source: 'probe' });
  });
});

describe('NOT_YET_VALID', () => {
  const at = (offsetMs: number) => {
    const inventory = emptyInventory();
    const notBefore = new Date(NOW.getTime() + offsetMs);
    inventory.certificates.push(recordOf([leaf('future.example', ['clientAuth'], notBefore)], { name: 'f' }));
    return scan(inventory);
  };

  it('flags a certificate whose notBefore is after now, up to the last second', () => {
    const report = at(1000);
    expect(report.certificates[0].notYetValid).toBe(true);
    expect(report.certificates[0].tier).toBe('ok');
    const finding = report.findings.find((f) => f.code === 'NOT_YET_VALID');
    expect(finding).toMatchObject({ severity: 'warning', certificateId: 'files:f' });
    expect(finding?.message).toContain(new Date(NOW.getTime() + 1000).toISOString().replace('.000', ''));
  });

  it('is valid from notBefore itself (inclusive)', () => {
    for (const offset of [0, -1000]) {
      const report = at(offset);
      expect(report.certificates[0].notYetValid).toBe(false);
      expect(report.findings.map((f) => f.code)).not.toContain('NOT_YET_VALID');
    }
  });
});
