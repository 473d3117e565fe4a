/**
 * Hand-built reports for the renderer tests: what an evaluated scan of two orgs, a Secrets Manager
 * source and three probe targets looks like on 2026-11-23. Certificates are deliberately not in
 * expiry order, so that sorting is the renderers' job and can be tested.
 */
import type { Finding, ProbeResult, SourceStatus } from '../../../lambdas/core/model';
import type { ForecastSummary, Report, ReportCertificate } from '../../../lambdas/core/report/model';

export const NOW = '2026-11-23T06:00:00.000Z';

function certificate(
  overrides: Partial<ReportCertificate> & Pick<ReportCertificate, 'id' | 'name'>,
): ReportCertificate {
  return {
    source: 'salesforce:acme-prod',
    kind: 'org-certificate',
    subject: `CN=${overrides.name}, O=Acme Corp`,
    issuer: 'CN=Acme Internal CA, O=Acme Corp',
    serialNumber: '0A1B2C3D4E5F',
    fingerprintSha256:
      '3F:2A:9C:11:00:7B:E4:56:12:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    expiryPrecision: 'second',
    daysRemaining: 39,
    lifetimeDays: 365,
    tier: 'ok',
    publiclyTrusted: false,
    notYetValid: false,
    extendedKeyUsage: null,
    usage: null,
    chain: null,
    trustAnchor: null,
    expiryLimitedBy: null,
    clientAuthSunset: null,
    twoParty: false,
    copyOf: null,
    org: 'acme-prod',
    externalSystem: null,
    integrationUser: null,
    owners: { owner: 'integrations@acme.example' },
    dependents: [],
    forecast: [],
    renewals: [],
    attributes: {},
    ...overrides,
  };
}

