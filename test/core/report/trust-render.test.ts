import { demoInventory } from '../../../lambdas/adapters/demo/inventory';
import { evaluate } from '../../../lambdas/core/evaluate';
import { renderHtml } from '../../../lambdas/core/report/render-html';
import { realisticReport } from './fixtures';

const NOW = new Date('2026-11-23T09:00:00Z');

describe('the trust column and the clientAuth sunset callout (HTML)', () => {
  it('calls out, at the top, every client certificate whose renewal loses clientAuth', () => {
    const html = renderHtml(evaluate(demoInventory(NOW), { now: NOW }));
    const callout = html.indexOf('Public clientAuth is ending');
    expect(callout).toBeGreaterThan(0);
    expect(callout).toBeLessThan(html.indexOf('<h2>Certificates</h2>'));
    expect(html).toMatch(
      /1 client certificate will come back from renewal without the Client Authentication EKU/,
    );
    expect(html).toContain(
      'contoso_edi: Let&#39;s Encrypt issues clientAuth until 2026-07-07; its next renewal',
    );
    expect(html).toContain('<th>Trust</th>');
    expect(html).toContain('<small>clientAuth ends 2026-07-07 (Let&#39;s Encrypt)</small>');
  });

  it('has no callout when no sunset is dated, and escapes what certificates say', () => {
    const quiet = realisticReport();
    expect(renderHtml(quiet)).not.toContain('Public clientAuth is ending');
    const report = realisticReport();
    report.certificates[0] = {
      ...report.certificates[0],
      name: '<img src=x onerror=alert(1)>',
      usage: 'client',
      extendedKeyUsage: ['clientAuth'],
      chain: ['CN=a', 'CN=<b>root</b>'],
      trustAnchor: 'CN=<b>root</b>',
      notYetValid: true,
      clientAuthSunset: {
        ca: 'DigiCert',
        lastIssuance: '2027-02-28',
        source: 'DigiCert KB ALERT53',
        migrationRenewal: '2027-03-02T00:00:00.000Z',
        nextRenewal: true,
      },
    };
    const html = renderHtml(report);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>root</b>');
    expect(html).toContain('root CN=&lt;b&gt;root&lt;/b&gt;');
    expect(html).toContain('EKU clientAuth');
    expect(html).toContain('not valid until');
    expect(html).toContain(
      'DigiCert issues clientAuth until 2027-02-28; its next renewal (2027-03-02) is a migration',
    );
  });
});
