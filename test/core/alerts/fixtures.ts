/**
 * Hand-built reports for the alert tests: one certificate per kind of edge, a probe, sources. Built
 * by hand (not through evaluate) so each test states exactly the tier and days it is about.
 */
import type { ProbeResult, SourceStatus, Tier } from '../../../lambdas/core/model';
import type { Report, ReportCertificate } from '../../../lambdas/core/report/model';

/** A Monday: ISO week 2026-W48. */
export const NOW = new Date('2026-11-23T06:00:00.000Z');

export const at = (iso: string): Date => new Date(iso);

export const DAY_MS = 86_400_000;

export function daysAfter(date: Date, days: number, hours = 0): Date {
  return new Date(date.getTime() + days * DAY_MS + hours * 3_600_000);
}

export function certificate(overrides: Partial<ReportCertificate> = {}): ReportCertificate {
  return {
    id: 'salesforce:acme-prod:inbound:ERP_Client',
    source: 'salesforce:acme-prod',
    name: 'ERP_Client',
    kind: 'mutual-auth',
    subject: 'CN=erp-client.partner.example, O=Partner Ltd',
    issuer: 'CN=Partner Issuing CA 2, O=Partner Ltd',
    serialNumber: '0A1B2C3D',
    fingerprintSha256:
      'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
    notBefore: '2026-06-01T00:00:00.000Z',
    notAfter: '2026-11-28T00:00:00.000Z',
    expiryPrecision: 'day',
    daysRemaining: 4,
    lifetimeDays: 180,
    tier: 'critical',
    publiclyTrusted: false,
    notYetValid: false,
    extendedKeyUsage: null,
    usage: null,
    chain: null,
    trustAnchor: null,
    expiryLimitedBy: null,
    clientAuthSunset: null,
    twoParty: true,
    copyOf: null,
    org: 'acme-prod',
    externalSystem: 'Partner ERP',
    integrationUser: 'erp.integration@acme.example',
    owners: { owner: 'sf-admins@acme.example', partnerOwner: 'pki@partner.example' },
    dependents: [
      { id: 'user:erp', kind: 'integration-user', label: 'erp.integration@acme.example', via: 'mutual-auth' },
      { id: 'system:erp', kind: 'external-system', label: 'Partner ERP', via: 'connects-to' },
    ],
    forecast: [
      { year: 2026, rotations: 1 },
      { year: 2027, rotations: 3 },
    ],
    renewals: [],
    attributes: {},
    ...overrides,
  };
}

/** Same certificate with another tier and the days that go with it. */
export function inTier(tier: Tier, overrides: Partial<ReportCertificate> = {}): ReportCertificate {
  const days: Record<Tier, number> = { ok: 120, notice: 45, warning: 20, critical: 4, expired: -2 };
  return certificate({ tier, daysRemaining: days[tier], ...overrides });
}

export const outboundCertificate = (overrides: Partial<ReportCertificate> = {}): ReportCertificate =>
  certificate({
    id: 'salesforce:acme-prod:cert:Partner_Client_2026',
    name: 'Partner_Client_2026',
    fingerprintSha256: 'BB:01:02:03',
    kind: 'org-certificate',
    subject: 'CN=acme-prod-client',
    issuer: 'CN=acme-prod-client',
    integrationUser: null,
    tier: 'warning',
    daysRemaining: 21,
    notAfter: '2026-12-14T00:00:00.000Z',
    dependents: [
      { id: 'nc:Partner_API', kind: 'named-credential', label: 'Partner_API', via: 'client-certificate' },
      { id: 'system:erp', kind: 'external-system', label: 'Partner ERP', via: 'connects-to' },
    ],
    ...overrides,
  });

export const jwtCertificate = (overrides: Partial<ReportCertificate> = {}): ReportCertificate =>
  certificate({
    id: 'salesforce:acme-prod:connected-app:ERP_Sync',
    name: 'ERP_Sync JWT',
    fingerprintSha256: 'CC:01:02:03',
    kind: 'connected-app',
    integrationUser: null,
    tier: 'notice',
    daysRemaining: 50,
    notAfter: '2027-01-12T00:00:00.000Z',
    dependents: [{ id: 'app:ERP_Sync', kind: 'connected-app', label: 'ERP_Sync', via: 'jwt-signing' }],
    ...overrides,
  });

