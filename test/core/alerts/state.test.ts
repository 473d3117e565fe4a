import type {
  AlertSettings,
  AlertStateEntry,
  CertificateAlertState,
} from '../../../lambdas/core/alerts/model';
import { DEFAULT_ALERT_SETTINGS } from '../../../lambdas/core/alerts/severity';
import {
  certificateKey,
  planAlerts,
  probeKey,
  restoreEntries,
  sourceKey,
} from '../../../lambdas/core/alerts/state';
import type { Report } from '../../../lambdas/core/report/model';
import { secretsSourceName } from '../../../lambdas/core/source-names';
import {
  at,
  certificate,
  daysAfter,
  inTier,
  NOW,
  okCertificate,
  outboundCertificate,
  probe,
  report,
  serverCertificate,
  source,
} from './fixtures';

const settings: AlertSettings = { ...DEFAULT_ALERT_SETTINGS };
const KEY = certificateKey(certificate());

/** Runs scans one after another, threading the state, and returns the severities each sent. */
function runScans(
  scans: Array<{ report: Report; now: Date; partial?: boolean }>,
  options: { settings?: AlertSettings; initial?: AlertStateEntry[] } = {},
): { sent: string[][]; state: AlertStateEntry[] } {
  let state = options.initial ?? [];
  const sent: string[][] = [];
  for (const scan of scans) {
    const plan = planAlerts({ ...scan, previous: state, settings: options.settings ?? settings });
    sent.push(plan.alerts.filter((a) => a.type !== 'digest').map((a) => a.severity));
    state = plan.next;
  }
  return { sent, state };
}

const only = (...certificates: ReturnType<typeof certificate>[]) => report({ certificates });
const tuesday = daysAfter(NOW, 1);

