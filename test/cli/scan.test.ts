import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../lambdas/core/report/model';
import { runCli } from '../helpers/cli';
import { daysFrom, makeCertificate, makePkcs12 } from '../helpers/pki';

const NOW = '2026-11-23T09:00:00Z';

describe('cert-sentinel scan', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cert-sentinel-scan-'));
  });

  it('runs the demo as JSON, stable for a given --now', async () => {
    const first = await runCli(['scan', '--demo', '--now', NOW, '--format', 'json']);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as Report;
    expect(report.now).toBe('2026-11-23T09:00:00.000Z');
    expect(report.certificates.length).toBeGreaterThanOrEqual(12);
    expect(report.summary.byTier.expired).toBe(1);
    expect(report.sources.every((s) => s.status === 'ok')).toBe(true);
    const second = await runCli(['scan', '--demo', '--now', NOW, '--format', 'json']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('prints a table by default, sorted by expiry with the blast radius', async () => {
    const run = await runCli(['scan', '--demo', '--now', NOW]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('globex_orders');
    expect(run.stdout.indexOf('globex_orders')).toBeLessThan(run.stdout.indexOf('SSO_Signing'));
    expect(run.stdout).toContain('Northwind Freight');
    expect(run.stdout.includes('\u001b[')).toBe(false); // not a TTY: no colour codes
  });

  it('fails CI pipelines with --fail-on', async () => {
    const critical = await runCli([
      'scan',
      '--demo',
      '--now',
      NOW,
      '--fail-on',
      'critical',
      '--format',
      'json',
    ]);
    expect(critical.code).toBe(1);
    expect(critical.stderr).toContain('--fail-on');
  });

  it('writes the report to --out in the format its extension names', async () => {
    const out = join(dir, 'report.html');
    const run = await runCli(['scan', '--demo', '--now', NOW, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Wrote html report to .*report\.html: \d+ certificates \(1 expired/);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('<svg');
  });

  it('reads a folder of certificate files with sidecars, and reports a broken file without stopping', async () => {
    const certDir = join(dir, 'certs');
    require('node:fs').mkdirSync(certDir);
    const now = new Date(NOW);
    const ca = makeCertificate({
      commonName: 'Partner CA',
      notBefore: daysFrom(now, -400),
      notAfter: daysFrom(now, 3000),
      isCa: true,
    });
    const leaf = makeCertificate({
      commonName: 'sync.partner.example',
      notBefore: daysFrom(now, -95),
      notAfter: daysFrom(now, 5),
      issuer: ca,
    });
    writeFileSync(join(certDir, 'partner.pem'), leaf.certPem + ca.certPem);
    writeFileSync(
      join(certDir, 'partner.json'),
      JSON.stringify({
        owner: 'team@acme.example',
        partnerOwner: 'ops@partner.example',
        externalSystem: 'Partner Sync',
        kind: 'partner-client',
      }),
    );
    writeFileSync(join(certDir, 'client.p12'), makePkcs12(leaf, 'correct horse'));
    writeFileSync(join(certDir, 'client.json'), JSON.stringify({ passwordEnv: 'P12_PASSWORD' }));
    writeFileSync(
      join(certDir, 'broken.pem'),
      '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n',
    );
    // Nothing here has expired yet, but broken.pem makes the report incomplete: exit 3.
    const run = await runCli(
      ['scan', '--cert-dir', certDir, '--now', NOW, '--format', 'json', '--fail-on', 'expired'],
      { env: { P12_PASSWORD: 'correct horse' } },
    );
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as Report;
    const partner = report.certificates.find((c) => c.subject === 'CN=sync.partner.example');
    expect(partner).toMatchObject({
      kind: 'partner-client',
      tier: 'critical',
      owners: { owner: 'team@acme.example' },
    });
    expect(partner?.dependents.map((d) => d.label)).toContain('Partner Sync');
    // The PKCS#12 copy holds the same certificate: one record, listing both files.
    expect(report.certificates.filter((c) => c.subject?.includes('sync.partner.example'))).toHaveLength(1);
    expect(partner?.attributes.files).toBe(`${join(certDir, 'client.p12')}\n${join(certDir, 'partner.pem')}`);
    const parseError = report.findings.find((f) => f.code === 'CERT_PARSE_ERROR');
    expect(parseError?.message).toContain('broken.pem');
    expect(report.sources[0].status).toBe('partial');
    expect(run.stdout).not.toContain('correct horse');
  });

  it('rejects bad input with exit code 2 and a message naming it', async () => {
    const nothing = await runCli(['scan']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to scan');
    const unknown = await runCli(['scan', '--demo', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--colour');
    const badNow = await runCli(['scan', '--demo', '--now', 'yesterday']);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain('--now');
    const badFormat = await runCli(['scan', '--demo', '--format', 'pdf']);
    expect(badFormat.stderr).toContain('--format must be one of table, json, markdown, html');
    const config = join(dir, 'bad-config.json');
    writeFileSync(config, JSON.stringify({ probes: [{ host: 'x', port: 99999 }] }));
    const badConfig = await runCli(['scan', '--demo', '--config', config]);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('probes.0.port');
  });

  it('documents itself', async () => {
    const help = await runCli(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--fail-on TIER');
    const top = await runCli(['--help']);
    expect(top.stdout).toContain('scan');
  });
});
