import { isoWeek } from '../../../lambdas/core/alerts/calendar';
import { CHANNEL_IDS } from '../../../lambdas/core/alerts/channels';
import { CHAT_DESCRIPTION_MAX, CHAT_TITLE_MAX } from '../../../lambdas/core/alerts/chat';
import { planDigests } from '../../../lambdas/core/alerts/digest';
import { redactSecrets, renderAlert, SMS_MAX, SUBJECT_MAX } from '../../../lambdas/core/alerts/messages';
import type { Alert, RenderedAlert } from '../../../lambdas/core/alerts/model';
import { DEFAULT_ALERT_SETTINGS } from '../../../lambdas/core/alerts/severity';
import { certificateKey, probeKey, sourceKey } from '../../../lambdas/core/alerts/state';
import type { ReportCertificate } from '../../../lambdas/core/report/model';
import {
  certificate,
  FAKE_PRIVATE_KEY,
  inTier,
  jwtCertificate,
  NOW,
  okCertificate,
  outboundCertificate,
  probe,
  report,
  SECRET_PATTERNS,
  samlCertificate,
  serverCertificate,
  source,
} from './fixtures';

const tierAlert = (c: ReportCertificate, previousTier: ReportCertificate['tier'] | null = null): Alert => ({
  type: 'tier',
  severity: c.tier === 'ok' ? 'notice' : c.tier,
  key: certificateKey(c),
  certificate: c,
  previousTier,
  repeat: false,
});

const LONG = 'X'.repeat(300);
const longCertificate = certificate({
  name: `Very_Long_Certificate_Name_${LONG}`,
  org: `org-${LONG}`,
  owners: { owner: `owner-${LONG}@acme.example`, partnerOwner: `partner-${LONG}@partner.example` },
  dependents: [{ id: 'nc', kind: 'named-credential', label: `NC_${LONG}`, via: 'client-certificate' }],
});

const theReport = report({
  certificates: [
    inTier('critical'),
    outboundCertificate(),
    jwtCertificate(),
    serverCertificate(),
    okCertificate(),
  ],
  probes: [probe({ outcome: 'CLIENT_CERT_EXPIRED' })],
});

