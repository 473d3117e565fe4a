import { deliverAlerts } from '../../../lambdas/core/alerts/deliver';
import { MemoryAlertState, MemoryNotifier } from '../../../lambdas/core/alerts/in-memory';
import type { AlertStateEntry, RenderedAlert } from '../../../lambdas/core/alerts/model';
import type { Notifier, SaveResult } from '../../../lambdas/core/alerts/ports';
import { daysAfter, inTier, NOW, outboundCertificate, report, source } from './fixtures';

const tuesday = daysAfter(NOW, 1);

/** State in which this week's digest already went out, so only the alerts under test are planned. */
const afterDigest = () =>
  new MemoryAlertState([{ type: 'digest', key: 'digest', week: '2026-W48', lastAlertAt: NOW.toISOString() }]);

/**
 * A store that lost the race for the listed keys: another run wrote them after our load, so they
 * keep what the table held (here: what was there before) and come back as conflicts.
 */
class RacedState extends MemoryAlertState {
  constructor(
    initial: AlertStateEntry[],
    private readonly raced: (key: string) => boolean,
  ) {
    super(initial);
  }
  async save(entries: AlertStateEntry[]): Promise<SaveResult> {
    const before = await this.load();
    const conflicts = [...new Set([...before, ...entries].map((e) => e.key))].filter(this.raced);
    await super.save([
      ...entries.filter((e) => !this.raced(e.key)),
      ...before.filter((e) => this.raced(e.key)),
    ]);
    return { conflicts };
  }
}

/** Rejects the alerts whose severity is listed, accepts the rest. */
class FlakyNotifier implements Notifier {
  readonly published: RenderedAlert[] = [];
  constructor(private readonly reject: Set<string>) {}
  async publish(alert: RenderedAlert): Promise<void> {
    if (this.reject.has(alert.severity)) throw new Error('Throttling: Rate exceeded');
    this.published.push(alert);
  }
}