export const serverCertificate = (overrides: Partial<ReportCertificate> = {}): ReportCertificate =>
  certificate({
    id: 'probe:erp-gateway:server',
    source: 'probe',
    name: 'erp-gateway.partner.example',
    fingerprintSha256: 'DD:01:02:03',
    kind: 'server',
    integrationUser: null,
    publiclyTrusted: true,
    tier: 'expired',
    daysRemaining: -3,
    notAfter: '2026-11-20T12:00:00.000Z',
    expiryPrecision: 'second',
    dependents: [
      { id: 'nc:Partner_API', kind: 'named-credential', label: 'Partner_API', via: 'server-certificate' },
    ],
    ...overrides,
  });

export const samlCertificate = (overrides: Partial<ReportCertificate> = {}): ReportCertificate =>
  certificate({
    id: 'salesforce:acme-prod:saml:Okta',
    name: 'Okta IdP',
    fingerprintSha256: 'EE:01:02:03',
    kind: 'saml',
    integrationUser: null,
    externalSystem: null,
    twoParty: true,
    tier: 'warning',
    daysRemaining: 15,
    dependents: [{ id: 'sso:Okta', kind: 'saml-sso', label: 'Okta', via: 'saml' }],
    ...overrides,
  });

export const okCertificate = (overrides: Partial<ReportCertificate> = {}): ReportCertificate =>
  certificate({
    id: 'files:far-away',
    source: 'files',
    name: 'far-away.pem',
    kind: 'file',
    org: null,
    externalSystem: null,
    integrationUser: null,
    owners: {},
    dependents: [],
    twoParty: false,
    tier: 'ok',
    daysRemaining: 300,
    notAfter: '2027-09-20T00:00:00.000Z',
    fingerprintSha256: '11:22',
    ...overrides,
  });

export function probe(overrides: Partial<ProbeResult> = {}): ProbeResult {
  return {
    target: 'erp-gateway',
    host: 'erp-gateway.partner.example',
    port: 8443,
    outcome: 'OK',
    latencyMs: 120,
    checkedAt: NOW.toISOString(),
    org: 'acme-prod',
    externalSystem: 'Partner ERP',
    owners: { owner: 'sf-admins@acme.example', partnerOwner: 'pki@partner.example' },
    ...overrides,
  };
}

export function source(overrides: Partial<SourceStatus> = {}): SourceStatus {
  return { name: 'salesforce:acme-prod', kind: 'salesforce', status: 'ok', certificates: 4, ...overrides };
}

export function report(
  parts: {
    certificates?: ReportCertificate[];
    probes?: ProbeResult[];
    sources?: SourceStatus[];
    now?: Date;
  } = {},
): Report {
  const now = parts.now ?? NOW;
  const certificates = parts.certificates ?? [];
  const byTier = { ok: 0, notice: 0, warning: 0, critical: 0, expired: 0 };
  for (const c of certificates) byTier[c.tier] += 1;
  return {
    generatedAt: now.toISOString(),
    now: now.toISOString(),
    summary: {
      certificates: certificates.length,
      byTier,
      minDaysRemaining: null,
      findings: { info: 0, warning: 0, critical: 0 },
      sourcesFailed: 0,
    },
    certificates,
    findings: [],
    forecast: {
      from: now.toISOString(),
      horizon: '2030-12-31',
      byYear: [
        { year: 2026, rotations: 2, twoPartyRotations: 2 },
        { year: 2027, rotations: 9, twoPartyRotations: 7 },
      ],
      byOrg: [
        {
          key: 'acme-prod',
          byYear: [
            { year: 2026, rotations: 2 },
            { year: 2027, rotations: 8 },
          ],
          total: 10,
        },
      ],
      byPartner: [],
      byOwner: [],
    },
    sources: parts.sources ?? [
      source(),
      source({ name: 'files', kind: 'files' }),
      source({ name: 'probe', kind: 'probe' }),
    ],
    probes: parts.probes ?? [],
  };
}

/** A key that must never appear in any message. */
export const FAKE_PRIVATE_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDfakefakefake',
  '-----END PRIVATE KEY-----',
].join('\n');

/** What secret material looks like in text, for the "no secret" assertions. */
export const SECRET_PATTERNS = [/PRIVATE KEY/, /MIIEvQIBADAN/, /hunter2/, /s3cr3t-token-value/, /eyJhbGciOi/];
