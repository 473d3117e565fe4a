/**
 * `npm run bench` runs as users run it, on a small count, so the benchmark cannot rot unseen. No
 * timing is asserted (timings belong to docs/performance.md): what it measures must be there and
 * consistent.
 */
import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';
import { BIN, ROOT } from '../helpers/cli';

function bench(...args: string[]) {
  return spawnSync('npm', ['run', '-s', 'bench', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${BIN}${delimiter}${process.env.PATH}` },
  });
}

describe('npm run bench', () => {
  it('measures the engine against the raw parser and one scan of a folder', () => {
    const run = bench('--count', '60', '--json');
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ certificates: 60, pkcs12Bundles: 10 });
    for (const key of ['rawMs', 'engineMs', 'engineNoMemoMs', 'rawFieldsMs', 'pkcs12MsEach', 'ratio']) {
      expect(result[key]).toBeGreaterThan(0);
    }
    // One record per file: the 10 PKCS#12 bundles and every PEM/DER input, chains included.
    expect(result.scan).toMatchObject({
      files: result.inputs + 10,
      evaluatedCertificates: result.inputs + 10,
    });
    expect(result.scan.forecastRotations).toBeGreaterThan(result.scan.evaluatedCertificates);
    expect(result.scan.peakRssMb).toBeGreaterThan(0);
    expect(Object.keys(result.pass).sort()).toEqual(['evaluate', 'ratio', 'rss']);
  }, 120_000);

  it('refuses a count it cannot use', () => {
    const run = bench('--count', '5');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--count must be a whole number >= 10, got 5');
  }, 60_000);
});
