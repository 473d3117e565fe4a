/** Runs the real CLI (`tsx bin/cli.ts`) in a child process, on the project's Node. */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
/** The project's own tools (its Node, tsx, cdk) come first on the PATH of every child. */
export const BIN = join(ROOT, 'node_modules', '.bin');

/** nobody/nogroup on Debian. */
const NOBODY = 65534;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    input?: string;
    /** Run as an unprivileged user (nobody) when the tests run as root, so permissions bite. */
    unprivileged?: boolean;
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(BIN, 'tsx'), [join(ROOT, 'bin', 'cli.ts'), ...args], {
      cwd: options.cwd ?? ROOT,
      ...(options.unprivileged && process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {}),
      env: { ...process.env, PATH: `${BIN}${delimiter}${process.env.PATH}`, NO_COLOR: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Why the CLI cannot run as nobody here, or undefined when it can: as root, `unprivileged` runs
 * drop to nobody, who must be able to reach the checkout (every folder above it searchable by
 * others). A clone inside a private folder (mktemp -d, /root) is not; .ci/run opens the way.
 */
export function unprivilegedRunProblem(): string | undefined {
  if (process.getuid?.() !== 0) return undefined; // not root: permissions bite as they are
  for (let dir = ROOT; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return `nobody cannot enter ${dir} (no o+x)`;
    if (dirname(dir) === dir) return undefined;
  }
}
