/** The clientAuth sunset reaches people: the migration runbook in a certificate's alerts, and the weekly digest. */

import { demoInventory } from '../../../lambdas/adapters/demo/inventory';
import { planDigests } from '../../../lambdas/core/alerts/digest';
import { renderAlert } from '../../../lambdas/core/alerts/messages';
import type { TierAlert } from '../../../lambdas/core/alerts/model';
import { runbooksFor } from '../../../lambdas/core/alerts/runbooks';
import { DEFAULT_ALERT_SETTINGS } from '../../../lambdas/core/alerts/severity';
import { certificateKey } from '../../../lambdas/core/alerts/state';
import { evaluate } from '../../../lambdas/core/evaluate';

// A Monday, so the digest is due.
const NOW = new Date('2026-11-23T09:00:00Z');
const report = evaluate(demoInventory(NOW), { now: NOW });
const contoso = report.certificates.find((c) => c.name === 'contoso_edi');

describe('clientAuth sunset in alerts', () => {
  it('the migration runbook, for both companies, comes first in the certificate alert', () => {
    if (!contoso) throw new Error('demo has no contoso_edi');
    const runbooks = runbooksFor(contoso);
    expect(runbooks[0]).toMatchObject({ edge: 'client-auth-migration', twoParty: true });
    expect(runbooks[1].edge).toBe('inbound-mtls');
    const alert: TierAlert = {
      type: 'tier',
      severity: 'warning',
      key: certificateKey(contoso),
      certificate: contoso,
      previousTier: null,
      repeat: false,
    };
    const email = renderAlert(alert, report).messages.email;
    expect(email).toContain("clientAuth ends: 2026-07-07 (Let's Encrypt): the renewal on");
    const migration = email.indexOf(
      "Rotation runbook: clientAuth migration: Let's Encrypt issues clientAuth until 2026-07-07",
    );
    expect(migration).toBeGreaterThan(0);
    expect(migration).toBeLessThan(email.indexOf('Rotation runbook: Inbound mutual-TLS'));
    expect(email).toMatch(/Both sides.*Agree the new issuer before 2026-07-07/);
    expect(email).toContain('Dates have moved before');
  });

  it('a certificate without a sunset keeps its routine runbook only', () => {
    const other = report.certificates.find((c) => c.kind === 'mutual-auth' && c.clientAuthSunset === null);
    expect(other && runbooksFor(other).map((r) => r.edge)).toEqual(['inbound-mtls']);
  });

  it('the weekly digest lists every migration, whatever its tier', () => {
    const [digest, ...owners] = planDigests(report, NOW, DEFAULT_ALERT_SETTINGS);
    if (!digest) throw new Error('no digest on a Monday');
    // Contoso's owners hear of its migration in their own digest; other owners do not.
    const contosoOwner = owners.find((d) => d.owner === 'edi-support@contoso.example');
    expect(contosoOwner?.migrations.map((c) => c.name)).toEqual(['contoso_edi']);
    expect(owners.find((d) => d.owner === 'it-ops@northwind.example')?.migrations).toEqual([]);
    expect(digest.migrations.map((c) => c.name)).toEqual(['contoso_edi']);
    const email = renderAlert(digest, report).messages.email;
    expect(email).toContain(
      'clientAuth migrations (renewals that come back without the Client Authentication EKU):',
    );
    expect(email).toMatch(
      /contoso_edi \(acme-prod\): Let's Encrypt issues clientAuth until 2026-07-07; renewal /,
    );
  });
});
