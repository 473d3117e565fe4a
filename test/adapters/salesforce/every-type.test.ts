/**
 * Every place an org keeps, trusts or pins a certificate, read by one wildcard retrieve from the
 * fake org (jsforce over real HTTP), each certificate exact and with what depends on it.
 */

import { X509Certificate } from 'node:crypto';
import { createSalesforceSource } from '../../../lambdas/adapters/salesforce/source';
import { runbooksFor } from '../../../lambdas/core/alerts/runbooks';
import { DEFAULT_ALERT_SETTINGS } from '../../../lambdas/core/alerts/severity';
import { planAlerts } from '../../../lambdas/core/alerts/state';
import { evaluate } from '../../../lambdas/core/evaluate';
import type { CertificateInfo, Inventory } from '../../../lambdas/core/model';
import { FakeSalesforce } from '../../helpers/fake-salesforce';
import {
  ecaCert,
  everyTypeOrgData,
  inboundCert,
  NOW,
  partnerJwtCert,
  samlAppCert,
  userCert,
} from './org-fixture';

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
const instant = (iso: string | undefined) => (iso ? new Date(iso).toISOString() : undefined);
const byId = (inventory: Inventory, id: string) => inventory.certificates.find((c) => c.id === id);
const hasEdge = (inventory: Inventory, from: string, to: string, kind: string) =>
  inventory.edges.some((e) => e.from === from && e.to === to && e.kind === kind);