describe('deliverAlerts', () => {
  const scan = report({ certificates: [inTier('critical'), outboundCertificate()] });

  it('loads, plans, publishes, saves: the same scan again publishes nothing', async () => {
    const state = afterDigest();
    const notifier = new MemoryNotifier();
    const first = await deliverAlerts(scan, { state, notifier, now: tuesday });
    expect(first).toEqual({
      planned: 2,
      published: 2,
      failed: 0,
      conflicts: 0,
      bySeverity: { critical: 1, warning: 1 },
      errors: [],
      snoozes: [],
      snoozed: 0,
      destinationFailures: 0,
    });
    expect(notifier.published.map((a) => a.severity)).toEqual(['critical', 'warning']);
    const second = await deliverAlerts(scan, { state, notifier, now: daysAfter(tuesday, 0, 3) });
    expect(second.planned).toBe(0);
    expect(notifier.published).toHaveLength(2);
  });

  it('a failed publish is retried on the next run; the others are not repeated', async () => {
    const state = afterDigest();
    const flaky = new FlakyNotifier(new Set(['critical']));
    const first = await deliverAlerts(scan, { state, notifier: flaky, now: tuesday });
    expect(first.published).toBe(1);
    expect(first.failed).toBe(1);
    expect(first.errors[0]).toMatch(/^critical certificate#.*Throttling/);
    const healthy = new MemoryNotifier();
    await deliverAlerts(scan, { state, notifier: healthy, now: daysAfter(tuesday, 0, 1) });
    expect(healthy.published.map((a) => a.severity)).toEqual(['critical']);
  });

  it('nothing is saved as sent when every publish fails', async () => {
    const state = afterDigest();
    await deliverAlerts(scan, {
      state,
      notifier: new FlakyNotifier(new Set(['critical', 'warning'])),
      now: tuesday,
    });
    expect((await state.load()).map((e) => e.key)).toEqual(['digest']);
  });

  it('monitor failures go to the ops notifier, or to the main one when there is none', async () => {
    const failed = report({ sources: [source({ status: 'failed', error: 'timeout' })] });
    const notifier = new MemoryNotifier();
    const opsNotifier = new MemoryNotifier();
    await deliverAlerts(failed, { state: afterDigest(), notifier, opsNotifier, now: tuesday });
    expect(opsNotifier.published.map((a) => a.severity)).toEqual(['monitor-failure']);
    expect(notifier.published).toEqual([]);
    const fallback = new MemoryNotifier();
    await deliverAlerts(failed, { state: afterDigest(), notifier: fallback, now: tuesday });
    expect(fallback.published.map((a) => a.severity)).toEqual(['monitor-failure']);
  });

  it('honours config.alerts (repeatEveryDays) and partial', async () => {
    const state = afterDigest();
    const notifier = new MemoryNotifier();
    const deps = { state, notifier, alerts: { repeatEveryDays: 2 } };
    await deliverAlerts(report({ certificates: [inTier('critical')] }), { ...deps, now: tuesday });
    await deliverAlerts(report({ certificates: [inTier('critical')] }), {
      ...deps,
      now: daysAfter(tuesday, 1),
    });
    expect(notifier.published).toHaveLength(1);
    await deliverAlerts(report({ certificates: [] }), { ...deps, now: daysAfter(tuesday, 1), partial: true });
    expect((await state.load()).map((e) => e.type)).toEqual(['certificate', 'digest']);
  });

  it('a state conflict is reported, not thrown, and its alert is planned again (sent at most once more)', async () => {
    const digest = (await afterDigest().load())[0];
    const raced = new RacedState([digest], (key) => key.startsWith('certificate#'));
    const notifier = new MemoryNotifier();
    const critical = report({ certificates: [inTier('critical')] });
    const first = await deliverAlerts(critical, { state: raced, notifier, now: tuesday });
    expect(first).toMatchObject({ published: 1, failed: 0, conflicts: 1 });
    expect(first.errors).toEqual([expect.stringMatching(/^state conflict certificate#.*concurrent run/)]);
    // The next run plans from the table as the other run left it: the alert goes out once more.
    const state = new MemoryAlertState(await raced.load());
    await deliverAlerts(critical, { state, notifier, now: daysAfter(tuesday, 0, 1) });
    await deliverAlerts(critical, { state, notifier, now: daysAfter(tuesday, 0, 2) });
    expect(notifier.published.map((a) => a.severity)).toEqual(['critical', 'critical']);
  });
});

describe('deliverAlerts: channel destinations (chat topics, webhooks)', () => {
  const scan = report({
    certificates: [
      inTier('critical'),
      inTier('notice', { id: 'n', name: 'N', fingerprintSha256: 'NN:01', serialNumber: '0N' }),
    ],
  });
  class Failing extends MemoryNotifier {
    async publish(): Promise<void> {
      throw new Error('HTTP 503');
    }
  }

  it('a destination hears only its severities, after the topic', async () => {
    const notifier = new MemoryNotifier();
    const hook = new MemoryNotifier();
    await deliverAlerts(scan, {
      state: afterDigest(),
      notifier,
      destinations: [{ name: 'webhook', severities: ['critical', 'expired'], notifier: hook }],
      now: tuesday,
    });
    expect(notifier.published.map((p) => p.severity)).toEqual(['critical', 'notice']);
    expect(hook.published.map((p) => p.severity)).toEqual(['critical']);
  });

  it('a failing destination is reported to ops once, and its alert is not retried (the topic has it)', async () => {
    const state = afterDigest();
    const notifier = new MemoryNotifier();
    const ops = new MemoryNotifier();
    const summary = await deliverAlerts(scan, {
      state,
      notifier,
      opsNotifier: ops,
      destinations: [{ name: 'webhook', severities: ['critical', 'notice'], notifier: new Failing() }],
      now: tuesday,
    });
    expect(summary).toMatchObject({ published: 2, failed: 0, destinationFailures: 2 });
    expect(summary.errors[0]).toMatch(/^webhook critical certificate#.*: Error: HTTP 503$/);
    expect(ops.published).toHaveLength(1);
    expect(ops.published[0].subject).toBe(
      '[Cert Sentinel] CHANNEL FAILURE: 2 alert delivery(ies) not accepted',
    );
    expect(ops.published[0].messages.email).toContain('webhook critical');
    const again = await deliverAlerts(scan, { state, notifier, now: daysAfter(tuesday, 0, 2) });
    expect(again.planned).toBe(0);
  });

  it('without a topic (a CLI run with only a webhook) a failed delivery is retried next run', async () => {
    const state = afterDigest();
    const first = await deliverAlerts(scan, {
      state,
      destinations: [{ name: 'webhook', severities: ['critical'], notifier: new Failing() }],
      now: tuesday,
    });
    // The notice is heard by no destination: neither published nor failed.
    expect(first).toMatchObject({ failed: 1, published: 0 });
    const hook = new MemoryNotifier();
    await deliverAlerts(scan, {
      state,
      destinations: [{ name: 'webhook', severities: ['critical'], notifier: hook }],
      now: daysAfter(tuesday, 0, 1),
    });
    expect(hook.published.map((p) => p.severity)).toEqual(['critical']);
  });
});
