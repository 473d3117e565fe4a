/**
 * The rotation calendar: an RFC 5545 iCalendar of every certificate's expiry and its planned
 * rotation windows through the forecast horizon, for Google Calendar and Outlook imports.
 *
 * - One all-day expiry event per certificate (partner copies are the same certificate: once),
 *   with a reminder at the renew-before point.
 * - One rotation window per planned rotation: the first runs from the renew-before point to the
 *   expiry; the later ones (forecast, under the lifetime schedule) are one day each.
 * - Owners with an e-mail address are attendees; a two-party certificate names both companies.
 *   The description carries the blast radius and the rotation runbook.
 * - UIDs are derived from the certificate id and the event's place in its history, never from the
 *   scan, so importing next week's calendar updates these events instead of adding copies; the
 *   SEQUENCE rises when the certificate is replaced (it counts days of its notAfter).
 */
import { createHash } from 'node:crypto';
import { blastRadius } from '../alerts/messages';
import { ownerAddresses } from '../alerts/owners';
import { runbooksFor } from '../alerts/runbooks';
import type { Report, ReportCertificate } from './model';

const DAY_MS = 86_400_000;
const PRODID = '-//Cert Sentinel//Rotation calendar//EN';

/** TEXT values: backslash, semicolon, comma and newline escaped (RFC 5545 3.3.11). */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded with CRLF and one space, never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; continuation lines start with a space, so 74 more.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utcStamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
const dayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

function description(c: ReportCertificate, opening: string): string {
  const radius = blastRadius(c);
  const lines = [
    opening,
    '',
    `Certificate: ${c.name}${c.org ? ` (${c.org})` : ''}`,
    `Expires: ${new Date(c.notAfter).toISOString()} (tier now: ${c.tier})`,
    c.fingerprintSha256 ? `SHA-256: ${c.fingerprintSha256}` : '',
    `Owners: ours ${c.owners.owner ?? 'not recorded'}; partner ${c.owners.partnerOwner ?? 'not recorded'}`,
    '',
    'What breaks when it expires:',
    ...(radius.length > 0
      ? radius.map((r) => `- ${r}`)
      : ['- nothing recorded: find its users before it expires']),
  ];
  for (const runbook of runbooksFor(c)) {
    lines.push('', `Runbook: ${runbook.title}`);
    lines.push(...runbook.steps.map((step, i) => `${i + 1}. [${step.actor}] ${step.action}`));
    if (runbook.note) lines.push(`Note: ${runbook.note}`);
  }
  return lines.filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== '')).join('\n');
}

function people(c: ReportCertificate): string[] {
  const addresses = ownerAddresses(c.owners);
  if (addresses.length === 0) return [];
  // RFC 5545 wants an organizer where there are attendees: our side's owner when known.
  const [organizer] = addresses;
  return [
    `ORGANIZER:mailto:${organizer}`,
    ...addresses.map((a) => `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${a}`),
  ];
}

interface CalendarEvent {
  uid: string;
  sequence: number;
  start: number;
  /** Exclusive end day (all-day events). */
  end: number;
  summary: string;
  description: string;
  categories: string;
  people: string[];
  alarm?: { daysBefore: number; text: string };
}

function eventsFor(c: ReportCertificate, now: number): CalendarEvent[] {
  const id = createHash('sha256').update(c.id).digest('hex').slice(0, 24);
  const notAfter = Date.parse(c.notAfter);
  const sequence = Math.max(0, Math.floor(notAfter / DAY_MS));
  const where = c.org ? ` (${c.org})` : '';
  const renewals = c.renewals.map((r) => Date.parse(r));
  const renewAt = renewals[0];
  const events: CalendarEvent[] = [];
  const daysBefore =
    renewAt !== undefined && renewAt < notAfter
      ? Math.floor((dayStart(notAfter) - dayStart(renewAt)) / DAY_MS)
      : 0;
  events.push({
    uid: `expiry-${id}@cert-sentinel`,
    sequence,
    start: dayStart(notAfter),
    end: dayStart(notAfter) + DAY_MS,
    summary: `Certificate expires: ${c.name}${where}`,
    description: description(
      c,
      c.twoParty
        ? 'Expiry of a two-party certificate: both companies must act before this day.'
        : 'Expiry: it must be replaced before this day.',
    ),
    categories: `Certificate expiry,${c.tier}`,
    people: people(c),
    alarm:
      daysBefore > 0 && notAfter > now
        ? { daysBefore, text: `Renew ${c.name}${where}: ${daysBefore} days before it expires` }
        : undefined,
  });
  renewals.forEach((at, index) => {
    const first = index === 0 && at < notAfter;
    events.push({
      uid: `rotation-${id}-${index}@cert-sentinel`,
      sequence,
      start: dayStart(at),
      end: first ? Math.max(dayStart(notAfter), dayStart(at) + DAY_MS) : dayStart(at) + DAY_MS,
      summary: `${first ? 'Rotation window' : 'Planned rotation (forecast)'}: ${c.name}${where}${c.twoParty ? ' (two-party)' : ''}`,
      description: description(
        c,
        first
          ? 'Rotate the certificate in this window, from the renew-before point to the expiry.'
          : 'Forecast rotation of the certificate that will replace this one (lifetime schedule, renew-before point).',
      ),
      categories: 'Certificate rotation',
      people: people(c),
    });
  });
  return events;
}

function renderEvent(event: CalendarEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${stamp}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTART;VALUE=DATE:${utcDate(event.start)}`,
    `DTEND;VALUE=DATE:${utcDate(event.end)}`,
    `SUMMARY:${text(event.summary)}`,
    `DESCRIPTION:${text(event.description)}`,
    `CATEGORIES:${event.categories.split(',').map(text).join(',')}`,
    'TRANSP:TRANSPARENT',
    ...event.people,
  ];
  if (event.alarm) {
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${text(event.alarm.text)}`,
      `TRIGGER;RELATED=START:-P${event.alarm.daysBefore}D`,
      'END:VALARM',
    );
  }
  lines.push('END:VEVENT');
  return lines;
}

export function renderIcs(report: Report): string {
  const stamp = utcStamp(Date.parse(report.generatedAt));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Cert Sentinel rotations',
  ];
  for (const c of report.certificates.filter((c) => c.copyOf === null)) {
    for (const event of eventsFor(c, Date.parse(report.now))) lines.push(...renderEvent(event, stamp));
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
