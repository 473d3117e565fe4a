import { parseConfig } from '../../../lambdas/core/config';
import { evaluate } from '../../../lambdas/core/evaluate';
import { emptyInventory } from '../../../lambdas/core/model';
import { CLIENT_AUTH_SUNSET, sunsetInstant } from '../../../lambdas/core/trust/client-auth-sunset';
import { authorityKeyIdOf } from '../../../lambdas/core/trust/key-identifier';
import { type TrustStore, trustStore } from '../../../lambdas/core/trust/store';
import { makeCertificate, type TestCertificate } from '../../helpers/pki';
import { recordOf } from './trust-fixtures';

const DAY = 86_400_000;
const cas = new Map<string, TestCertificate>();

/** A root CA whose name carries `name` (how the table matches a hierarchy). */
function caNamed(name: string): TestCertificate {
  const cached = cas.get(name);
  if (cached) return cached;
  const ca = makeCertificate({
    commonName: `${name} Test Root`,
    isCa: true,
    keySlot: 'sunset-ca',
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
  });
  cas.set(name, ca);
  return ca;
}

/** A 90-day client certificate whose next renewal (30 days before notAfter) is at `renewAt`. */
function clientRenewingAt(
  ca: TestCertificate,
  renewAt: number,
  eku: Array<'serverAuth' | 'clientAuth'> = ['serverAuth', 'clientAuth'],
) {
  return makeCertificate({
    commonName: 'client.partner.example',
    issuer: ca,
    authorityKeyId: true,
    extendedKeyUsage: eku,
    keySlot: 'sunset-leaf',
    notBefore: new Date(renewAt + 30 * DAY - 90 * DAY),
    notAfter: new Date(renewAt + 30 * DAY),
  });
}

function scan(
  held: TestCertificate[],
  now: Date,
  options: { trust?: TrustStore; config?: unknown; kind?: 'mutual-auth' | 'file' } = {},
) {
  const inventory = emptyInventory();
  inventory.certificates.push(
    recordOf(held, { name: 'client', kind: options.kind ?? 'mutual-auth', org: 'acme' }),
  );
  const report = evaluate(inventory, {
    now,
    trust: options.trust,
    config: options.config === undefined ? undefined : parseConfig(options.config),
  });
  return {
    certificate: report.certificates[0],
    finding: report.findings.find((f) => f.code === 'CLIENT_AUTH_SUNSET'),
  };
}