/** Every kind of message, including hostile inputs (long names, secrets in error messages). */
const kinds: Array<{ name: string; alert: Alert }> = [
  { name: 'notice (JWT on a Connected App)', alert: tierAlert(jwtCertificate()) },
  { name: 'warning (outbound client certificate)', alert: tierAlert(outboundCertificate(), 'notice') },
  { name: 'critical (inbound mTLS)', alert: tierAlert(inTier('critical'), 'warning') },
  {
    name: 'expired (partner server certificate)',
    alert: { ...tierAlert(serverCertificate()), repeat: true } as Alert,
  },
  { name: 'warning (SAML)', alert: tierAlert(samlCertificate()) },
  {
    name: 'rotated',
    alert: {
      type: 'rotated',
      severity: 'rotated',
      key: certificateKey(certificate()),
      certificate: inTier('ok', { fingerprintSha256: '01:02:03', notAfter: '2027-05-28T00:00:00.000Z' }),
      previous: {
        fingerprintSha256: certificate().fingerprintSha256,
        notAfter: certificate().notAfter,
        tier: 'critical',
      },
    },
  },
  {
    name: 'probe-failure',
    alert: {
      type: 'probe',
      severity: 'probe-failure',
      key: probeKey('erp-gateway'),
      probe: probe({
        outcome: 'CLIENT_CERT_EXPIRED',
        error: {
          code: 'ERR_SSL_SSL/TLS_ALERT_CERTIFICATE_EXPIRED',
          message: `alert certificate expired ${FAKE_PRIVATE_KEY}`,
        },
        clientCertificate: {
          subject: 'CN=erp-client.partner.example',
          issuer: 'CN=Partner Issuing CA 2',
          serialNumber: '0A1B2C3D',
          subjectAltNames: [],
          notBefore: '2026-06-01T00:00:00.000Z',
          notAfter: '2026-11-28T00:00:00.000Z',
          fingerprintSha256: certificate().fingerprintSha256!,
          keyType: 'rsa',
          selfSigned: false,
          isCa: false,
        },
      }),
      previousOutcome: 'OK',
      repeat: false,
    },
  },
  {
    name: 'probe-recovery',
    alert: {
      type: 'probe',
      severity: 'probe-recovery',
      key: probeKey('erp-gateway'),
      probe: probe(),
      previousOutcome: 'CLIENT_CERT_EXPIRED',
      repeat: false,
    },
  },
  {
    name: 'monitor-failure',
    alert: {
      type: 'monitor',
      severity: 'monitor-failure',
      key: sourceKey('salesforce:acme-prod'),
      source: source({
        status: 'failed',
        error:
          'jwt bearer failed: password=hunter2 Authorization: Bearer s3cr3t-token-value eyJhbGciOiJSUzI1NiJ9.x.y',
        certificates: 0,
      }),
      repeat: false,
    },
  },
  { name: 'digest', alert: planDigests(theReport, NOW, DEFAULT_ALERT_SETTINGS)[0] },
  {
    name: 'digest with nothing upcoming',
    alert: planDigests(report({ certificates: [okCertificate()] }), NOW, DEFAULT_ALERT_SETTINGS)[0],
  },
  { name: 'critical with very long names', alert: tierAlert(longCertificate) },
  {
    name: 'probe failure with very long names',
    alert: {
      type: 'probe',
      severity: 'probe-failure',
      key: probeKey(LONG),
      probe: probe({ target: LONG, host: `${LONG}.example`, owners: { partnerOwner: LONG } }),
      previousOutcome: null,
      repeat: true,
    },
  },
  {
    name: 'certificate named like a credential',
    alert: tierAlert(certificate({ name: 'token=s3cr3t-token-value' })),
  },
];

const rendered = kinds.map(({ name, alert }) => ({ name, alert, out: renderAlert(alert, theReport) }));
const allText = (r: RenderedAlert) => [r.subject, ...Object.values(r.messages)].join('\n');

describe('renderAlert: limits that hold for every kind', () => {
  it.each(rendered)('$name: SMS fits one 160-character GSM segment in plain ASCII', ({ out }) => {
    expect(out.messages.sms.length).toBeLessThanOrEqual(SMS_MAX);
    expect(out.messages.sms).toMatch(/^[\x20-\x7e]+$/);
  });

  it.each(rendered)('$name: the subject is one line under 100 characters', ({ out }) => {
    expect(out.subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(out.subject).not.toMatch(/[\r\n\t]/);
    expect(out.subject.startsWith('[Cert Sentinel]')).toBe(true);
  });

  it.each(rendered)('$name: no secret material in any protocol', ({ out }) => {
    for (const pattern of SECRET_PATTERNS) expect(allText(out)).not.toMatch(pattern);
  });

  it.each(rendered)('$name: one body per channel of the table; bounded attributes', ({ alert, out }) => {
    expect(Object.keys(out.messages).sort()).toEqual(['default', ...CHANNEL_IDS].sort());
    expect(out.attributes.severity).toBe(alert.severity);
    // SNS allows 10 message attributes; severity, org, certificate and owners at most.
    expect(Object.keys(out.attributes).length).toBeLessThanOrEqual(4);
    expect(out.key).toBe(alert.key);
  });

  it.each(rendered)('$name: the chat body is a custom notification Amazon Q Developer renders', ({ out }) => {
    const chat = JSON.parse(out.messages.chat);
    expect(chat).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown' },
    });
    expect(chat.content.title.length).toBeGreaterThan(0);
    expect(chat.content.title.length).toBeLessThanOrEqual(CHAT_TITLE_MAX);
    expect(chat.content.description.length).toBeLessThanOrEqual(CHAT_DESCRIPTION_MAX);
    expect(chat.metadata.threadId).toBe(out.key);
  });

  it.each(rendered)('$name: the webhook body is versioned JSON with a stable dedupe key', ({ out }) => {
    const body = JSON.parse(out.messages.webhook);
    expect(body).toMatchObject({ schemaVersion: 1, source: 'cert-sentinel', dedupeKey: out.key });
    expect(body.summary.length).toBeGreaterThan(0);
  });
});

