/**
 * The pure parts of the handler plumbing: bounded metrics, folding a partner change in, the probe
 * branch as inventory, and the dashboard's forecast table.
 */
import { demoInventory } from '../../lambdas/adapters/demo/inventory';
import type { Config } from '../../lambdas/core/config';
import { evaluate } from '../../lambdas/core/evaluate';
import { emptyInventory, type ProbeResult } from '../../lambdas/core/model';
import { renderForecastTable } from '../../lambdas/dashboard-widget/render';
import { DIMENSIONS, METRICS } from '../../lambdas/shared/metric-catalog';
import { applyPartnerUpdate } from '../../lambdas/shared/partner-change';
import { probeInventory } from '../../lambdas/shared/probe-results';
import { reportMetrics } from '../../lambdas/shared/report-metrics';

const NOW = new Date('2026-11-23T06:00:00Z');
const config: Config = {
  orgs: [{ name: 'acme-prod', auth: { type: 'session', accessTokenSecret: 's' }, certificateLimit: 40 }],
};

test('metrics use only Org (configured orgs), Year and Tier as dimensions', () => {
  const points = reportMetrics(evaluate(demoInventory(NOW), { now: NOW }), config);
  const dimensionNames = new Set(points.flatMap((p) => Object.keys(p.dimensions)));
  expect([...dimensionNames].sort()).toEqual([DIMENSIONS.org, DIMENSIONS.tier, DIMENSIONS.year].sort());
  expect(new Set(points.flatMap((p) => (p.dimensions.Org ? [p.dimensions.Org] : [])))).toEqual(
    new Set(['acme-prod']),
  );
  // 15 report metrics for the estate plus 1 per org (docs/cost.md counts these).
  expect(new Set(points.map((p) => `${p.name}${JSON.stringify(p.dimensions)}`)).size).toBe(15 + 1);
  // The demo's Contoso certificate renews after Let's Encrypt's last clientAuth day (its partner copy is not counted again).
  expect(points.find((p) => p.name === METRICS.clientAuthMigrations)?.value).toBe(1);
  // Org only on the certificate count: per-org rotations are in the dashboard widget, not metrics.
  expect(new Set(points.filter((p) => p.dimensions.Org).map((p) => p.name))).toEqual(
    new Set([METRICS.orgCertificates]),
  );
  const years = points
    .filter((p) => p.name === METRICS.projectedRotations && !p.dimensions.Org)
    .map((p) => p.dimensions.Year);
  expect(years).toEqual(['2026', '2027', '2028', '2029', '2030']);
});

test('an org missing from the configuration never becomes a dimension', () => {
  const points = reportMetrics(evaluate(demoInventory(NOW), { now: NOW }), { orgs: [] });
  expect(points.some((p) => p.dimensions.Org !== undefined)).toBe(false);
});

test('a partner update replaces the records and findings of that secret only', () => {
  const latest = demoInventory(NOW);
  const changed = latest.certificates.find((c) => c.id === 'secrets:eu-west-1:partners/globex/client')!;
  latest.findings.push({
    code: 'SECRET_MALFORMED',
    severity: 'warning',
    subject: 'partners/globex/client',
    message: 'old',
  });
  const update = emptyInventory();
  update.certificates.push({ ...changed, notAfter: '2027-11-01T00:00:00.000Z' });
  update.sources.push({ name: 'secrets:eu-west-1', kind: 'secrets-manager', status: 'ok', certificates: 1 });
  const merged = applyPartnerUpdate(latest, update, 'partners/globex/client');
  expect(merged.certificates).toHaveLength(latest.certificates.length);
  expect(merged.certificates.find((c) => c.id === changed.id)?.notAfter).toBe('2027-11-01T00:00:00.000Z');
  expect(merged.findings.map((f) => f.code)).not.toContain('SECRET_MALFORMED');
  expect(merged.findings.map((f) => f.code)).not.toContain('DUPLICATE_CERTIFICATE_ID');
  expect(merged.sources.filter((s) => s.name === 'secrets:eu-west-1')).toHaveLength(
    latest.sources.filter((s) => s.name === 'secrets:eu-west-1').length,
  );
});

test('a partner update before any scan stands on its own', () => {
  const update = emptyInventory();
  update.sources.push({
    name: 'secrets:eu-west-1',
    kind: 'secrets-manager',
    status: 'failed',
    certificates: 0,
  });
  expect(applyPartnerUpdate(undefined, update, 'partners/x').sources).toHaveLength(1);
});

const serverCertificate = {
  subject: 'CN=mtls.partner.example',
  issuer: 'CN=Public CA',
  serialNumber: '01',
  subjectAltNames: ['mtls.partner.example'],
  notBefore: '2026-06-01T00:00:00Z',
  notAfter: '2026-12-18T00:00:00Z',
  fingerprintSha256: 'AA:BB',
  keyType: 'rsa',
  selfSigned: false,
  isCa: false,
};

test('the probe branch becomes server certificate records and graph edges, like the CLI probe source', () => {
  const ok: ProbeResult = {
    target: 'northwind-sync',
    host: 'mtls.partner.example',
    port: 8443,
    outcome: 'OK',
    serverCertificate,
    latencyMs: 40,
    checkedAt: NOW.toISOString(),
    externalSystem: 'Northwind Freight',
    org: 'acme-prod',
  };
  const inventory = probeInventory([ok, { target: 'contoso:8443', error: 'States.Timeout' }]);
  expect(inventory.certificates).toEqual([
    expect.objectContaining({
      id: 'probe:mtls.partner.example:8443',
      kind: 'server',
      source: 'probe',
      org: 'acme-prod',
      notAfter: serverCertificate.notAfter,
    }),
  ]);
  expect(inventory.edges).toEqual(
    expect.arrayContaining([
      {
        from: 'probe-target:mtls.partner.example:8443',
        to: 'probe:mtls.partner.example:8443',
        kind: 'server-certificate',
      },
      {
        from: 'probe-target:mtls.partner.example:8443',
        to: 'external-system:Northwind Freight',
        kind: 'connects-to',
      },
    ]),
  );
  expect(inventory.probes).toEqual([ok]);
  expect(inventory.sources).toEqual([
    expect.objectContaining({ name: 'probe:contoso:8443', status: 'failed', error: 'States.Timeout' }),
  ]);
  // The evaluated report tiers and forecasts the server certificate like any other.
  const report = evaluate(inventory, { now: NOW });
  expect(report.certificates.map((c) => c.id)).toContain('probe:mtls.partner.example:8443');
});

test('the forecast widget lists each org per year, and the estate total', () => {
  const report = evaluate(demoInventory(NOW), { now: NOW });
  const html = renderForecastTable(report);
  const years = report.forecast.byYear.map((y) => y.year);
  expect(html).toContain(`<th>Org</th>${years.map((y) => `<th>${y}</th>`).join('')}<th>Total</th>`);
  for (const group of report.forecast.byOrg) {
    expect(html).toContain(`<tr><td>${group.key}</td>`);
  }
  const total = report.forecast.byYear.reduce((sum, y) => sum + y.rotations, 0);
  expect(html).toContain(`<td><b>${total}</b></td></tr>`);
  expect(renderForecastTable(undefined)).toMatch(/No scan has finished yet/);
});
