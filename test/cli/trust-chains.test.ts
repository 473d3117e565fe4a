/** Chains and trust.roots as a user meets them: the real CLI over real certificate files. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InspectOutput } from '../../bin/cli/commands/inspect';
import type { Report } from '../../lambdas/core/report/model';
import { runCli } from '../helpers/cli';
import { daysFrom, makeCertificate } from '../helpers/pki';

const NOW = new Date('2026-11-23T09:00:00Z');

describe('trust rules in the CLI: chains', () => {
  describe('chains and trust.roots', () => {
    let pki: string;
    beforeAll(() => {
      pki = mkdtempSync(join(tmpdir(), 'cert-sentinel-trust-pki-'));
      const window = { notBefore: daysFrom(NOW, -100), notAfter: daysFrom(NOW, 900) };
      const root = makeCertificate({
        commonName: 'Partner Root',
        isCa: true,
        keySlot: 'trust-root',
        ...window,
      });
      const issuing = makeCertificate({
        commonName: 'Partner Issuing CA',
        isCa: true,
        issuer: root,
        keySlot: 'trust-int',
        ...window,
      });
      const client = makeCertificate({
        commonName: 'erp.partner.example',
        issuer: issuing,
        extendedKeyUsage: ['clientAuth'],
        keySlot: 'trust-cli',
        notBefore: daysFrom(NOW, -5),
        notAfter: daysFrom(NOW, 200),
      });
      writeFileSync(join(pki, 'roots.pem'), root.certPem);
      const certs = join(pki, 'certs');
      mkdirSync(certs);
      writeFileSync(join(certs, 'full.pem'), client.certPem + issuing.certPem);
      writeFileSync(join(certs, 'full.json'), JSON.stringify({ kind: 'mutual-auth', org: 'acme' }));
      // Another certificate: copies of the same one in two files are joined into one record.
      const alone = makeCertificate({
        commonName: 'erp2.partner.example',
        issuer: issuing,
        extendedKeyUsage: ['clientAuth'],
        keySlot: 'trust-cli',
        notBefore: daysFrom(NOW, -5),
        notAfter: daysFrom(NOW, 200),
      });
      writeFileSync(join(certs, 'leaf-only.pem'), alone.certPem);
      writeFileSync(join(certs, 'leaf-only.json'), JSON.stringify({ kind: 'mutual-auth', org: 'acme' }));
      writeFileSync(join(pki, 'config.json'), JSON.stringify({ trust: { roots: 'roots.pem' } }));
      writeFileSync(join(pki, 'bad.json'), JSON.stringify({ trust: { roots: ['missing.pem'] } }));
    });

    const scanWith = async (config?: string) => {
      const run = await runCli(
        [
          'scan',
          '--cert-dir',
          'certs',
          ...(config ? ['--config', config] : []),
          '--now',
          NOW.toISOString(),
          '--format',
          'json',
        ],
        { cwd: pki },
      );
      return { run, report: JSON.parse(run.stdout || '{}') as Report };
    };
    const codesOf = (report: Report, name: string) => {
      const id = report.certificates.find((c) => c.name === name)?.id;
      expect(id).toBeDefined();
      return report.findings
        .filter((f) => f.subject === id && f.code.startsWith('CHAIN_'))
        .map((f) => f.code);
    };

    it('with trust.roots: the full chain reaches the configured root; the leaf alone is CHAIN_INCOMPLETE', async () => {
      const { report } = await scanWith('config.json');
      const full = report.certificates.find((c) => c.name === 'full.pem');
      expect(full?.chain).toEqual(['CN=erp.partner.example', 'CN=Partner Issuing CA', 'CN=Partner Root']);
      expect(full?.trustAnchor).toBe('CN=Partner Root');
      expect(codesOf(report, 'full.pem')).toEqual([]);
      expect(codesOf(report, 'leaf-only.pem')).toEqual(['CHAIN_INCOMPLETE']);
    });

    it("without it, Node's public roots decide: a private CA's chain is not trusted", async () => {
      const { report } = await scanWith();
      expect(report.certificates.find((c) => c.name === 'full.pem')?.trustAnchor).toBeNull();
      expect(codesOf(report, 'full.pem')).toEqual(['CHAIN_INCOMPLETE']);
    });

    it('a trust.roots file that cannot be read stops the scan, naming the field', async () => {
      const { run } = await scanWith('bad.json');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/trust\.roots\.0: cannot read .*missing\.pem \(ENOENT\)/);
    });

    it('inspect --json follows each certificate to a public root, or says null', async () => {
      const run = await runCli(['inspect', '--json', '--now', NOW.toISOString(), 'certs/full.pem'], {
        cwd: pki,
      });
      const output = JSON.parse(run.stdout) as InspectOutput;
      expect(output.certificates.map((c) => [c.chain, c.trustAnchor])).toEqual([
        [['CN=erp.partner.example', 'CN=Partner Issuing CA'], null],
        [['CN=Partner Issuing CA'], null],
      ]);
    });
  });
});