describe('renderAlert: golden messages', () => {
  // Chat and webhook bodies are JSON strings: parsed here so the snapshot reads as what is sent.
  it.each(rendered.filter((r) => !r.name.includes('long')))('$name', ({ out }) => {
    const { chat, webhook, ...text } = out.messages;
    expect({
      ...out,
      messages: { ...text, chat: JSON.parse(chat), webhook: JSON.parse(webhook) },
    }).toMatchSnapshot();
  });
});

describe('renderAlert: what a certificate alert says', () => {
  const critical = renderAlert(tierAlert(inTier('critical'), 'warning'), theReport);

  it('names tier, certificate and days left in the subject', () => {
    expect(critical.subject).toBe('[Cert Sentinel] CRITICAL: ERP_Client (acme-prod) expires in 4 days');
  });

  it('gives the expiry in UTC, the blast radius, both owners and the org forecast', () => {
    const email = critical.messages.email;
    expect(email).toContain('Expires:         2026-11-28 (expires in 4 days)');
    expect(email).toContain('Integration user "erp.integration@acme.example"');
    expect(email).toContain('External system "Partner ERP"');
    expect(email).toContain('Salesforce side: sf-admins@acme.example');
    expect(email).toContain('Partner side:    pki@partner.example');
    expect(email).toContain('Org acme-prod: 2 rotation(s) in 2026, 8 in 2027');
    expect(email).toContain('This certificate: 1 rotation(s) in 2026, 3 in 2027');
    expect(email).toContain('It moved from warning to critical.');
  });

  it('shows an exact expiry with its time in UTC', () => {
    const expired = renderAlert(tierAlert(serverCertificate()), theReport);
    expect(expired.messages.email).toContain('2026-11-20 12:00 UTC (expired 3 days ago)');
    expect(expired.subject).toBe(
      '[Cert Sentinel] EXPIRED: erp-gateway.partner.example (acme-prod) expired 3 days ago',
    );
  });

  it('says who to ask when an owner is missing', () => {
    const out = renderAlert(tierAlert(inTier('warning', { owners: {} })), theReport);
    expect(out.messages.email).toContain('Salesforce side: not recorded');
  });

  it('the SMS names the certificate, org, days, expiry date and what breaks', () => {
    expect(critical.messages.sms).toBe(
      'CertSentinel CRITICAL: ERP_Client (acme-prod) expires in 4 days (2026-11-28). Breaks: erp.integration@acme.example +1. Owner: sf-admins@acme.example.',
    );
  });

  it('carries org and certificate as attributes for finer filters, and the owners to route to', () => {
    expect(critical.attributes).toEqual({
      severity: 'critical',
      org: 'acme-prod',
      certificate: 'salesforce:acme-prod:inbound:ERP_Client',
      owners: ['sf-admins@acme.example', 'pki@partner.example'],
    });
  });

  it('a probe failure points at the certificate involved and its runbook', () => {
    const out = rendered.find((r) => r.name === 'probe-failure')!.out;
    expect(out.messages.email).toContain('Certificate involved: ERP_Client');
    expect(out.messages.email).toContain('Mutual Authentication Certificates');
    expect(out.messages.email).toContain('[redacted PEM block]');
  });
});

