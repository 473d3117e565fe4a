/** The trust-path rules as a user meets them: the real CLI over real certificate files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InspectOutput } from '../../bin/cli/commands/inspect';
import type { Report } from '../../lambdas/core/report/model';
import { runCli } from '../helpers/cli';
import { daysFrom, makeCertificate } from '../helpers/pki';

const NOW = new Date('2026-11-23T09:00:00Z');

describe('trust rules in the CLI', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cert-sentinel-trust-'));
    const serverOnly = makeCertificate({
      commonName: 'erp-client.partner.example',
      notBefore: daysFrom(NOW, -10),
      notAfter: daysFrom(NOW, 190),
      extendedKeyUsage: ['serverAuth'],
      keySlot: 'trust-cli',
    });
    const future = makeCertificate({
      commonName: 'next.partner.example',
      notBefore: daysFrom(NOW, 2),
      notAfter: daysFrom(NOW, 200),
      extendedKeyUsage: ['clientAuth'],
      keySlot: 'trust-cli',
    });
    writeFileSync(join(dir, 'erp-client.pem'), serverOnly.certPem);
    writeFileSync(
      join(dir, 'erp-client.json'),
      JSON.stringify({ usage: 'client', owner: 'ops@acme.example' }),
    );
    writeFileSync(join(dir, 'next.pem'), future.certPem);
  });

  it('inspect --json reports extendedKeyUsage per certificate', async () => {
    const run = await runCli(
      ['inspect', '--json', '--now', NOW.toISOString(), 'erp-client.pem', 'next.pem'],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as InspectOutput;
    expect(output.certificates.map((c) => c.extendedKeyUsage)).toEqual([['serverAuth'], ['clientAuth']]);
  });

  it('scan: a sidecar with "usage": "client" makes a serverAuth-only certificate CLIENT_AUTH_EKU_MISSING; a future one is NOT_YET_VALID', async () => {
    const run = await runCli(['scan', '--cert-dir', dir, '--now', NOW.toISOString(), '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const erp = report.certificates.find((c) => c.name === 'erp-client.pem');
    expect(erp).toMatchObject({ usage: 'client', extendedKeyUsage: ['serverAuth'] });
    const codes = report.findings.map((f) => `${f.code} ${f.subject}`);
    expect(codes).toContain(`CLIENT_AUTH_EKU_MISSING files:${join(dir, 'erp-client.pem')}`);
    expect(codes).toContain(`NOT_YET_VALID files:${join(dir, 'next.pem')}`);
    expect(report.certificates.find((c) => c.name === 'next.pem')?.notYetValid).toBe(true);
  });

  it('scan --fail-on critical fails on a critical finding even when every tier is ok', async () => {
    const run = await runCli([
      'scan',
      '--cert-dir',
      dir,
      '--now',
      NOW.toISOString(),
      '--fail-on',
      'critical',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/finding\(s\) at or past "critical" \(--fail-on\)/);
    const expired = await runCli([
      'scan',
      '--cert-dir',
      dir,
      '--now',
      NOW.toISOString(),
      '--fail-on',
      'expired',
    ]);
    expect(expired.code).toBe(0);
  });

  it('scan: a sidecar with an unknown usage is named and ignored', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'cert-sentinel-trust-bad-'));
    const cert = makeCertificate({
      commonName: 'x.example',
      notBefore: daysFrom(NOW, -1),
      notAfter: daysFrom(NOW, 100),
      keySlot: 'trust-cli',
    });
    writeFileSync(join(bad, 'x.pem'), cert.certPem);
    writeFileSync(join(bad, 'x.json'), JSON.stringify({ usage: 'both' }));
    const run = await runCli(['scan', '--cert-dir', bad, '--now', NOW.toISOString(), '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    const finding = report.findings.find((f) => f.code === 'SIDECAR_INVALID');
    expect(finding?.message).toMatch(/usage: Invalid option/);
  });
});
