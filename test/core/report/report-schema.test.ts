import Ajv2020 from 'ajv/dist/2020';
import schema from '../../../docs/report.schema.json';
import { demoInventory } from '../../../lambdas/adapters/demo/inventory';
import { evaluate } from '../../../lambdas/core/evaluate';
import { renderJson } from '../../../lambdas/core/report/render-json';
import { emptyReport, NOW, realisticReport } from './fixtures';

// Exactly as docs/reports.md tells a consumer: plain Ajv 2020, no options, no formats plugin
// (allErrors only lists every problem instead of the first). Ajv logs strict-mode complaints
// through console.warn; the schema must raise none.
const warnings: unknown[] = [];
const warn = jest.spyOn(console, 'warn').mockImplementation((...args) => {
  warnings.push(args);
});
const validate = new Ajv2020({ allErrors: true }).compile(schema);
warn.mockRestore();

/** The JSON report as a consumer reads it. */
const asJson = (report: unknown) => JSON.parse(renderJson(report as never));

function errors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('docs/report.schema.json', () => {
  it('is a draft 2020-12 schema that plain Ajv 2020 compiles without a complaint', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(warnings).toEqual([]);
  });

  it('accepts a realistic report, including every optional field the model has', () => {
    expect(errors(asJson(realisticReport()))).toEqual([]);
    expect(errors(asJson(emptyReport()))).toEqual([]);
  });

  it('accepts what the engine really produces (the demo estate)', () => {
    const report = evaluate(demoInventory(new Date(NOW)), { now: new Date(NOW) });
    expect(report.certificates.length).toBeGreaterThan(0);
    expect(errors(asJson(report))).toEqual([]);
  });

  it('rejects a certificate without a tier', () => {
    const report = asJson(realisticReport());
    delete report.certificates[2].tier;
    expect(errors(report)).toContain("/certificates/2 must have required property 'tier'");
  });

  it('rejects an unknown tier', () => {
    const report = asJson(realisticReport());
    report.certificates[0].tier = 'doomed';
    expect(errors(report).some((e) => e.startsWith('/certificates/0/tier'))).toBe(true);
  });

  it.each([
    ['a date without a time', '2026-11-20'],
    ['a local time', '2026-11-20T10:00:00'],
    ['an impossible month', '2026-13-20T00:00:00Z'],
    ['prose', 'next Tuesday'],
  ])('rejects notAfter written as %s', (_label, notAfter) => {
    const report = asJson(realisticReport());
    report.certificates[1].notAfter = notAfter;
    expect(errors(report).some((e) => e.startsWith('/certificates/1/notAfter'))).toBe(true);
  });

  it('rejects a report without generatedAt, and fields the model does not have', () => {
    const missing = asJson(realisticReport());
    delete missing.generatedAt;
    expect(errors(missing)).toContain(" must have required property 'generatedAt'");
    const extra = asJson(realisticReport());
    extra.certificates[0].expiresSoon = true;
    expect(errors(extra)).toContain('/certificates/0 must NOT have additional properties');
  });

  it('requires code, severity, subject and message of a finding, and name and status of a source', () => {
    const report = asJson(realisticReport());
    delete report.findings[0].message;
    report.sources[2].status = 'broken';
    const found = errors(report);
    expect(found).toContain("/findings/0 must have required property 'message'");
    expect(found.some((e) => e.startsWith('/sources/2/status'))).toBe(true);
  });

  it('requires year and rotations in the forecast', () => {
    const report = asJson(realisticReport());
    delete report.forecast.byYear[1].rotations;
    expect(errors(report)).toContain("/forecast/byYear/1 must have required property 'rotations'");
  });
});
