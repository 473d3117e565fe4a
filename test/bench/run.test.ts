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
  it('measures the engine against node:crypto as whole processes, in process, and one scan of a folder', () => {
    const run = bench('--count', '60', '--runs', '2', '--json');
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ certificates: 60, pkcs12Bundles: 10 });
    expect(result.process.runs).toBe(2);
    expect(result.process.nodeCryptoMs).toHaveLength(2);
    expect(result.process.engineMs).toHaveLength(2);
    for (const ms of [...result.process.nodeCryptoMs, ...result.process.engineMs])
      expect(ms).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.process.engineMedianMs / result.process.nodeCryptoMedianMs, 1);
    for (const key of ['expiryMs', 'fieldsMs', 'engineMs', 'engineNoCacheMs', 'engineToFields']) {
      expect(result.inProcess[key]).toBeGreaterThan(0);
    }
    expect(result.pkcs12MsEach).toBeGreaterThan(0);
    expect(result.targets.ratio).toBe(1.15);
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
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--count must be a whole number >= 10, got 5');
  }, 60_000);

  it('refuses a number of runs it cannot use', () => {
    const run = bench('--runs', '0');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--runs must be a whole number >= 1, got 0');
  }, 60_000);
});