/** One certificate per situation the renderers must show; order is scrambled on purpose. */
export function realisticCertificates(): ReportCertificate[] {
  return [
    certificate({
      id: 'salesforce:acme-prod:SSO_Okta',
      name: 'SSO_Okta',
      kind: 'saml',
      notAfter: '2027-09-30T23:59:59.000Z',
      daysRemaining: 311,
      lifetimeDays: 730,
      tier: 'ok',
      dependents: [
        { id: 'sso:okta', kind: 'saml-sso', label: 'Okta SSO', via: 'saml' },
        { id: 'idp:okta', kind: 'identity-provider', label: 'Okta', via: 'saml' },
      ],
      forecast: [{ year: 2027, rotations: 1 }],
    }),
    certificate({
      id: 'secrets:eu-west-1:globex/client-cert',
      source: 'secrets:eu-west-1',
      name: 'globex/client-cert',
      kind: 'partner-client',
      subject: 'CN=orders.globex.example, O=Globex Corporation',
      issuer: 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc',
      serialNumber: '07C2F1E0A9B8',
      notBefore: '2026-06-01T12:00:00.000Z',
      notAfter: '2026-11-26T12:00:00.000Z',
      daysRemaining: 3,
      lifetimeDays: 178,
      tier: 'critical',
      publiclyTrusted: true,
      twoParty: true,
      org: 'acme-prod',
      externalSystem: 'Globex',
      integrationUser: 'globex.integration@acme.example',
      owners: { owner: 'integrations@acme.example', partnerOwner: 'pki@globex.example' },
      dependents: [
        {
          id: 'nc:Globex_Orders',
          kind: 'named-credential',
          label: 'Globex_Orders',
          via: 'client-certificate',
        },
        {
          id: 'ec:Globex_mTLS',
          kind: 'external-credential',
          label: 'Globex_mTLS',
          via: 'client-certificate',
        },
        { id: 'sys:globex', kind: 'external-system', label: 'Globex', via: 'connects-to' },
        { id: 'owner:pki@globex.example', kind: 'owner', label: 'pki@globex.example', via: 'owned-by' },
      ],
      forecast: [
        { year: 2026, rotations: 1 },
        { year: 2027, rotations: 4 },
      ],
      attributes: {
        secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:globex/client-cert-AbCdEf',
      },
    }),
    certificate({
      id: 'salesforce:acme-prod:Integration_JWT',
      name: 'Integration_JWT',
      kind: 'connected-app',
      notAfter: '2026-12-10T09:30:00.000Z',
      daysRemaining: 17,
      lifetimeDays: 365,
      tier: 'warning',
      dependents: [
        { id: 'app:MuleSoft', kind: 'connected-app', label: 'MuleSoft Runtime', via: 'jwt-signing' },
      ],
    }),
    certificate({
      id: 'salesforce:acme-prod:Payroll_mTLS',
      name: 'Payroll_mTLS',
      kind: 'mutual-auth',
      subject: null,
      issuer: null,
      serialNumber: null,
      fingerprintSha256: null,
      notBefore: null,
      notAfter: '2026-11-20T00:00:00.000Z',
      expiryPrecision: 'day',
      daysRemaining: -4,
      lifetimeDays: 365,
      tier: 'expired',
      twoParty: true,
      externalSystem: 'Payroll Co',
      integrationUser: 'payroll.integration@acme.example',
      owners: { owner: 'hr-systems@acme.example', partnerOwner: 'ops@payroll.example' },
      dependents: [
        {
          id: 'user:payroll.integration@acme.example',
          kind: 'integration-user',
          label: 'payroll.integration@acme.example',
          via: 'mutual-auth',
        },
        { id: 'sys:payroll', kind: 'external-system', label: 'Payroll Co', via: 'connects-to' },
      ],
      attributes: { salesforceId: '0P1000000000001' },
    }),
    certificate({
      id: 'salesforce:acme-uat:Initech_Inbound',
      source: 'salesforce:acme-uat',
      name: 'Initech_Inbound',
      kind: 'mutual-auth',
      notAfter: '2027-01-10T00:00:00.000Z',
      expiryPrecision: 'day',
      daysRemaining: 47,
      lifetimeDays: 200,
      tier: 'notice',
      publiclyTrusted: true,
      twoParty: true,
      org: 'acme-uat',
      externalSystem: 'Initech',
      integrationUser: 'initech@acme.example.uat',
      owners: {},
      dependents: [
        {
          id: 'user:initech',
          kind: 'integration-user',
          label: 'initech@acme.example.uat',
          via: 'mutual-auth',
        },
      ],
    }),
    certificate({
      id: 'probe:initech-api',
      source: 'probe',
      name: 'api.initech.example:8443',
      kind: 'server',
      subject: 'CN=api.initech.example',
      issuer: "CN=Let's Encrypt R11, O=Let's Encrypt",
      notAfter: '2027-01-15T08:00:00.000Z',
      daysRemaining: 53,
      lifetimeDays: 90,
      tier: 'notice',
      publiclyTrusted: true,
      org: null,
      externalSystem: 'Initech',
      owners: { partnerOwner: 'netops@initech.example' },
      dependents: [
        { id: 'probe:initech-api', kind: 'probe-target', label: 'initech-api', via: 'server-certificate' },
      ],
    }),
  ];
}

export function realisticFindings(): Finding[] {
  return [
    {
      code: 'MUTUAL_AUTH_MISSING_OWNER',
      severity: 'warning',
      subject: 'salesforce:acme-uat:Initech_Inbound',
      message:
        'Mutual-auth certificate Initech_Inbound has no owner on either side. Name an owner at Acme and at Initech so the next rotation has someone to call.',
      certificateId: 'salesforce:acme-uat:Initech_Inbound',
    },
    {
      code: 'CERTIFICATE_EXPIRED',
      severity: 'critical',
      subject: 'salesforce:acme-prod:Payroll_mTLS',
      message:
        'Payroll_mTLS expired on 2026-11-20: the Payroll Co integration cannot complete its handshake.',
      certificateId: 'salesforce:acme-prod:Payroll_mTLS',
    },
    {
      code: 'CERTIFICATE_UNUSED',
      severity: 'info',
      subject: 'salesforce:acme-prod:Old_Signing_2019',
      message: 'Nothing references Old_Signing_2019; delete it to free one of the 50 certificate slots.',
    },
    {
      code: 'SOURCE_FAILED',
      severity: 'critical',
      subject: 'secrets:us-east-1',
      message: 'Secrets Manager in us-east-1 could not be read; partner certificates there are not watched.',
      source: 'secrets:us-east-1',
    },
    {
      code: 'CALLOUT_WITHOUT_PORT_8443',
      severity: 'warning',
      subject: 'nc:Globex_Orders',
      message:
        'Named Credential Globex_Orders presents a client certificate but its URL has no explicit :8443.',
    },
  ];
}

