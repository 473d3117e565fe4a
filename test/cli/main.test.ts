import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli';

describe('cert-sentinel (top level)', () => {
  it('lists every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['scan', 'inspect', 'probe'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('rejects an unknown command with exit code 2', async () => {
    const run = await runCli(['sacn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "sacn"');
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
