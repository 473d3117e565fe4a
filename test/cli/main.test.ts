import { spawn, spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import type { CliIo } from '../../bin/cli/command';
import { commands } from '../../bin/cli/commands';
import { runCli as runCliMain } from '../../bin/cli/main';
import { BIN, ROOT, runCli } from '../helpers/cli';

/** The same entry in this process, for checks that run many times. */
async function runCliInProcess(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    isTty: false,
    env: {},
    cwd: ROOT,
  };
  const code = await runCliMain(argv, io);
  return { code, out, err };
}

describe('cert-sentinel (top level)', () => {
  it('lists every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['scan', 'inspect', 'probe'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('rejects an unknown command with one line and a hint, exit code 2', async () => {
    const run = await runCli(['sacn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'cert-sentinel: unknown command "sacn"; did you mean scan?\nRun `cert-sentinel --help` for the commands.\n',
    );
  });

  it('prints a usage error as one line and a hint, never the whole help', async () => {
    const typo = await runCli(['scan', '--demo', '--fail-in', 'critical']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      "cert-sentinel scan: Unknown option '--fail-in'; did you mean --fail-on?\nRun `cert-sentinel scan --help` for its options.\n",
    );
  });

  it.each(['2026-02-30', '2026-13-01', '2027-02-29T09:00:00Z'])(
    'rejects --now %s, a day that does not exist',
    async (day) => {
      const run = await runCli(['scan', '--demo', '--now', day]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `--now must be an ISO 8601 date or instant such as 2026-11-23T09:00:00Z, got "${day}"`,
      );
    },
  );

  it('lists every flag each command accepts in its --help, from the same declaration', async () => {
    for (const command of commands) {
      const help = await runCli([command.name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe(`${command.usage}\n`);
      const declared = [...command.usage.matchAll(/^ {2}--([a-z0-9-]+)/gm)].map((m) => m[1]);
      expect(declared.length).toBeGreaterThan(3);
      // Each flag the help names is accepted (a usage error would name it as unknown).
      for (const flag of declared) {
        const run = await runCliInProcess([command.name, `--${flag}`, '--help']);
        expect(run.err).not.toContain('Unknown option');
      }
    }
  });

  it('never loads jsforce for a scan without a Salesforce source', () => {
    const script = `
      const { runCli } = require(${JSON.stringify(join(ROOT, 'bin', 'cli', 'main.ts'))});
      const io = { stdout: () => {}, stderr: () => {}, isTty: false, env: {}, cwd: ${JSON.stringify(ROOT)} };
      runCli(['scan', '--demo', '--now', '2026-11-23T09:00:00Z'], io).then((code) => {
        const loaded = Object.keys(require.cache).filter((m) => m.includes('jsforce'));
        process.stdout.write(JSON.stringify({ code, loaded }));
      });`;
    const run = spawnSync(join(BIN, 'tsx'), ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toEqual({ code: 0, loaded: [] });
  });

  it('runs as the installed `cert-sentinel` binary', async () => {
    const bin = join(ROOT, 'node_modules', '.bin');
    const output = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'cert-sentinel.js'), '--version'], {
        env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` },
      });
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(output).toEqual({ code: 0, stdout: `${require('../../package.json').version}\n` });
  });
});