export function realisticSources(): SourceStatus[] {
  return [
    { name: 'salesforce:acme-prod', kind: 'salesforce', status: 'ok', certificates: 4, requests: 6 },
    {
      name: 'salesforce:acme-uat',
      kind: 'salesforce',
      status: 'partial',
      error: 'CertificateMetadata query timed out; 1 of 2 certificates read from the REST API only',
      certificates: 1,
      requests: 7,
    },
    {
      name: 'secrets:us-east-1',
      kind: 'secrets-manager',
      status: 'failed',
      error: 'AccessDeniedException: not authorized to perform secretsmanager:ListSecrets',
      certificates: 0,
      requests: 1,
    },
    { name: 'secrets:eu-west-1', kind: 'secrets-manager', status: 'ok', certificates: 1, requests: 2 },
    { name: 'probe', kind: 'probe', status: 'ok', certificates: 1 },
  ];
}

export function realisticProbes(): ProbeResult[] {
  return [
    {
      target: 'initech-api',
      host: 'api.initech.example',
      port: 8443,
      servername: 'api.initech.example',
      outcome: 'OK',
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      latencyMs: 142.4,
      checkedAt: '2026-11-23T05:59:12.000Z',
      externalSystem: 'Initech',
      owners: { owner: 'integrations@acme.example', partnerOwner: 'netops@initech.example' },
      serverCertificate: {
        subject: 'CN=api.initech.example',
        issuer: "CN=Let's Encrypt R11, O=Let's Encrypt",
        serialNumber: '04F1A2B3C4D5E6',
        subjectAltNames: ['DNS:api.initech.example'],
        notBefore: '2026-10-17T08:00:01.000Z',
        notAfter: '2027-01-15T08:00:00.000Z',
        fingerprintSha256:
          'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
        keyType: 'ec',
        selfSigned: false,
        isCa: false,
      },
      clientCertificate: {
        subject: 'CN=acme-client',
        issuer: 'CN=Acme Internal CA, O=Acme Corp',
        serialNumber: '1F',
        subjectAltNames: [],
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        fingerprintSha256:
          '11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00',
        keyType: 'rsa',
        keySize: 2048,
        selfSigned: false,
        isCa: false,
      },
    },
    {
      target: 'globex-orders',
      host: 'orders.globex.example',
      port: 8443,
      outcome: 'CLIENT_CERT_REJECTED',
      protocol: 'TLSv1.3',
      latencyMs: 87,
      error: { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'alert certificate required' },
      checkedAt: '2026-11-23T05:59:13.000Z',
      externalSystem: 'Globex',
      org: 'acme-prod',
    },
    {
      target: 'payroll',
      host: 'mtls.payroll.example',
      port: 8443,
      outcome: 'TIMEOUT',
      latencyMs: 10000,
      error: { message: 'no TLS handshake within 10000 ms' },
      checkedAt: '2026-11-23T05:59:23.000Z',
    },
  ];
}

