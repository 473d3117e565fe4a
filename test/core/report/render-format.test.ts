import type { Dependent } from '../../../lambdas/core/report/model';
import {
  barLength,
  blastRadius,
  byExpiry,
  dayMonth,
  daysLeftPhrase,
  dependentText,
  expiryDate,
  ownersText,
  sc081MaxDaysAtEndOf,
  sc081StepStarting,
  sourcesWorstFirst,
  stripControls,
  utcDate,
  utcDateTime,
} from '../../../lambdas/core/report/render-format';
import { realisticCertificates, realisticSources } from './fixtures';

describe('report formatting helpers', () => {
  it('writes UTC dates whatever the instant looks like, and keeps unparsable input visible', () => {
    expect(utcDate('2026-11-26T23:30:00-05:00')).toBe('2026-11-27');
    expect(utcDateTime('2026-11-23T06:00:04.512Z')).toBe('2026-11-23 06:00 UTC');
    expect(utcDate('not a date')).toBe('not a date');
    expect(dayMonth('2029-03-15')).toBe('15 Mar');
  });

  it('marks day-precision expiries with ~', () => {
    expect(expiryDate({ notAfter: '2026-11-20T00:00:00.000Z', expiryPrecision: 'day' })).toBe('~2026-11-20');
    expect(expiryDate({ notAfter: '2026-11-20T10:00:00.000Z', expiryPrecision: 'second' })).toBe(
      '2026-11-20',
    );
  });

  it('says how many days are left in words', () => {
    expect(daysLeftPhrase(3)).toBe('in 3 days');
    expect(daysLeftPhrase(1)).toBe('in 1 day');
    expect(daysLeftPhrase(0)).toBe('expires today');
    expect(daysLeftPhrase(-4)).toBe('expired 4 days ago');
    expect(daysLeftPhrase(Number.NaN)).toBe('—');
  });

  it('sorts by notAfter, expired first, without touching the input', () => {
    const certificates = realisticCertificates();
    const firstBefore = certificates[0].id;
    expect(byExpiry(certificates).map((c) => c.name)).toEqual([
      'Payroll_mTLS',
      'globex/client-cert',
      'Integration_JWT',
      'Initech_Inbound',
      'api.initech.example:8443',
      'SSO_Okta',
    ]);
    expect(certificates[0].id).toBe(firstBefore);
  });

  it('leaves owners out of the blast radius (they have their own column)', () => {
    const globex = realisticCertificates().find((c) => c.name === 'globex/client-cert')!;
    expect(globex.dependents.some((d) => d.kind === 'owner')).toBe(true);
    expect(blastRadius(globex).map((d) => d.kind)).toEqual([
      'named-credential',
      'external-credential',
      'external-system',
    ]);
  });

  it('spells out a missing owner on either side', () => {
    expect(ownersText({})).toBe('no owner');
    expect(ownersText({ partnerOwner: 'p@x' })).toBe('no owner; partner: p@x');
    expect(ownersText({ owner: 'o@x' })).toBe('o@x');
  });

  it('puts failed sources before partial ones before healthy ones', () => {
    expect(sourcesWorstFirst(realisticSources()).map((s) => s.status)).toEqual([
      'failed',
      'partial',
      'ok',
      'ok',
      'ok',
    ]);
  });

  it('replaces terminal escapes, newlines and bidi overrides', () => {
    expect(stripControls('a\u001b[31mb\nc\u202Ed')).toBe('a [31mb c d');
  });

  it('keeps any non-zero bar visible and scales the rest', () => {
    expect(barLength(0, 10, 40)).toBe(0);
    expect(barLength(1, 1000, 40)).toBe(1);
    expect(barLength(10, 10, 40)).toBe(40);
    expect(barLength(5, 10, 40)).toBe(20);
  });

  it('knows the SC-081 steps', () => {
    expect(sc081StepStarting(2026)?.maxDays).toBe(200);
    expect(sc081StepStarting(2028)).toBeUndefined();
    expect(sc081MaxDaysAtEndOf(2028)).toBe(100);
    expect(sc081MaxDaysAtEndOf(2030)).toBe(47);
  });
});

describe('dependentText', () => {
  it('prefixes the kind, unless the source already put it in the label', () => {
    const dependent = (kind: Dependent['kind'], label: string): Dependent => ({
      id: 'x',
      kind,
      label,
      via: 'x',
    });
    expect(dependentText(dependent('named-credential', 'Globex_Orders'))).toBe(
      'Named Credential Globex_Orders',
    );
    expect(dependentText(dependent('named-credential', 'Named Credential Globex_Orders'))).toBe(
      'Named Credential Globex_Orders',
    );
    expect(dependentText(dependent('identity-provider', 'acme-prod identity provider'))).toBe(
      'acme-prod identity provider',
    );
    expect(dependentText(dependent('partner-secret', 'secret partners/globex'))).toBe(
      'secret partners/globex',
    );
    expect(dependentText(dependent('probe-target', 'probe mtls.example:8443'))).toBe(
      'probe mtls.example:8443',
    );
    expect(dependentText(dependent('external-system', 'Payroll Co'))).toBe('external system Payroll Co');
  });
});
