/**
 * The installed command, as a user gets it: `npm pack`, then `npm install -g` of the tarball into
 * an empty prefix, run from an empty folder with nothing on the PATH but a Node binary. No tsx, no
 * TypeScript, no node_modules of this repository; the tarball has no dependencies to fetch.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli';
import { daysFrom, makeCertificate } from '../helpers/pki';

const NOW = '2026-11-23T09:00:00Z';
/** The project's Node 24 (the `node` devDependency), the Node a user would have. */
const NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');

/** A Node older than 22 on this machine (Debian's node 20), if there is one. */
function oldNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node', '/bin/node']) {
    const run = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (run.status === 0 && Number(run.stdout.split('.')[0]) < 22) return candidate;
  }
  return undefined;
}

describe('the installed cert-sentinel package', () => {
  let work: string;
  let command: string;
  /** A PATH holding only `node` (and what `#!/usr/bin/env node` needs: env is found by path). */
  const pathWith = (node: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'cert-sentinel-node-'));
    symlinkSync(node, join(dir, 'node'));
    return dir;
  };
  const run = (node: string, args: string[]) =>
    spawnSync(command, args, {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: pathWith(node), HOME: work, NO_COLOR: '1' },
    });

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'cert-sentinel-pack-'));
    chmodSync(work, 0o755);
    const env = { ...process.env, PATH: `${BIN}:${process.env.PATH}` };
    // prepack builds dist/cli.js; the tarball lands in `work`.
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT, env, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => /^cert-sentinel-.*\.tgz$/.test(f));
    if (!tarball) throw new Error('npm pack wrote no tarball');
    const prefix = join(work, 'prefix');
    mkdirSync(prefix);
    execFileSync(
      'npm',
      ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(work, tarball)],
      { cwd: work, env, stdio: 'pipe' },
    );
    command = join(prefix, 'bin', 'cert-sentinel');
  }, 120_000);

  it('runs scan --demo', () => {
    const result = run(NODE, ['scan', '--demo', '--now', NOW, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).certificates.length).toBeGreaterThanOrEqual(12);
  });

  it('runs inspect', () => {
    const now = new Date(NOW);
    const leaf = makeCertificate({
      commonName: 'installed.example',
      notBefore: daysFrom(now, -10),
      notAfter: daysFrom(now, 80),
    });
    writeFileSync(join(work, 'leaf.pem'), leaf.certPem);
    const result = run(NODE, ['inspect', 'leaf.pem', '--now', NOW, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).certificates[0]).toMatchObject({
      subject: 'CN=installed.example',
      daysRemaining: 80,
    });
  });

  it('runs probe (a port nobody listens on: CONNECTION_REFUSED, exit 1)', () => {
    const result = run(NODE, ['probe', '127.0.0.1:1', '--json', '--timeout-ms', '2000']);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).outcome).toBe('CONNECTION_REFUSED');
  });

  const old = oldNode();
  (old ? it : it.skip)(`says which Node it needs on an old Node (${old ?? 'no Node < 22 here'})`, () => {
    const result = run(old!, ['scan', '--demo']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Cert Sentinel needs Node >= 22 \(22\.19 or newer\); this is Node v2\d\./);
    expect(result.stdout).toBe('');
  });
  if (!old)
    console.warn(
      'package.test: no Node older than 22 on this machine; the old-Node message is untested here',
    );
});

describe('the clone after the Quick start', () => {
  it('ignores reports written with --out in its root (the lint of npm test would trip on them)', () => {
    const names = ['report.json', 'report.html', 'report.md', 'report.txt'];
    const ignored = spawnSync('git', ['check-ignore', ...names], { cwd: ROOT, encoding: 'utf8' });
    expect(ignored.stdout.trim().split('\n')).toEqual(names);
  });
});