describe('planAlerts: certificate tiers', () => {
  it.each([
    {
      name: 'enters a tier once, then stays quiet in notice and warning',
      scans: [
        { report: only(inTier('notice')), now: tuesday },
        { report: only(inTier('notice')), now: daysAfter(tuesday, 1) },
        { report: only(inTier('warning')), now: daysAfter(tuesday, 2) },
        { report: only(inTier('warning')), now: daysAfter(tuesday, 3) },
      ],
      expected: [['notice'], [], ['warning'], []],
    },
    {
      name: 'skipping tiers alerts only for the tier it lands in',
      scans: [
        { report: only(inTier('notice')), now: tuesday },
        { report: only(inTier('critical')), now: daysAfter(tuesday, 30) },
      ],
      expected: [['notice'], ['critical']],
    },
    {
      name: 'critical repeats once per calendar day, whatever the hour of the scan',
      scans: [
        { report: only(inTier('critical')), now: at('2026-11-24T09:00:00Z') },
        { report: only(inTier('critical')), now: at('2026-11-24T23:59:00Z') },
        { report: only(inTier('critical')), now: at('2026-11-25T05:30:00Z') },
        { report: only(inTier('critical')), now: at('2026-11-25T06:00:00Z') },
        { report: only(inTier('critical')), now: at('2026-11-26T06:00:00Z') },
      ],
      expected: [['critical'], [], ['critical'], [], ['critical']],
    },
    {
      name: 'the clock going past expiry moves critical to expired, which repeats daily',
      scans: [
        { report: only(inTier('critical')), now: tuesday },
        { report: only(inTier('expired')), now: daysAfter(tuesday, 5) },
        { report: only(inTier('expired')), now: daysAfter(tuesday, 5, 3) },
        { report: only(inTier('expired')), now: daysAfter(tuesday, 6) },
      ],
      expected: [['critical'], ['expired'], [], ['expired']],
    },
    {
      name: 'first seen already expired alerts expired only',
      scans: [{ report: only(inTier('expired')), now: tuesday }],
      expected: [['expired']],
    },
    {
      name: 'an ok certificate never alerts',
      scans: [
        { report: only(okCertificate()), now: tuesday },
        { report: only(okCertificate()), now: daysAfter(tuesday, 1) },
      ],
      expected: [[], []],
    },
    {
      name: 'a new fingerprint sends one rotated message and resets the history',
      scans: [
        { report: only(inTier('critical')), now: tuesday },
        {
          report: only(inTier('ok', { fingerprintSha256: 'NEW', notAfter: '2027-05-28T00:00:00.000Z' })),
          now: daysAfter(tuesday, 1),
        },
        {
          report: only(inTier('ok', { fingerprintSha256: 'NEW', notAfter: '2027-05-28T00:00:00.000Z' })),
          now: daysAfter(tuesday, 2),
        },
        {
          report: only(inTier('notice', { fingerprintSha256: 'NEW', notAfter: '2027-05-28T00:00:00.000Z' })),
          now: daysAfter(tuesday, 140),
        },
      ],
      expected: [['critical'], ['rotated'], [], ['notice']],
    },
    {
      name: 'without fingerprints a later notAfter is a rotation; the same notAfter is not',
      scans: [
        { report: only(inTier('warning', { fingerprintSha256: null })), now: tuesday },
        { report: only(inTier('warning', { fingerprintSha256: null })), now: daysAfter(tuesday, 1) },
        {
          report: only(inTier('ok', { fingerprintSha256: null, notAfter: '2027-11-28T00:00:00.000Z' })),
          now: daysAfter(tuesday, 2),
        },
      ],
      expected: [['warning'], [], ['rotated']],
    },
    {
      name: 'a replacement that is itself critical also pages',
      scans: [
        { report: only(inTier('warning')), now: tuesday },
        { report: only(inTier('critical', { fingerprintSha256: 'NEW' })), now: daysAfter(tuesday, 1) },
        { report: only(inTier('critical', { fingerprintSha256: 'NEW' })), now: daysAfter(tuesday, 1, 2) },
      ],
      expected: [['warning'], ['critical', 'rotated'], []],
    },
  ])('$name', ({ scans, expected }) => {
    expect(runScans(scans).sent).toEqual(expected);
  });

  it('repeats every repeatEveryDays calendar days when configured', () => {
    const scans = [0, 1, 2, 3, 4, 5, 6].map((d) => ({
      report: only(inTier('critical')),
      now: daysAfter(tuesday, d),
    }));
    expect(runScans(scans, { settings: { ...settings, repeatEveryDays: 3 } }).sent).toEqual([
      ['critical'],
      [],
      [],
      ['critical'],
      [],
      [],
      ['critical'],
    ]);
  });

  it('remembers fingerprint, notAfter, tier and the last alert as plain JSON', () => {
    const { state } = runScans([{ report: only(inTier('critical')), now: tuesday }]);
    const entry = state.find((e) => e.key === KEY) as CertificateAlertState;
    expect(entry).toEqual({
      type: 'certificate',
      key: KEY,
      certificateId: certificate().id,
      source: 'salesforce:acme-prod',
      tier: 'critical',
      fingerprint: certificate().fingerprintSha256,
      notAfter: certificate().notAfter,
      lastTierAlerted: 'critical',
      lastAlertAt: tuesday.toISOString(),
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('alerts again when a lowered policy lets the certificate climb back', () => {
    const { sent } = runScans([
      { report: only(inTier('warning')), now: tuesday },
      { report: only(inTier('notice')), now: daysAfter(tuesday, 1) },
      { report: only(inTier('warning')), now: daysAfter(tuesday, 2) },
    ]);
    expect(sent).toEqual([['warning'], [], ['warning']]);
  });
});

describe('planAlerts: resolution', () => {
  const first = runScans([{ report: only(inTier('critical')), now: tuesday }]).state;

  it.each([
    {
      name: 'gone from a full scan whose source succeeded: resolved',
      partial: false,
      sources: [source()],
      kept: false,
    },
    { name: 'gone from a partial scan: kept', partial: true, sources: [source()], kept: true },
    {
      name: 'gone because its source failed: kept',
      partial: false,
      sources: [source({ status: 'failed', error: 'session expired' })],
      kept: true,
    },
    {
      name: 'gone because its source was partial: kept',
      partial: false,
      sources: [source({ status: 'partial' })],
      kept: true,
    },
    {
      name: 'its source was not scanned at all: kept',
      partial: false,
      sources: [source({ name: 'files' })],
      kept: true,
    },
  ])('$name', ({ partial, sources, kept }) => {
    const plan = planAlerts({
      report: report({ certificates: [], sources }),
      previous: first,
      now: daysAfter(tuesday, 1),
      settings,
      partial,
    });
    expect(plan.next.some((e) => e.key === KEY)).toBe(kept);
    expect(plan.alerts.filter((a) => a.type === 'tier')).toEqual([]);
  });

  it('a resolved certificate that comes back starts again from its tier', () => {
    const { sent } = runScans([
      { report: only(inTier('critical')), now: tuesday },
      { report: report({ certificates: [] }), now: daysAfter(tuesday, 1) },
      { report: only(inTier('critical')), now: daysAfter(tuesday, 1, 1) },
    ]);
    expect(sent).toEqual([['critical'], [], ['critical']]);
  });
});

describe('planAlerts: idempotence', () => {
  const everything = report({
    certificates: [inTier('critical'), outboundCertificate(), serverCertificate(), okCertificate()],
    probes: [probe({ outcome: 'CLIENT_CERT_EXPIRED' })],
    sources: [source(), source({ name: 'secrets:eu-west-1', kind: 'secrets-manager', status: 'failed' })],
  });

  it.each([
    { name: 'the same scan twice at the same instant', later: NOW },
    { name: 'the same scan later the same day', later: at('2026-11-23T23:59:59Z') },
  ])('$name sends nothing the second time', ({ later }) => {
    const first = planAlerts({ report: everything, previous: [], now: NOW, settings });
    expect(first.alerts.map((a) => a.severity).sort()).toEqual(
      // One owner digest for each of the two owner addresses the fixtures name.
      [
        'critical',
        'digest',
        'expired',
        'monitor-failure',
        'owner-digest',
        'owner-digest',
        'probe-failure',
        'warning',
      ].sort(),
    );
    const second = planAlerts({ report: everything, previous: first.next, now: later, settings });
    expect(second.alerts).toEqual([]);
    expect(second.next).toEqual(first.next);
  });

  it('orders alerts most urgent first and the state by key', () => {
    const plan = planAlerts({ report: everything, previous: [], now: NOW, settings });
    expect(plan.alerts.map((a) => a.severity)).toEqual([
      'expired',
      'critical',
      'probe-failure',
      'monitor-failure',
      'warning',
      'digest',
      'owner-digest',
      'owner-digest',
    ]);
    const keys = plan.next.map((e) => e.key);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('planAlerts: probes and sources', () => {
  const withProbe = (outcome: Parameters<typeof probe>[0]) => report({ probes: [probe(outcome)] });

  it.each([
    {
      name: 'first seen OK is quiet; failure, same-day silence, daily repeat, recovery',
      outcomes: [
        'OK',
        'CLIENT_CERT_EXPIRED',
        'CLIENT_CERT_EXPIRED',
        'CLIENT_CERT_REJECTED',
        'OK',
        'OK',
      ] as const,
      hours: [0, 24, 30, 48, 72, 96],
      expected: [[], ['probe-failure'], [], ['probe-failure'], ['probe-recovery'], []],
    },
    {
      name: 'first seen failing alerts at once',
      outcomes: ['TIMEOUT'] as const,
      hours: [0],
      expected: [['probe-failure']],
    },
  ])('$name', ({ outcomes, hours, expected }) => {
    const scans = outcomes.map((outcome, i) => ({
      report: withProbe({ outcome }),
      now: new Date(tuesday.getTime() + hours[i] * 3_600_000),
    }));
    expect(runScans(scans).sent).toEqual(expected);
  });

  it('forgets a probe target that is gone only when this run probed', () => {
    const { state } = runScans([{ report: withProbe({ outcome: 'TIMEOUT' }), now: tuesday }]);
    const noProbesRan = planAlerts({
      report: report({ probes: [], sources: [source()] }),
      previous: state,
      now: daysAfter(tuesday, 1),
      settings,
    });
    expect(noProbesRan.next.some((e) => e.key === probeKey('erp-gateway'))).toBe(true);
    const probed = planAlerts({
      report: report({ probes: [probe({ target: 'other' })] }),
      previous: state,
      now: daysAfter(tuesday, 1),
      settings,
    });
    expect(probed.next.some((e) => e.key === probeKey('erp-gateway'))).toBe(false);
  });

  it('a failed source alerts once a day and its entry goes when it recovers', () => {
    const failed = report({ sources: [source({ status: 'failed', error: 'INVALID_SESSION_ID' })] });
    const { sent, state } = runScans([
      { report: failed, now: tuesday },
      { report: failed, now: daysAfter(tuesday, 0, 5) },
      { report: failed, now: daysAfter(tuesday, 1) },
      { report: report({ sources: [source()] }), now: daysAfter(tuesday, 2) },
    ]);
    expect(sent).toEqual([['monitor-failure'], [], ['monitor-failure'], []]);
    expect(state.some((e) => e.key === sourceKey('salesforce:acme-prod'))).toBe(false);
  });
});

describe('planAlerts: a source that gets worse', () => {
  const withSource = (status: 'ok' | 'partial' | 'failed') =>
    report({ sources: [source({ status, ...(status === 'ok' ? {} : { error: `${status} read` }) })] });

  it('partial then failed within the repeat interval tells ops again, once', () => {
    const { sent } = runScans([
      { report: withSource('partial'), now: tuesday },
      { report: withSource('failed'), now: daysAfter(tuesday, 0, 2) },
      { report: withSource('failed'), now: daysAfter(tuesday, 0, 4) },
    ]);
    expect(sent).toEqual([['monitor-failure'], ['monitor-failure'], []]);
  });

  it('getting better is not news: failed then partial waits for the repeat', () => {
    const { sent } = runScans([
      { report: withSource('failed'), now: tuesday },
      { report: withSource('partial'), now: daysAfter(tuesday, 0, 2) },
      { report: withSource('failed'), now: daysAfter(tuesday, 0, 4) },
    ]);
    // failed -> partial is quiet; partial -> failed again is a worsening and is told.
    expect(sent).toEqual([['monitor-failure'], [], ['monitor-failure']]);
  });

  it("two selectors in one region: one failing keeps the other's certificates and its own history", () => {
    const a = secretsSourceName({ prefix: 'partner/' }, 'eu-west-1');
    const b = secretsSourceName({ tag: { key: 'cert-sentinel', value: 'partner' } }, 'eu-west-1');
    const fromA = inTier('warning', { id: 'secrets:eu-west-1:partner/a', source: a });
    const fromB = inTier('warning', {
      id: 'secrets:eu-west-1:partner/b',
      source: b,
      fingerprintSha256: 'BB:BB',
      serialNumber: '0B',
    });
    const both = report({
      certificates: [fromA, fromB],
      sources: [source({ name: a }), source({ name: b })],
    });
    const bFailed = report({
      certificates: [fromA],
      sources: [source({ name: a }), source({ name: b, status: 'failed', error: 'AccessDenied' })],
    });
    const { sent, state } = runScans([
      { report: both, now: tuesday },
      { report: bFailed, now: daysAfter(tuesday, 1) },
      { report: both, now: daysAfter(tuesday, 2) },
    ]);
    // B's certificate is neither resolved while B is down nor alerted again as new when B is back.
    expect(sent).toEqual([['warning', 'warning'], ['monitor-failure'], []]);
    expect(state.filter((e) => e.type === 'certificate')).toHaveLength(2);
  });
});

describe('planAlerts: one alert identity per certificate', () => {
  const inbound = inTier('warning');
  // The partner's secret holds the same certificate (same SHA-256).
  const partnerCopy = inTier('warning', {
    id: 'secrets:eu-west-1:partners/erp',
    source: 'secrets:eu-west-1/tag:cert-sentinel=partner',
    kind: 'partner-client',
  });
  const orgSource = source();
  const partnerSource = source({ name: partnerCopy.source, kind: 'secrets-manager' });

  it('the same certificate seen through another source on a bad day is not alerted again', () => {
    const normal = report({
      certificates: [inbound, { ...partnerCopy, copyOf: inbound.id }],
      sources: [orgSource, partnerSource],
    });
    const salesforceDown = report({
      certificates: [partnerCopy],
      sources: [source({ status: 'failed', error: 'REQUEST_LIMIT_EXCEEDED' }), partnerSource],
    });
    const { sent, state } = runScans([
      { report: normal, now: tuesday },
      { report: salesforceDown, now: daysAfter(tuesday, 1) },
      { report: normal, now: daysAfter(tuesday, 2) },
    ]);
    expect(sent).toEqual([['warning'], ['monitor-failure'], []]);
    expect(state.filter((e) => e.type === 'certificate').map((e) => e.key)).toEqual([
      certificateKey(inbound),
    ]);
  });

  it('two records of one certificate in one report alert once', () => {
    const twice = report({ certificates: [inbound, partnerCopy], sources: [orgSource, partnerSource] });
    const plan = planAlerts({ report: twice, previous: [], now: tuesday, settings });
    expect(plan.alerts.filter((a) => a.type === 'tier')).toHaveLength(1);
  });

  it('keys by fingerprint, else serial and issuer, else the record', () => {
    expect(certificateKey(inbound)).toBe(`certificate#sha256:${inbound.fingerprintSha256}`);
    expect(certificateKey({ ...inbound, fingerprintSha256: null })).toBe(
      'certificate#serial:0A1B2C3D;issuer:CN=Partner Issuing CA 2, O=Partner Ltd',
    );
    expect(certificateKey({ ...inbound, fingerprintSha256: null, serialNumber: null })).toBe(
      `certificate#id:${inbound.id}`,
    );
  });

  it('state written under the record id carries over without a new alert', () => {
    const legacy: AlertStateEntry = {
      type: 'certificate',
      key: `certificate#${inbound.id}`,
      certificateId: inbound.id,
      source: inbound.source,
      tier: 'warning',
      fingerprint: inbound.fingerprintSha256,
      notAfter: inbound.notAfter,
      lastTierAlerted: 'warning',
      lastAlertAt: NOW.toISOString(),
    };
    const { sent, state } = runScans([{ report: only(inbound), now: tuesday }], { initial: [legacy] });
    expect(sent).toEqual([[]]);
    expect(state.filter((e) => e.type === 'certificate').map((e) => e.key)).toEqual([
      certificateKey(inbound),
    ]);
  });
});

describe('planAlerts: weekly digest', () => {
  const digests = (days: number[], weekday = 1) => {
    let state: AlertStateEntry[] = [];
    return days.map((d) => {
      const plan = planAlerts({
        report: report({ certificates: [inTier('warning')] }),
        previous: state,
        now: daysAfter(NOW, d, 2),
        settings: { ...settings, digestWeekday: weekday },
      });
      state = plan.next;
      return plan.alerts.filter((a) => a.severity === 'digest').length;
    });
  };

  it('goes out on the configured weekday, once per ISO week', () => {
    // Monday, Monday again, Tuesday, Sunday, next Monday, next Tuesday
    expect(digests([0, 0, 1, 6, 7, 8])).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('a missed weekday goes out on the next scan of the same ISO week', () => {
    // Wednesday digest; Monday and Tuesday are too early; Wednesday was skipped, Thursday sends.
    expect(digests([0, 1, 3, 4, 7, 9], 3)).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('Sunday (0) means the last day of the ISO week', () => {
    expect(digests([0, 5, 6, 7, 13], 0)).toEqual([0, 0, 1, 0, 1]);
  });

  it('the digest week is kept in state across scans that send nothing', () => {
    const first = planAlerts({ report: report(), previous: [], now: NOW, settings });
    const tuesdayPlan = planAlerts({ report: report(), previous: first.next, now: tuesday, settings });
    expect(tuesdayPlan.next.find((e) => e.key === 'digest')).toEqual({
      type: 'digest',
      key: 'digest',
      week: '2026-W48',
      lastAlertAt: NOW.toISOString(),
    });
  });
});

describe('restoreEntries', () => {
  it('puts back the previous entry of a failed key and drops a new one', () => {
    const previous: AlertStateEntry[] = [
      { type: 'probe', key: 'probe#a', target: 'a', outcome: 'OK', lastAlertAt: null },
    ];
    const next: AlertStateEntry[] = [
      { type: 'probe', key: 'probe#a', target: 'a', outcome: 'TIMEOUT', lastAlertAt: NOW.toISOString() },
      { type: 'probe', key: 'probe#b', target: 'b', outcome: 'TIMEOUT', lastAlertAt: NOW.toISOString() },
      { type: 'probe', key: 'probe#c', target: 'c', outcome: 'OK', lastAlertAt: null },
    ];
    expect(restoreEntries(next, previous, new Set(['probe#a', 'probe#b']))).toEqual([previous[0], next[2]]);
  });
});

describe('planAlerts: the two halves of one mTLS edge', () => {
  it("alerts once, on the inbound certificate, not again for the partner's copy", () => {
    const inbound = inTier('critical');
    const copy = certificate({
      ...inbound,
      id: 'secrets:eu-west-1:partner/erp',
      kind: 'partner-client',
      copyOf: inbound.id,
    });
    const { sent } = runScans([{ report: only(inbound, copy), now: tuesday }]);
    expect(sent).toEqual([['critical']]);
  });
});