describe('Salesforce collector: every certificate an org holds, trusts or pins', () => {
  let inventory: Inventory;
  let fake: FakeSalesforce;
  let logs: string[];
  beforeAll(async () => {
    fake = await new FakeSalesforce({
      data: everyTypeOrgData({
        retrieveMessages: [
          {
            fileName: 'unpackaged/package.xml',
            problem: "Entity type: 'MobSecurityCertPinConfig' is unknown",
          },
        ],
      }),
    }).start();
    logs = [];
    try {
      inventory = await createSalesforceSource({
        org: { name: 'acme-prod', auth: { type: 'session' }, owner: 'Integration Team' },
        credentials: { kind: 'session', instanceUrl: fake.url, accessToken: fake.accessToken },
        backoffMs: () => 0,
        retrievePollMs: 0,
        log: (line) => logs.push(line),
      }).collect(NOW);
    } finally {
      await fake.stop();
    }
  });

  it('asks for every type in one wildcard retrieve', () => {
    const retrieve = fake.requests.find((r) => r.operation === 'retrieve')?.body ?? '';
    for (const type of [
      'InboundCertificate',
      'UserAuthCertificate',
      'ExtlClntAppGlobalOauthSettings',
      'ExternalDataSource',
      'PublicKeyCertificate',
      'PublicKeyCertificateSet',
      'MobSecurityCertPinConfig',
    ]) {
      expect(retrieve).toMatch(new RegExp(`<name>${type}</name><members>\\*</members>`));
    }
    expect(
      logs.some((l) =>
        l.includes("retrieve: unpackaged/package.xml: Entity type: 'MobSecurityCertPinConfig' is unknown"),
      ),
    ).toBe(true);
    expect(inventory.sources[0].status).toBe('ok');
  });

  it('reads the mutual-auth certificate exactly from the retrieved content, not the date', () => {
    const inbound = byId(inventory, 'salesforce:acme-prod:inbound:Partner_Inbound');
    expect(inbound).toMatchObject({ kind: 'mutual-auth', expiryPrecision: 'second' });
    expect(instant(inbound?.notAfter)).toBe('2027-01-31T17:45:10.000Z');
    expect(inbound?.info?.fingerprintSha256).toBe(fingerprint(inboundCert.certPem));
    expect(inbound?.attributes).toMatchObject({ expiryFrom: 'certificate', issuer: 'CN=Partner Issuing CA' });
    // No content retrieved for this one: readMetadata's date stays.
    expect(byId(inventory, 'salesforce:acme-prod:inbound:Old_Inbound')).toMatchObject({
      expiryPrecision: 'day',
      notAfter: '2026-12-01T00:00:00Z',
    });
  });

  it('reads user authentication certificates with their user; an inactive user is reported, not alerted', () => {
    const jane = byId(inventory, 'salesforce:acme-prod:user-auth:Jane_Login');
    expect(jane).toMatchObject({ kind: 'user-auth', expiryPrecision: 'second' });
    expect(jane?.info?.fingerprintSha256).toBe(fingerprint(userCert.certPem));
    expect(
      hasEdge(inventory, 'user:acme-prod:jane.doe@acme.example', jane?.id ?? '', 'client-certificate'),
    ).toBe(true);
    const old = byId(inventory, 'salesforce:acme-prod:user-auth:Old_Login');
    expect(old).toMatchObject({
      expiryPrecision: 'second',
      attributes: expect.objectContaining({ userActive: false }),
    });
    expect(instant(old?.notAfter)).toBe('2026-12-10T08:30:00.000Z');
    expect(old?.attributes?.reportOnly).toBe('its user former@acme.example is inactive');
    expect(inventory.findings.find((f) => f.code === 'USER_AUTH_CERTIFICATE_INACTIVE_USER')?.subject).toBe(
      old?.id,
    );
  });

  it('reads the External Client App JWT certificate, and never the consumer secret', () => {
    const eca = byId(inventory, 'salesforce:acme-prod:external-client-app:Partner_Portal');
    expect(eca).toMatchObject({ kind: 'connected-app', expiryPrecision: 'second' });
    expect(eca?.info?.fingerprintSha256).toBe(fingerprint(ecaCert.certPem));
    expect(
      hasEdge(inventory, 'external-client-app:acme-prod:Partner_Portal', eca?.id ?? '', 'jwt-signing'),
    ).toBe(true);
    expect(JSON.stringify(inventory)).not.toMatch(/ECA-CONSUMER-SECRET|3MVG9ECAFAKEKEY/);
  });

  it('reads Connected App SAML certificates and the SSO decryption certificate', () => {
    const saml = byId(inventory, 'salesforce:acme-prod:connected-app:Partner_SSO:saml');
    expect(saml?.info?.fingerprintSha256).toBe(fingerprint(samlAppCert.certPem));
    expect(hasEdge(inventory, 'connected-app:acme-prod:Partner_SSO', saml?.id ?? '', 'saml')).toBe(true);
    expect(
      hasEdge(inventory, 'connected-app:acme-prod:Partner_SSO', 'salesforce:acme-prod:Acme_Client', 'saml'),
    ).toBe(true);
    expect(
      hasEdge(inventory, 'saml-sso:acme-prod:Corp_IdP', 'salesforce:acme-prod:Partner_CA_Signed', 'saml'),
    ).toBe(true);
  });

  it('reads the external data source and its client certificate; its URL without :8443 is linted', () => {
    expect(
      hasEdge(
        inventory,
        'external-data-source:acme-prod:Orders_OData',
        'salesforce:acme-prod:Acme_Client',
        'client-certificate',
      ),
    ).toBe(true);
    expect(
      hasEdge(
        inventory,
        'external-data-source:acme-prod:Orders_OData',
        'external-system:odata.partner.example',
        'connects-to',
      ),
    ).toBe(true);
    const report = evaluate(inventory, { now: NOW });
    expect(
      report.findings.find(
        (f) =>
          f.code === 'CLIENT_CERT_CALLOUT_WITHOUT_8443' &&
          f.subject === 'external-data-source:acme-prod:Orders_OData',
      ),
    ).toBeDefined();
  });

  it("reads the partner's JWT signing certificate from the public key certificate (x5c), owner on the partner side", () => {
    const pkc = byId(inventory, 'salesforce:acme-prod:public-key:Partner_Signer');
    expect(pkc).toMatchObject({
      kind: 'jwt-validation',
      externalSystem: 'partner.example',
      owners: { owner: 'Integration Team', partnerOwner: 'partner.example' },
    });
    expect(instant(pkc?.notAfter)).toBe('2027-02-20T20:20:20.000Z');
    expect(pkc?.info?.fingerprintSha256).toBe(fingerprint(partnerJwtCert.certPem));
    expect(hasEdge(inventory, 'public-key-set:acme-prod:Partner_JWKS', pkc?.id ?? '', 'jwt-validation')).toBe(
      true,
    );
    const report = evaluate(inventory, { now: NOW });
    const reported = report.certificates.find((c) => c.id === pkc?.id);
    expect(reported?.dependents.map((d) => d.id)).toContain('public-key-set:acme-prod:Partner_JWKS');
  });

  it('reads mobile certificate pins as graph nodes of the host they pin', () => {
    expect(
      inventory.nodes.find((n) => n.id === 'certificate-pin:acme-prod:Login_Pin')?.attributes,
    ).toMatchObject({
      host: 'acme.my.salesforce.com',
      enabled: true,
      certificateHash: 'AAAAfakepinAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    });
  });

  it('says when only frozen or inactive users hear Salesforce’s own expiry e-mails', () => {
    expect(inventory.findings.find((f) => f.code === 'NO_EXPIRY_NOTIFICATION_RECIPIENT')).toMatchObject({
      severity: 'warning',
      subject: 'org:acme-prod',
      message: expect.stringContaining('admin@acme.example (frozen)'),
    });
  });

  it('stays at a constant request count with every type present (at most 15)', () => {
    expect(fake.requestCount).toBeLessThanOrEqual(15);
    expect(inventory.sources[0].requests).toBe(fake.requestCount);
    expect(fake.requests.map((r) => r.operation).sort()).toEqual(
      [
        'ApexClass',
        'Certificate',
        'NamedCredential',
        'PermissionSetAssignment',
        'SamlSsoConfig',
        'User',
        'User',
        'UserLogin',
        'checkRetrieveStatus',
        'describe',
        'versions',
        'listMetadata',
        'readMetadata',
        'retrieve',
      ].sort(),
    );
  });
});

describe('what the core makes of them', () => {
  let inventory: Inventory;
  beforeAll(async () => {
    const fake = await new FakeSalesforce({ data: everyTypeOrgData() }).start();
    try {
      inventory = await createSalesforceSource({
        org: { name: 'acme-prod', auth: { type: 'session' }, owner: 'Integration Team' },
        credentials: { kind: 'session', instanceUrl: fake.url, accessToken: fake.accessToken },
        backoffMs: () => 0,
        retrievePollMs: 0,
      }).collect(NOW);
    } finally {
      await fake.stop();
    }
  });

  it('never alerts on the certificate of an inactive user, though it is in the report', () => {
    const report = evaluate(inventory, { now: NOW });
    const old = report.certificates.find((c) => c.id === 'salesforce:acme-prod:user-auth:Old_Login');
    expect(old?.tier).not.toBe('ok');
    const plan = planAlerts({ report, previous: [], now: NOW, settings: DEFAULT_ALERT_SETTINGS });
    const alerted = plan.alerts.flatMap((a) =>
      a.type === 'tier' ? [a.certificate.id] : a.type === 'digest' ? a.upcoming.map((c) => c.id) : [],
    );
    expect(alerted).not.toContain(old?.id);
    expect(alerted).toContain('salesforce:acme-prod:inbound:Old_Inbound');
  });

  it('gives each new kind its own runbook', () => {
    const report = evaluate(inventory, { now: NOW });
    const edgeOf = (id: string) =>
      runbooksFor(report.certificates.find((c) => c.id === id) as never).map((r) => r.edge);
    expect(edgeOf('salesforce:acme-prod:user-auth:Jane_Login')).toEqual(['user-auth']);
    expect(edgeOf('salesforce:acme-prod:public-key:Partner_Signer')).toEqual(['jwt-inbound']);
    expect(edgeOf('salesforce:acme-prod:external-client-app:Partner_Portal')).toEqual(['jwt-connected-app']);
  });

  it('an expired JWT certificate: the finding says the documents disagree, promising neither outcome', () => {
    const later = new Date('2027-04-10T00:00:00Z');
    const finding = evaluate(inventory, { now: later }).findings.find(
      (f) =>
        f.code === 'JWT_CERTIFICATE_EXPIRED' &&
        f.subject === 'salesforce:acme-prod:external-client-app:Partner_Portal',
    );
    expect(finding?.message).toMatch(/Partner Portal.*not settled.*rejected.*not checked by design/);
  });

  it('a pin that matches nothing the probed host presents is CERTIFICATE_PIN_STALE; an unprobed pin says so', () => {
    const probe = (fingerprintSha256: string) => ({
      target: 'acme.my.salesforce.com:443',
      host: 'acme.my.salesforce.com',
      port: 443,
      outcome: 'OK' as const,
      serverCertificate: {
        ...(byId(inventory, 'salesforce:acme-prod:Acme_Client')?.info as CertificateInfo),
        fingerprintSha256,
      },
      latencyMs: 5,
      checkedAt: NOW.toISOString(),
    });
    const codes = (probes: Inventory['probes']) =>
      evaluate({ ...inventory, probes }, { now: NOW })
        .findings.filter((f) => f.subject === 'certificate-pin:acme-prod:Login_Pin')
        .map((f) => f.code);
    expect(codes([])).toEqual(['CERTIFICATE_PIN_UNVERIFIED']);
    expect(codes([probe('AB:CD:EF')])).toEqual(['CERTIFICATE_PIN_STALE']);
    // The pin is the base64 of the presented certificate's SHA-256: it matches.
    const pinned = Buffer.from('AAAAfakepinAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'base64').toString('hex');
    expect(codes([probe(pinned.match(/../g)?.join(':').toUpperCase() ?? '')])).toEqual([]);
  });
});
