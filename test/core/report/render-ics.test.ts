/**
 * The rotation calendar, read back by ical.js (a full RFC 5545 parser, the one Thunderbird's
 * lineage uses) rather than by string matching: what it parses is what a calendar imports.
 */
import ICAL from 'ical.js';
import { demoInventory } from '../../../lambdas/adapters/demo/inventory';
import { evaluate } from '../../../lambdas/core/evaluate';
import { renderIcs } from '../../../lambdas/core/report/render-ics';
import { runCli } from '../../helpers/cli';

const now = new Date('2026-11-23T09:00:00Z');
const report = evaluate(demoInventory(now), { now });
const ics = renderIcs(report);

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent') };
}

const { calendar, events } = parse(ics);
const byUid = new Map(events.map((e) => [e.getFirstPropertyValue('uid') as string, e]));
const live = report.certificates.filter((c) => c.copyOf === null);

describe('renderIcs', () => {
  it('is a VCALENDAR 2.0 that a real parser reads, with CRLF lines of at most 75 octets', () => {
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(ics.endsWith('\r\n')).toBe(true);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('has one expiry event per certificate (partner copies once) and one per planned rotation', () => {
    const expected = live.reduce((n, c) => n + 1 + c.renewals.length, 0);
    expect(events).toHaveLength(expected);
    expect(new Set(byUid.keys()).size).toBe(events.length);
    for (const c of live) {
      const expiry = events.filter(
        (e) =>
          e.getFirstPropertyValue('summary') ===
          `Certificate expires: ${c.name}${c.org ? ` (${c.org})` : ''}`,
      );
      expect(expiry).toHaveLength(1);
      const start = expiry[0].getFirstPropertyValue('dtstart') as ICAL.Time;
      expect(start.isDate).toBe(true);
      expect(start.toString()).toBe(c.notAfter.slice(0, 10));
    }
    expect(live.some((c) => c.renewals.length > 1)).toBe(true);
  });

  it('names both owners of a two-party certificate as attendees, with an organizer', () => {
    const twoParty = live.find((c) => c.twoParty && c.owners.owner && c.owners.partnerOwner)!;
    const event = events.find((e) => (e.getFirstPropertyValue('summary') as string).includes(twoParty.name))!;
    const attendees = event.getAllProperties('attendee').map((p) => p.getFirstValue());
    expect(attendees).toEqual(
      expect.arrayContaining([`mailto:${twoParty.owners.owner}`, `mailto:${twoParty.owners.partnerOwner}`]),
    );
    expect(event.getFirstPropertyValue('organizer')).toBe(`mailto:${twoParty.owners.owner}`);
  });

  it('carries the runbook in the description (escaped commas and newlines survive the round trip)', () => {
    const c = live.find((x) => x.kind === 'mutual-auth')!;
    const withFingerprint = live.find((x) => x.fingerprintSha256 !== null)!;
    const event = events.find((e) =>
      (e.getFirstPropertyValue('summary') as string).startsWith(`Certificate expires: ${c.name}`),
    )!;
    const text = event.getFirstPropertyValue('description') as string;
    expect(text).toContain('Runbook: ');
    expect(text).toContain('1. [');
    expect(text).toContain('\n');
    expect(text).toContain('What breaks when it expires:');
    const other = events.find((e) =>
      (e.getFirstPropertyValue('summary') as string).startsWith(
        `Certificate expires: ${withFingerprint.name}`,
      ),
    )!;
    expect(other.getFirstPropertyValue('description')).toContain(
      `SHA-256: ${withFingerprint.fingerprintSha256}`,
    );
  });

  it('reminds at the renew-before point of each certificate not yet expired', () => {
    for (const c of live) {
      const event = events.find((e) =>
        (e.getFirstPropertyValue('summary') as string).startsWith(`Certificate expires: ${c.name}`),
      )!;
      const alarm = event.getFirstSubcomponent('valarm');
      const renewAt = c.renewals[0];
      if (c.tier === 'expired' || !renewAt || Date.parse(renewAt) >= Date.parse(c.notAfter)) {
        continue;
      }
      expect(alarm).not.toBeNull();
      const trigger = alarm!.getFirstPropertyValue('trigger') as ICAL.Duration;
      const days =
        Math.floor(Date.parse(c.notAfter) / 86_400_000) - Math.floor(Date.parse(renewAt) / 86_400_000);
      expect(trigger.toSeconds()).toBe(-days * 86_400);
      expect(alarm!.getFirstPropertyValue('action')).toBe('DISPLAY');
    }
    const expired = live.find((c) => c.tier === 'expired');
    if (expired) {
      const event = events.find((e) =>
        (e.getFirstPropertyValue('summary') as string).startsWith(`Certificate expires: ${expired.name}`),
      )!;
      expect(event.getFirstSubcomponent('valarm')).toBeNull();
    }
  });

  it('keeps UIDs across scans, so a re-import updates instead of duplicating', () => {
    const later = new Date(now.getTime() + 7 * 86_400_000);
    const next = parse(renderIcs(evaluate(demoInventory(now), { now: later })));
    const nextUids = next.events.map((e) => e.getFirstPropertyValue('uid') as string);
    const expiryUids = (list: string[]) => list.filter((u) => u.startsWith('expiry-')).sort();
    expect(expiryUids(nextUids)).toEqual(expiryUids([...byUid.keys()]));
    // Rotation windows keep their UIDs where the same rotation is still planned.
    const shared = nextUids.filter((u) => byUid.has(u));
    expect(shared.length).toBeGreaterThan(live.length);
  });

  it('escapes TEXT per RFC 5545 and folds long UTF-8 lines without splitting a character', () => {
    const [first] = live;
    const odd = { ...first, name: 'Zürich; Süd, "Großkunde" — ✓'.repeat(4), copyOf: null };
    const text = renderIcs({ ...report, certificates: [odd] });
    const parsed = parse(text);
    expect(parsed.events[0].getFirstPropertyValue('summary')).toContain(odd.name);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });
});

describe('scan --format ics', () => {
  it('the real CLI writes the calendar to stdout, as of --now', async () => {
    const run = await runCli(['scan', '--demo', '--format', 'ics', '--now', now.toISOString()]);
    expect(run.code).toBe(0);
    const { events: cliEvents } = parse(run.stdout);
    expect(cliEvents.map((e) => e.getFirstPropertyValue('uid')).sort()).toEqual([...byUid.keys()].sort());
  });
});
