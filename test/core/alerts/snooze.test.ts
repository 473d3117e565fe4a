/**
 * Snooze across days, through deliverAlerts with the in-memory store and an injected now: repeats
 * are silenced through the `until` day, a worse tier or a replacement ends the snooze, and the
 * digest keeps listing the certificate with who snoozed it, why and until when.
 */
import { deliverAlerts } from '../../../lambdas/core/alerts/deliver';
import { MemoryAlertState, MemoryNotifier } from '../../../lambdas/core/alerts/in-memory';
import type { SnoozeAlertState } from '../../../lambdas/core/alerts/model';
import { newSnooze } from '../../../lambdas/core/alerts/snooze';
import type { SnoozeConfig } from '../../../lambdas/core/config';
import { daysAfter, inTier, NOW, report } from './fixtures';

const tuesday = daysAfter(NOW, 1);
const critical = inTier('critical');
const until = daysAfter(tuesday, 2).toISOString().slice(0, 10); // Thursday, inclusive
const snoozes: SnoozeConfig[] = [
  { certificate: critical.name, until, reason: 'rotation booked with partner', by: 'ana@acme.example' },
];

/** Runs one scan a day with the same store; returns the severities each day sent. */
async function days(
  reports: Array<ReturnType<typeof report>>,
  options: { snoozes?: SnoozeConfig[]; state?: MemoryAlertState } = {},
) {
  const state = options.state ?? new MemoryAlertState();
  const sent: string[][] = [];
  const summaries = [];
  for (const [i, scan] of reports.entries()) {
    const notifier = new MemoryNotifier();
    summaries.push(
      await deliverAlerts(scan, { state, notifier, now: daysAfter(tuesday, i), snoozes: options.snoozes }),
    );
    sent.push(
      notifier.published.map((p) => p.severity).filter((s) => s !== 'digest' && s !== 'owner-digest'),
    );
  }
  return { sent, summaries, state };
}

const scan = report({ certificates: [critical] });

describe('snooze (config snoozes, in-memory store, one scan a day)', () => {
  it('silences the daily repeats through the until day; they resume the day after', async () => {
    const { sent, summaries } = await days([scan, scan, scan, scan, scan], { snoozes });
    // Tue: first alert (entering critical is never a repeat); Wed, Thu: silenced; Fri: repeats.
    expect(sent).toEqual([['critical'], [], [], ['critical'], ['critical']]);
    expect(summaries[1].snoozed).toBe(1);
    expect(summaries[1].snoozes).toEqual([
      {
        certificate: critical.name,
        until,
        reason: 'rotation booked with partner',
        by: 'ana@acme.example',
        active: true,
        ended: null,
      },
    ]);
    expect(summaries[3].snoozes).toEqual([]);
  });

  it('a worse tier ends the snooze at once, and config cannot restart it', async () => {
    const expired = report({ certificates: [inTier('expired', { id: critical.id })] });
    const { sent, summaries } = await days([scan, scan, expired, expired], { snoozes });
    expect(sent).toEqual([['critical'], [], ['expired'], ['expired']]);
    expect(summaries[2].snoozes[0]).toMatchObject({ active: false, ended: 'worsened' });
  });

  it('a replacement (another fingerprint) ends the snooze', async () => {
    const rotated = report({
      certificates: [
        inTier('critical', { fingerprintSha256: 'FF:EE', notAfter: '2026-12-01T00:00:00.000Z' }),
      ],
    });
    const { sent, summaries } = await days([scan, scan, rotated, rotated], { snoozes });
    expect(sent[2]).toEqual(['critical', 'rotated']);
    expect(sent[3]).toEqual(['critical']);
    expect(summaries[2].snoozes[0]).toMatchObject({ active: false, ended: 'rotated' });
  });

  it('a snooze recorded in the state (the CLI with --state-table) works the same', async () => {
    const state = new MemoryAlertState();
    await days([scan], { state });
    const stored = await state.load();
    const snooze: SnoozeAlertState = newSnooze(
      { certificate: critical.id, until, reason: 'acknowledged' },
      tuesday,
      'ops@acme.example',
    );
    await state.save([...stored, snooze]);
    // Tue again (already alerted today), Wed and Thu silenced, Fri repeats.
    const { sent } = await days([scan, scan, scan, scan], { state });
    expect(sent).toEqual([[], [], [], ['critical']]);
  });

  it('never hides the certificate from the digest, which says who snoozed it, why and until when', async () => {
    const expired = inTier('expired');
    const monday = daysAfter(NOW, 7);
    const state = new MemoryAlertState();
    const notifier = new MemoryNotifier();
    const expiredSnoozes = [
      { certificate: expired.id, until: '2026-12-31', reason: 'decommissioning', by: 'bo' },
    ];
    await deliverAlerts(report({ certificates: [expired] }), {
      state,
      notifier: new MemoryNotifier(),
      now: NOW,
      snoozes: expiredSnoozes,
    });
    await deliverAlerts(report({ certificates: [expired] }), {
      state,
      notifier,
      now: monday,
      snoozes: expiredSnoozes,
    });
    const digest = notifier.published.find((p) => p.severity === 'digest')!;
    expect(notifier.published.map((p) => p.severity)).not.toContain('expired');
    expect(digest.messages.email).toContain(`expired  ${expired.notAfter.slice(0, 10)}  ${expired.name}`);
    expect(digest.messages.email).toContain(`${expired.id} until 2026-12-31, by bo: decommissioning`);
    const ownerDigest = notifier.published.find((p) => p.severity === 'owner-digest')!;
    expect(ownerDigest.messages.email).toContain('decommissioning');
  });

  it('is gone from the state once its day has passed', async () => {
    const { state } = await days([scan, scan, scan, scan], { snoozes });
    expect((await state.load()).some((e) => e.type === 'snooze')).toBe(false);
  });
});