describe('the clientAuth sunset, at each cut-off of the table', () => {
  const named = CLIENT_AUTH_SUNSET.filter((e) => e.match.issuer !== undefined);

  it.each(named.map((e) => [e.ca, e] as const))(
    '%s: a renewal on the last day keeps clientAuth; on the next day it is a migration',
    (_, entry) => {
      const cutOff = sunsetInstant(entry);
      const now = new Date(cutOff - 60 * DAY);
      const ca = caNamed(entry.match.issuer as string);

      const dayBefore = scan([clientRenewingAt(ca, cutOff - 1000), ca], now);
      // The next renewal still gets clientAuth; the one after it is the migration.
      expect(dayBefore.certificate.clientAuthSunset).toMatchObject({
        nextRenewal: false,
        lastIssuance: entry.lastIssuance,
      });
      expect(dayBefore.finding?.severity).toBe('info');

      const dayAfter = scan([clientRenewingAt(ca, cutOff), ca], now);
      expect(dayAfter.certificate.clientAuthSunset).toEqual({
        ca: entry.ca,
        lastIssuance: entry.lastIssuance,
        source: entry.source,
        migrationRenewal: new Date(cutOff).toISOString(),
        nextRenewal: true,
      });
      expect(dayAfter.finding?.severity).toBe('warning');
      expect(dayAfter.finding?.message).toContain(entry.lastIssuance);
      expect(dayAfter.finding?.message).toContain(entry.ca);
    },
  );

  it('renewals that straddle the cut-off: the forecast marks the first one after it as the migration', () => {
    const entry = CLIENT_AUTH_SUNSET.find((e) => e.ca === 'DigiCert');
    if (!entry) throw new Error('DigiCert entry missing');
    const cutOff = sunsetInstant(entry);
    const now = new Date(cutOff - 40 * DAY);
    const ca = caNamed('DigiCert');
    const { certificate } = scan([clientRenewingAt(ca, cutOff - 10 * DAY), ca], now);
    const migration = new Date(certificate.clientAuthSunset?.migrationRenewal ?? 0).getTime();
    expect(migration).toBeGreaterThanOrEqual(cutOff);
    expect(migration).toBeLessThan(cutOff + 90 * DAY);
    const year = new Date(migration).getUTCFullYear();
    expect(certificate.forecast.find((y) => y.year === year)?.migrations).toBe(1);
    expect(certificate.forecast.filter((y) => y.migrations !== undefined)).toHaveLength(1);
  });

  it('critical once the certificate is inside its renew-before window after the cut-off', () => {
    const ca = caNamed('Sectigo');
    const now = new Date('2026-12-01T00:00:00Z');
    const { finding, certificate } = scan([clientRenewingAt(ca, now.getTime() - 5 * DAY), ca], now);
    expect(finding?.severity).toBe('critical');
    expect(certificate.clientAuthSunset?.migrationRenewal).toBe(now.toISOString());
  });

  it('the Chrome rule binds every hierarchy that ends at a public root (2027-03-14), and not a private one', () => {
    const ca = caNamed('Example Public');
    const cutOff = Date.parse('2027-03-15T00:00:00Z');
    const now = new Date(cutOff - 60 * DAY);
    const leaf = clientRenewingAt(ca, cutOff);
    expect(
      scan([leaf], now, { trust: trustStore([ca.certPem]) }).certificate.clientAuthSunset?.lastIssuance,
    ).toBe('2027-03-14');
    expect(scan([leaf, ca], now, { trust: trustStore([]) }).certificate.clientAuthSunset).toBeNull();
    const dayBefore = clientRenewingAt(ca, cutOff - 1000);
    expect(
      scan([dayBefore], now, { trust: trustStore([ca.certPem]) }).certificate.clientAuthSunset?.nextRenewal,
    ).toBe(false);
  });

  it('a certificate already without clientAuth, or not a client certificate, has no sunset', () => {
    const ca = caNamed('DigiCert');
    const now = new Date('2027-01-01T00:00:00Z');
    const at = Date.parse('2027-03-01T00:00:00Z');
    expect(scan([clientRenewingAt(ca, at, ['serverAuth']), ca], now).certificate.clientAuthSunset).toBeNull();
    expect(
      scan([clientRenewingAt(ca, at), ca], now, { kind: 'file' }).certificate.clientAuthSunset,
    ).toBeNull();
  });
});

describe('trust.clientAuthSunset in the configuration', () => {
  const now = new Date('2027-01-01T00:00:00Z');

  it('replaces the entry with the same match (dates move) and adds new ones, matched by authorityKeyId too', () => {
    const ca = caNamed('DigiCert');
    const leaf = clientRenewingAt(ca, Date.parse('2027-03-01T00:00:00Z'));
    const moved = {
      trust: {
        clientAuthSunset: [
          { match: { issuer: 'digicert' }, lastIssuance: '2027-06-30', source: 'DigiCert moved it again' },
        ],
      },
    };
    // The renewal on 2027-03-01 now keeps clientAuth; a later one is the migration.
    expect(scan([leaf, ca], now, { config: moved }).certificate.clientAuthSunset).toMatchObject({
      lastIssuance: '2027-06-30',
      source: 'DigiCert moved it again',
      nextRenewal: false,
    });

    const other = caNamed('Partner Private');
    const keyId = authorityKeyIdOf(clientRenewingAt(other, 0).der);
    expect(keyId).toMatch(/^[0-9A-F]{40}$/);
    const byKey = {
      trust: {
        clientAuthSunset: [
          {
            ca: 'Partner private CA',
            match: { authorityKeyId: (keyId as string).replace(/(..)(?!$)/g, '$1:') },
            lastIssuance: '2027-02-01',
            source: 'partner PKI notice',
          },
        ],
      },
    };
    const result = scan([clientRenewingAt(other, Date.parse('2027-02-10T00:00:00Z')), other], now, {
      config: byKey,
    });
    expect(result.certificate.clientAuthSunset).toMatchObject({
      ca: 'Partner private CA',
      nextRenewal: true,
    });
  });

  it('names a bad entry', () => {
    expect(() =>
      parseConfig({ trust: { clientAuthSunset: [{ match: {}, lastIssuance: '2027-02-30', source: '' }] } }),
    ).toThrow(
      /trust\.clientAuthSunset\.0\.match: needs issuer[\s\S]*lastIssuance: must be a real date[\s\S]*source: must say where/,
    );
  });
});
