/** The pure parts of the handler plumbing: bounded metrics and folding a partner change in. */
import { demoInventory } from '../../lambdas/adapters/demo/inventory';
import type { Config } from '../../lambdas/core/config';
import { evaluate } from '../../lambdas/core/evaluate';
import { emptyInventory } from '../../lambdas/core/model';
import { DIMENSIONS, METRICS } from '../../lambdas/shared/metric-catalog';
import { applyPartnerUpdate } from '../../lambdas/shared/partner-change';
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
  // 14 report metrics for the estate plus 6 per org (docs/cost.md counts these).
  expect(new Set(points.map((p) => `${p.name}${JSON.stringify(p.dimensions)}`)).size).toBe(14 + 6);
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