export function realisticForecast(): ForecastSummary {
  return {
    from: NOW,
    horizon: '2030-12-31',
    byYear: [
      { year: 2026, rotations: 3, twoPartyRotations: 2 },
      { year: 2027, rotations: 14, twoPartyRotations: 8 },
      { year: 2028, rotations: 18, twoPartyRotations: 10 },
      { year: 2029, rotations: 31, twoPartyRotations: 17 },
      { year: 2030, rotations: 44, twoPartyRotations: 24 },
    ],
    byOrg: [
      {
        key: 'acme-prod',
        byYear: [
          { year: 2026, rotations: 2 },
          { year: 2027, rotations: 9 },
          { year: 2028, rotations: 12 },
          { year: 2029, rotations: 21 },
          { year: 2030, rotations: 30 },
        ],
        total: 74,
      },
      {
        key: 'acme-uat',
        byYear: [
          { year: 2027, rotations: 5 },
          { year: 2028, rotations: 6 },
          { year: 2029, rotations: 10 },
          { year: 2030, rotations: 14 },
        ],
        total: 35,
      },
    ],
    byPartner: [
      {
        key: 'Globex',
        byYear: [
          { year: 2026, rotations: 1 },
          { year: 2027, rotations: 4 },
          { year: 2028, rotations: 4 },
          { year: 2029, rotations: 7 },
          { year: 2030, rotations: 8 },
        ],
        total: 24,
      },
      {
        key: 'Initech',
        byYear: [
          { year: 2027, rotations: 2 },
          { year: 2028, rotations: 4 },
          { year: 2029, rotations: 6 },
          { year: 2030, rotations: 8 },
        ],
        total: 20,
      },
    ],
    byOwner: [{ key: 'integrations@acme.example', byYear: [{ year: 2027, rotations: 6 }], total: 6 }],
  };
}

/** A full, realistic report whose summary agrees with its certificates, findings and sources. */
export function realisticReport(): Report {
  return {
    generatedAt: '2026-11-23T06:00:04.512Z',
    now: NOW,
    summary: {
      certificates: 6,
      byTier: { ok: 1, notice: 2, warning: 1, critical: 1, expired: 1 },
      minDaysRemaining: 3,
      findings: { critical: 2, warning: 2, info: 1 },
      sourcesFailed: 1,
    },
    certificates: realisticCertificates(),
    findings: realisticFindings(),
    forecast: realisticForecast(),
    sources: realisticSources(),
    probes: realisticProbes(),
  };
}

/** Untrusted text in every field a renderer shows: markup, Markdown table breakers, terminal escapes. */
export const HOSTILE_SUBJECT = 'CN=<script>alert("x")</script>, O=Evil & Co';

export function hostileReport(): Report {
  const report = realisticReport();
  const [first, ...rest] = report.certificates;
  report.certificates = [
    {
      ...first,
      name: '<img src=x onerror=alert(1)>|pipe\nnewline\u001b[31mred',
      subject: HOSTILE_SUBJECT,
      issuer: '"quoted" \'single\' <b>bold</b>',
      externalSystem: 'Partner | *bold* _em_ [link](javascript:alert(1))',
      owners: { owner: '<owner@example>', partnerOwner: '\u001b]8;;http://evil\u0007click' },
      dependents: [
        { id: 'nc:x', kind: 'named-credential', label: '</td><script>alert(2)</script>', via: 'x' },
      ],
    },
    ...rest,
  ];
  report.findings = [
    {
      code: 'CODE_WITH_`TICK`',
      severity: 'warning',
      subject: '<subject>',
      message: 'message with <script>alert(3)</script> | pipe',
    },
  ];
  report.sources = [
    { name: 'src<script>', kind: 'files', status: 'failed', error: '<b>boom</b>\u001b[2J', certificates: 0 },
  ];
  report.probes = [{ ...report.probes[0], target: '<target>', error: { message: '<err>' } }];
  report.forecast.byOrg = [{ key: '<org>', byYear: [{ year: 2027, rotations: 1 }], total: 1 }];
  return report;
}

/** Nothing found at all: a first scan of an empty sandbox. */
export function emptyReport(): Report {
  return {
    generatedAt: NOW,
    now: NOW,
    summary: {
      certificates: 0,
      byTier: { ok: 0, notice: 0, warning: 0, critical: 0, expired: 0 },
      minDaysRemaining: null,
      findings: { critical: 0, warning: 0, info: 0 },
      sourcesFailed: 0,
    },
    certificates: [],
    findings: [],
    forecast: { from: NOW, horizon: '2030-12-31', byYear: [], byOrg: [], byPartner: [], byOwner: [] },
    sources: [{ name: 'demo', kind: 'demo', status: 'ok', certificates: 0 }],
    probes: [],
  };
}
