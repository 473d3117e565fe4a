/**
 * The collector end to end: jsforce over real HTTP against the fake org on 127.0.0.1.
 */
import {
  createSalesforceSource,
  type SalesforceSourceOptions,
} from '../../../lambdas/adapters/salesforce/source';
import type { OrgConfig } from '../../../lambdas/core/config';
import type { Inventory } from '../../../lambdas/core/model';
import { type FakeOrgData, FakeSalesforce } from '../../helpers/fake-salesforce';
import { clientCert, NOW, orgData } from './org-fixture';

const sessionOrg: OrgConfig = { name: 'acme-prod', auth: { type: 'session' }, owner: 'Integration Team' };

async function scan(
  data: FakeOrgData,
  setup: (fake: FakeSalesforce) => void = () => {},
  extra: Partial<SalesforceSourceOptions> = {},
  apiVersion?: string,
): Promise<{ inventory: Inventory; fake: FakeSalesforce; logs: string[] }> {
  const fake = await new FakeSalesforce({ data, apiVersion }).start();
  setup(fake);
  const logs: string[] = [];
  try {
    const source = createSalesforceSource({
      org: sessionOrg,
      credentials: { kind: 'session', instanceUrl: fake.url, accessToken: fake.accessToken },
      backoffMs: () => 0,
      retrievePollMs: 0,
      log: (line) => logs.push(line),
      ...extra,
    });
    const inventory = await source.collect(NOW);
    return { inventory, fake, logs };
  } finally {
    await fake.stop();
  }
}

const byId = (inventory: Inventory, id: string) => inventory.certificates.find((c) => c.id === id);
const hasEdge = (inventory: Inventory, from: string, to: string, kind: string) =>
  inventory.edges.some((e) => e.from === from && e.to === to && e.kind === kind);
const instant = (iso: string | undefined) => (iso ? new Date(iso).toISOString() : undefined);
const codes = (inventory: Inventory) => inventory.findings.map((f) => f.code).sort();