describe('probe alerts for an endpoint a partner secret names', () => {
  it('name the owners of the probed certificate when the probe itself has none', () => {
    const partnerCopy = certificate({ owners: { partnerOwner: 'pki@globex.example' } });
    const failing = probe({
      owners: undefined,
      outcome: 'CLIENT_CERT_REJECTED',
      clientCertificate: {
        subject: 'CN=erp-client.partner.example',
        issuer: 'CN=Partner Issuing CA 2',
        serialNumber: '0A1B2C3D',
        subjectAltNames: [],
        notBefore: '2026-06-01T00:00:00.000Z',
        notAfter: '2026-11-28T00:00:00.000Z',
        fingerprintSha256: partnerCopy.fingerprintSha256!,
        keyType: 'rsa',
        selfSigned: false,
        isCa: false,
      },
      error: {
        code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
        message:
          'C0F7A1B2:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 42',
      },
    });
    const out = renderAlert(
      {
        type: 'probe',
        severity: 'probe-failure',
        key: probeKey('erp-gateway'),
        probe: failing,
        previousOutcome: null,
        repeat: false,
      },
      report({ certificates: [partnerCopy], probes: [failing] }),
    );
    expect(out.messages.email).toContain('Partner side:    pki@globex.example');
    // The reason in words, not OpenSSL's internals.
    expect(out.messages.email).toContain('the server rejected the client certificate (TLS alert 42)');
    expect(out.messages.email).not.toMatch(/deps\/openssl|error:0A000412/);
  });
});

describe('digest', () => {
  it('lists what is not ok or expires within 60 days, soonest first, and the forecast by year', () => {
    const [digest] = planDigests(
      report({
        certificates: [
          okCertificate({ id: 'a', name: 'ok-but-close', daysRemaining: 59 }),
          okCertificate({ id: 'b', name: 'far', daysRemaining: 61 }),
          inTier('warning', { id: 'c', name: 'warning-one' }),
          inTier('expired', { id: 'd', name: 'expired-one' }),
        ],
      }),
      NOW,
      DEFAULT_ALERT_SETTINGS,
    );
    expect(digest.week).toBe('2026-W48');
    expect(digest.upcoming.map((c) => c.name)).toEqual(['expired-one', 'warning-one', 'ok-but-close']);
    const out = renderAlert(digest, theReport);
    expect(out.messages.email).toContain('2027: 9 rotation(s), 7 of them two-party');
    expect(out.subject).toBe(
      '[Cert Sentinel] Weekly digest 2026-W48: 3 upcoming, soonest expired-one expired 2 days ago',
    );
  });

  it('is not due before the configured weekday', () => {
    expect(planDigests(report(), NOW, { ...DEFAULT_ALERT_SETTINGS, digestWeekday: 2 })).toEqual([]);
  });
});

describe('helpers', () => {
  it.each([
    ['2026-11-23T06:00:00Z', '2026-W48'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2027-01-01T00:00:00Z', '2026-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2029-12-31T23:59:59Z', '2030-W01'],
  ])('isoWeek(%s) = %s', (instant, week) => {
    expect(isoWeek(new Date(instant))).toBe(week);
  });

  it('redactSecrets removes PEM blocks, credentials and bearer tokens', () => {
    const text = `x ${FAKE_PRIVATE_KEY} password: "hunter2" token=abc Bearer eyJhbGciOi.a.b`;
    const out = redactSecrets(text);
    for (const pattern of SECRET_PATTERNS) expect(out).not.toMatch(pattern);
    expect(out).toContain('[redacted PEM block]');
    expect(out).toContain('password: [redacted]');
  });
});

describe('probe messages', () => {
  it('name an unnamed target (host:port) once', () => {
    const target = 'b2b.globex.example:8443';
    const out = renderAlert(
      {
        type: 'probe',
        severity: 'probe-failure',
        key: probeKey(target),
        probe: probe({ target, host: 'b2b.globex.example', outcome: 'CLIENT_CERT_REJECTED' }),
        previousOutcome: null,
        repeat: false,
      },
      theReport,
    );
    expect(out.subject).toBe('[Cert Sentinel] PROBE FAILURE: b2b.globex.example:8443 CLIENT_CERT_REJECTED');
    expect(out.messages.sms).toBe(
      'CertSentinel PROBE FAILURE: b2b.globex.example:8443 CLIENT_CERT_REJECTED. Partner: pki@partner.example',
    );
  });
});
