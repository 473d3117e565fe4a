/**
 * How a scan ends: the README's exit-code table, through the real CLI. Permission cases run the
 * CLI as an unprivileged user when the suite runs as root (root reads every folder).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { EXIT } from '../../bin/cli/command';
import type { Report } from '../../lambdas/core/report/model';
import { BIN, ROOT, runCli, unprivilegedRunProblem } from '../helpers/cli';
import { daysFrom, makeCertificate } from '../helpers/pki';

const NOW = '2026-11-23T09:00:00Z';
const now = new Date(NOW);

/** A folder anyone may read, as tmpdir folders are private to their creator. */
function openFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

function certificate(commonName: string, days: number): string {
  return makeCertificate({ commonName, notBefore: daysFrom(now, -60), notAfter: daysFrom(now, days) })
    .certPem;
}

// Permission cases need an unprivileged user who can reach the checkout; said loudly when not.
const unprivilegedProblem = unprivilegedRunProblem();
if (unprivilegedProblem) console.warn(`SKIPPED permission cases: ${unprivilegedProblem}`);
const itUnprivileged = unprivilegedProblem ? it.skip : it;

describe('scan exit codes', () => {
  let estate: string;
  beforeAll(() => {
    // /etc/ssl as a non-root user sees it: readable certs/, a private/ it cannot list.
    estate = openFolder('cert-sentinel-exit-');
    mkdirSync(join(estate, 'certs'), { mode: 0o755 });
    mkdirSync(join(estate, 'private'), { mode: 0o710 });
    chmodSync(join(estate, 'private'), 0o710);
    writeFileSync(join(estate, 'certs', 'soon.pem'), certificate('soon.example', 3));
    writeFileSync(join(estate, 'certs', 'later.pem'), certificate('later.example', 300));
    writeFileSync(join(estate, 'private', 'hidden.pem'), certificate('hidden.example', 300));
  });

  itUnprivileged(
    'scans what it can read when a subfolder cannot be listed, names that folder, and exits 3',
    async () => {
      const run = await runCli(['scan', '--cert-dir', estate, '--now', NOW, '--format', 'json'], {
        unprivileged: true,
      });
      expect(run.code).toBe(3);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.certificates.map((c) => c.name).sort()).toEqual(['later.pem', 'soon.pem']);
      const unreadable = report.findings.find((f) => f.code === 'CERT_DIR_UNREADABLE');
      expect(unreadable?.subject).toBe(join(estate, 'private'));
      expect(unreadable?.message).toContain('EACCES');
      expect(report.sources).toEqual([expect.objectContaining({ status: 'partial', certificates: 2 })]);
      expect(run.stderr).toContain('the report is incomplete');
    },
  );

  itUnprivileged(
    'treats a partial source as failing with --fail-on too, whatever the tiers say',
    async () => {
      const run = await runCli(['scan', '--cert-dir', estate, '--now', NOW, '--fail-on', 'expired'], {
        unprivileged: true,
      });
      expect(run.code).toBe(3);
    },
  );

  it('exits 3 for an empty or mistyped folder and says so', async () => {
    const empty = openFolder('cert-sentinel-empty-');
    const run = await runCli(['scan', '--cert-dir', empty, '--now', NOW]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('no certificate files found');
    const missing = await runCli(['scan', '--cert-dir', join(empty, 'typo'), '--now', NOW]);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toContain('ENOENT');
  });

  it('exits 1 for --fail-on when every source was read', async () => {
    const run = await runCli([
      'scan',
      '--cert-dir',
      join(estate, 'certs'),
      '--now',
      NOW,
      '--fail-on',
      'critical',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 certificate(s) at or past "critical"');
  });

  it.each([
    ['a missing folder', (dir: string) => join(dir, 'no-such-folder', 'report.html'), 'does not exist'],
    ['a folder', (dir: string) => dir, 'is a folder'],
    ['a file used as a folder', (dir: string) => join(dir, 'file.txt', 'report.html'), 'is not a folder'],
  ])('refuses --out onto %s before collecting: one line, exit 2', async (_, outOf, reason) => {
    const dir = openFolder('cert-sentinel-out-');
    writeFileSync(join(dir, 'file.txt'), '');
    const run = await runCli(['scan', '--demo', '--now', NOW, '--out', outOf(dir)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stderr.trim().split('\n')).toHaveLength(2); // the reason and a hint, no stack
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  itUnprivileged('refuses an --out it has no permission to write', async () => {
    const dir = openFolder('cert-sentinel-ro-');
    chmodSync(dir, 0o555);
    const run = await runCli(['scan', '--demo', '--now', NOW, '--out', join(dir, 'report.html')], {
      unprivileged: true,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no permission to write');
  });

  describe('alerts that cannot be published', () => {
    let server: Server;
    let endpoint: string;
    beforeAll(async () => {
      // SNS refusing every publish, as it does for a caller without permission.
      server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.statusCode = 403;
          res.setHeader('content-type', 'text/xml');
          res.end(
            '<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized</Message></Error><RequestId>r</RequestId></ErrorResponse>',
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('exits 4 when alerts failed to publish', async () => {
      const run = await runCli(
        ['scan', '--demo', '--now', NOW, '--sns-topic-arn', 'arn:aws:sns:eu-west-1:123456789012:alerts'],
        {
          env: {
            AWS_ENDPOINT_URL_SNS: endpoint,
            AWS_REGION: 'eu-west-1',
            AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
            AWS_SECRET_ACCESS_KEY: 'local-test-only',
            AWS_MAX_ATTEMPTS: '1',
          },
        },
      );
      expect(run.stderr).toMatch(/Alerts: \d+ planned, 0 published, \d+ failed/);
      expect(run.stderr).toContain('alert(s) could not be published');
      expect(run.code).toBe(4);
    });
  });
});

describe("the README's exit-code table", () => {
  it('lists exactly the codes the commands use', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Exit codes'));
    const codes = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });
});

describe('scan output into a pipe closed early', () => {
  it('ends with its own exit code and no stack trace when the reader stops reading', async () => {
    const child = spawn(
      join(BIN, 'tsx'),
      [join(ROOT, 'bin', 'cli.ts'), 'scan', '--demo', '--now', NOW, '--format', 'json'],
      {
        env: { ...process.env, PATH: `${BIN}${delimiter}${process.env.PATH}` },
      },
    );
    child.stdout.destroy(); // like `| head -0`: the read end is gone before anything is written
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*\(|Node\.js v/);
    expect(code).toBe(EXIT.ok);
  });
});