describe('Salesforce collector, session auth', () => {
  let result: Awaited<ReturnType<typeof scan>>;
  beforeAll(async () => {
    result = await scan(orgData());
  });

  it('reads org certificates: exact expiry from the retrieved .crt, newest row per DeveloperName', () => {
    const { inventory } = result;
    const acme = byId(inventory, 'salesforce:acme-prod:Acme_Client');
    expect(acme).toMatchObject({
      kind: 'org-certificate',
      source: 'salesforce:acme-prod',
      org: 'acme-prod',
      expiryPrecision: 'second',
      owners: { owner: 'Integration Team' },
      attributes: {
        salesforceId: '0P1FAKE00000001AAA',
        keySize: 2048,
        caSigned: false,
        unusable: false,
        privateKeyExportable: true,
        expiryFrom: 'certificate',
      },
    });
    expect(instant(acme?.notAfter)).toBe('2027-03-01T12:34:56.000Z');
    expect(acme?.info?.serialNumber).toBe('0ABC01');
    expect(inventory.certificates.filter((c) => c.name === 'Acme_Client')).toHaveLength(1);
  });

  it('falls back to ExpirationDate for a certificate whose .crt holds a CSR, and says so', () => {
    const { inventory } = result;
    expect(byId(inventory, 'salesforce:acme-prod:Partner_CA_Signed')).toMatchObject({
      notAfter: '2027-08-15T00:00:00Z',
      expiryPrecision: 'day',
      attributes: { caSigned: true, keySize: 4096, expiryFrom: 'ExpirationDate' },
    });
    const finding = inventory.findings.find((f) => f.code === 'SALESFORCE_EXPIRY_DATE_ONLY');
    expect(finding).toMatchObject({
      certificateId: 'salesforce:acme-prod:Partner_CA_Signed',
      severity: 'info',
    });
  });

  it('reads mutual-auth certificates from InboundCertificate metadata', () => {
    expect(byId(result.inventory, 'salesforce:acme-prod:inbound:Partner_Inbound')).toMatchObject({
      kind: 'mutual-auth',
      name: 'Partner_Inbound',
      notAfter: '2027-01-31T00:00:00Z',
      expiryPrecision: 'day',
      attributes: { issuer: 'CN=Partner Issuing CA', serialId: '1a2b3c' },
    });
  });

  it('maps Named Credentials (legacy and new model) to certificates, external credentials and systems', () => {
    const { inventory } = result;
    const acmeApi = inventory.nodes.find((n) => n.id === 'named-credential:acme-prod:Acme_API');
    expect(acmeApi).toMatchObject({
      kind: 'named-credential',
      attributes: { url: 'https://api.acme.example:8443/v1', type: 'Legacy', port: '8443' },
    });
    expect(
      hasEdge(
        inventory,
        'named-credential:acme-prod:Acme_API',
        'salesforce:acme-prod:Acme_Client',
        'client-certificate',
      ),
    ).toBe(true);
    expect(
      hasEdge(
        inventory,
        'named-credential:acme-prod:Acme_API',
        'external-system:api.acme.example',
        'connects-to',
      ),
    ).toBe(true);
    const billing = inventory.nodes.find((n) => n.id === 'named-credential:acme-prod:Billing');
    expect(billing?.attributes).toMatchObject({
      url: 'https://billing.partner.example/api',
      type: 'SecuredEndpoint',
    });
    expect(
      hasEdge(
        inventory,
        'named-credential:acme-prod:Billing',
        'salesforce:acme-prod:Acme_Client',
        'client-certificate',
      ),
    ).toBe(true);
    expect(
      hasEdge(
        inventory,
        'named-credential:acme-prod:Billing',
        'external-credential:acme-prod:Billing_JWT',
        'references',
      ),
    ).toBe(true);
    expect(
      hasEdge(
        inventory,
        'external-credential:acme-prod:Billing_JWT',
        'salesforce:acme-prod:JWT_Signer',
        'jwt-signing',
      ),
    ).toBe(true);
  });

  it('parses the Connected App JWT certificate and the SAML certificates', () => {
    const { inventory } = result;
    const app = byId(inventory, 'salesforce:acme-prod:connected-app:Cert_Sentinel');
    expect(app).toMatchObject({ kind: 'connected-app', expiryPrecision: 'second' });
    expect(instant(app?.notAfter)).toBe('2027-11-01T00:00:00.000Z');
    expect(
      hasEdge(
        inventory,
        'connected-app:acme-prod:Cert_Sentinel',
        'salesforce:acme-prod:connected-app:Cert_Sentinel',
        'jwt-signing',
      ),
    ).toBe(true);
    const idp = byId(inventory, 'salesforce:acme-prod:saml-sso:Corp_IdP');
    expect(idp?.kind).toBe('saml');
    expect(instant(idp?.notAfter)).toBe('2027-06-30T00:00:00.000Z');
    expect(
      hasEdge(inventory, 'saml-sso:acme-prod:Corp_IdP', 'salesforce:acme-prod:saml-sso:Corp_IdP', 'saml'),
    ).toBe(true);
    expect(hasEdge(inventory, 'saml-sso:acme-prod:Corp_IdP', 'salesforce:acme-prod:JWT_Signer', 'saml')).toBe(
      true,
    );
    expect(hasEdge(inventory, 'identity-provider:acme-prod', 'salesforce:acme-prod:JWT_Signer', 'saml')).toBe(
      true,
    );
  });

  it('finds Apex classes naming a client certificate', () => {
    const { inventory } = result;
    expect(
      hasEdge(
        inventory,
        'apex-class:acme-prod:AcmeCallout',
        'salesforce:acme-prod:Acme_Client',
        'references',
      ),
    ).toBe(true);
    expect(inventory.nodes.some((n) => n.id === 'apex-class:acme-prod:Unrelated')).toBe(false);
  });

  it('lists users who must present a client certificate, with their API-only flag', () => {
    const users = result.inventory.nodes.filter((n) => n.kind === 'integration-user');
    expect(users.map((u) => u.attributes)).toEqual([
      expect.objectContaining({
        username: 'integration@acme.example',
        mutualAuthRequired: true,
        apiOnly: true,
        active: true,
      }),
      expect.objectContaining({
        username: 'legacy-sync@acme.example',
        mutualAuthRequired: true,
        apiOnly: false,
        active: false,
      }),
    ]);
  });

  it('describes the org and reports an ok source with its request count', () => {
    const { inventory, fake } = result;
    expect(inventory.nodes.find((n) => n.id === 'org:acme-prod')?.attributes).toMatchObject({
      certificateLimit: 50,
      certificates: 3,
    });
    expect(hasEdge(inventory, 'org:acme-prod', 'owner:Integration Team', 'owned-by')).toBe(true);
    expect(inventory.sources).toEqual([
      {
        name: 'salesforce:acme-prod',
        kind: 'salesforce',
        status: 'ok',
        error: undefined,
        certificates: 7,
        requests: fake.requestCount,
      },
    ]);
    expect(codes(inventory)).toEqual(['SALESFORCE_EXPIRY_DATE_ONLY']);
  });

  it('spends a fixed number of requests: one per read, none per record', () => {
    const ops = result.fake.requests.map((r) => r.operation).sort();
    expect(ops).toEqual(
      [
        'ApexClass',
        'Certificate',
        'NamedCredential',
        'PermissionSetAssignment',
        'SamlSsoConfig',
        'User',
        'checkRetrieveStatus',
        'describe',
        'versions',
        'listMetadata',
        'readMetadata',
        'retrieve',
      ].sort(),
    );
    expect(clientCert.certPem).toContain('BEGIN CERTIFICATE');
  });
});

describe('Salesforce collector, API version', () => {
  it('uses the newest version the org offers (GET /services/data/) when none is configured', async () => {
    const { inventory, fake } = await scan(orgData(), () => {}, {}, '66.0');
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/services/data/' });
    expect(fake.requests.filter((r) => r.operation === 'Certificate')[0].path).toBe(
      '/services/data/v66.0/tooling/query',
    );
    expect(fake.requests.find((r) => r.operation === 'retrieve')?.body).toContain('<version>66.0</version>');
    expect(inventory.nodes.find((n) => n.id === 'org:acme-prod')?.attributes?.apiVersion).toBe('66.0');
    expect(inventory.sources[0].status).toBe('ok');
  });

  it('an explicit apiVersion wins and costs no version request', async () => {
    const { inventory, fake } = await scan(
      orgData(),
      () => {},
      { org: { ...sessionOrg, apiVersion: '62.0' } },
      '62.0',
    );
    expect(fake.requests.some((r) => r.operation === 'versions')).toBe(false);
    expect(inventory.nodes.find((n) => n.id === 'org:acme-prod')?.attributes?.apiVersion).toBe('62.0');
  });
});
