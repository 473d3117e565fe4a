import type { Report } from '../../../lambdas/core/report/model';
import { renderJson } from '../../../lambdas/core/report/render-json';
import { realisticReport } from './fixtures';

/** The same report with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  }
  return value;
}

describe('renderJson', () => {
  it('is the report itself, pretty-printed', () => {
    const json = renderJson(realisticReport());
    expect(JSON.parse(json)).toEqual(realisticReport());
    expect(json).toContain('\n  "certificates": [\n    {\n');
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('is byte-for-byte stable whatever order the engine built the objects in', () => {
    const report = realisticReport();
    expect(renderJson(reversedKeys(report) as Report)).toBe(renderJson(report));
    const keys = Object.keys(JSON.parse(renderJson(report)));
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps array order (the engine decides it) and nulls (the schema requires them)', () => {
    const parsed = JSON.parse(renderJson(realisticReport()));
    expect(parsed.certificates.map((c: { name: string }) => c.name)).toEqual(
      realisticReport().certificates.map((c) => c.name),
    );
    const payroll = parsed.certificates.find((c: { name: string }) => c.name === 'Payroll_mTLS');
    expect(payroll.subject).toBeNull();
  });
});
