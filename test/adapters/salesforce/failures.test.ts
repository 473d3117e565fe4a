/**
 * Failures stay per org and are never silent: each case below ends in an explicit status and
 * finding, with Salesforce's own error bodies coming back from the fake org.
 */
import { createSalesforceSource } from '../../../lambdas/adapters/salesforce/source';
import { collectInventory } from '../../../lambdas/core/collect';
import type { OrgConfig } from '../../../lambdas/core/config';
import type { Inventory } from '../../../lambdas/core/model';
import { type FakeOrgData, FakeSalesforce, soapFaultBody } from '../../helpers/fake-salesforce';
import { manyCertificates, NOW, orgData } from './org-fixture';

const org: OrgConfig = { name: 'acme-prod', auth: { type: 'session' } };

async function scan(
  data: FakeOrgData,
  setup: (fake: FakeSalesforce) => void,
  extra: { timeoutMs?: number; retries?: number; token?: string } = {},
) {
  const fake = await new FakeSalesforce({ data }).start();
  setup(fake);
  const logs: string[] = [];
  const backoffs: number[] = [];
  try {
    const inventory = await createSalesforceSource({
      org,
      credentials: { kind: 'session', instanceUrl: fake.url, accessToken: extra.token ?? fake.accessToken },
      backoffMs: (attempt) => {
        backoffs.push(attempt);
        return 0;
      },
      retrievePollMs: 0,
      timeoutMs: extra.timeoutMs,
      retries: extra.retries,
      log: (line) => logs.push(line),
    }).collect(NOW);
    return { inventory, fake, logs, backoffs };
  } finally {
    await fake.stop();
  }
}

const finding = (inventory: Inventory, code: string) => inventory.findings.find((f) => f.code === code);
const INSUFFICIENT = JSON.stringify([
  { message: 'Insufficient Privileges', errorCode: 'INSUFFICIENT_ACCESS' },
]);

describe('Salesforce collector failures', () => {
  it('an expired session fails the org after one request, with a clear message', async () => {
    const { inventory, fake } = await scan(orgData(), () => {}, {
      token: '00DFAKE0000000001!AQ4AQExpiredTokenValue',
    });
    expect(fake.requestCount).toBe(1);
    expect(inventory.sources[0]).toMatchObject({ status: 'failed', certificates: 0, requests: 1 });
    expect(inventory.sources[0].error).toMatch(/INVALID_SESSION_ID.*Session expired or invalid/);
    expect(finding(inventory, 'SALESFORCE_AUTH_FAILED')).toMatchObject({
      severity: 'critical',
      subject: 'org:acme-prod',
    });
    expect(JSON.stringify(inventory)).not.toContain('ExpiredTokenValue');
  });

  it('INSUFFICIENT_ACCESS on one object loses that read only: partial, with a finding', async () => {
    const { inventory } = await scan(orgData(), (fake) =>
      fake.fail({ match: /SamlSsoConfig/, status: 403, body: INSUFFICIENT }),
    );
    expect(inventory.sources[0]).toMatchObject({ status: 'partial' });
    expect(inventory.sources[0].error).toContain('SOQL query of SamlSsoConfig');
    expect(finding(inventory, 'SALESFORCE_OBJECT_UNREADABLE')?.message).toMatch(/INSUFFICIENT_ACCESS/);
    expect(inventory.certificates.some((c) => c.id === 'salesforce:acme-prod:Acme_Client')).toBe(true);
    expect(inventory.certificates.some((c) => c.id === 'salesforce:acme-prod:inbound:Partner_Inbound')).toBe(
      true,
    );
  });

  it('INSUFFICIENT_ACCESS_OR_READONLY on a SOAP call is the same kind of partial read', async () => {
    const body = soapFaultBody(
      'sf:INSUFFICIENT_ACCESS_OR_READONLY',
      'INSUFFICIENT_ACCESS_OR_READONLY: insufficient access rights on object id',
    );
    const { inventory } = await scan(orgData(), (fake) =>
      fake.fail({ match: /listMetadata/, status: 500, body, contentType: 'text/xml;charset=UTF-8' }),
    );
    expect(inventory.sources[0].status).toBe('partial');
    expect(finding(inventory, 'SALESFORCE_OBJECT_UNREADABLE')?.message).toMatch(
      /InboundCertificate.*INSUFFICIENT_ACCESS_OR_READONLY/,
    );
  });

  it('REQUEST_LIMIT_EXCEEDED stops the org: failed, SALESFORCE_API_LIMIT', async () => {
    const body = JSON.stringify([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    const { inventory, fake } = await scan(orgData(), (f) => f.fail({ match: /./, status: 403, body }));
    expect(fake.requestCount).toBe(1);
    expect(inventory.sources[0]).toMatchObject({ status: 'failed', requests: 1 });
    expect(finding(inventory, 'SALESFORCE_API_LIMIT')?.message).toMatch(/API request limit is exhausted/);
  });

  it('retries a 503 with the injected backoff and then succeeds', async () => {
    const { inventory, backoffs, fake } = await scan(orgData(), (f) =>
      f.fail({
        match: /Certificate$/,
        status: 503,
        body: 'Service Unavailable',
        contentType: 'text/html',
        times: 2,
      }),
    );
    expect(backoffs).toEqual([1, 2]);
    expect(inventory.sources[0].status).toBe('ok');
    expect(fake.requests.filter((r) => r.operation === 'Certificate')).toHaveLength(3);
    expect(inventory.sources[0].requests).toBe(fake.requestCount);
  });

  it('gives up on a persistent 5xx after the configured retries, and says so', async () => {
    const { inventory, fake } = await scan(
      orgData(),
      (f) =>
        f.fail({
          match: /ApexClass/,
          status: 500,
          body: JSON.stringify([{ message: 'An unexpected error occurred', errorCode: 'UNKNOWN_EXCEPTION' }]),
        }),
      { retries: 1 },
    );
    expect(fake.requests.filter((r) => r.operation === 'ApexClass')).toHaveLength(2);
    expect(inventory.sources[0].status).toBe('partial');
    expect(finding(inventory, 'SALESFORCE_READ_FAILED')?.message).toMatch(
      /ApexClass.*gave up after 2 attempts/,
    );
  });

  it('a read that never answers times out instead of hanging the scan', async () => {
    const { inventory } = await scan(
      orgData(),
      (f) => f.fail({ match: /NamedCredential/, status: 200, body: '{}', delayMs: 2000 }),
      { timeoutMs: 300, retries: 0 },
    );
    expect(inventory.sources[0].status).toBe('partial');
    expect(finding(inventory, 'SALESFORCE_READ_FAILED')?.message).toMatch(
      /NamedCredential: no answer within 300 ms/,
    );
  });

  it('an org without the InboundCertificate type is info, not an error', async () => {
    const { inventory } = await scan(orgData({ inboundCertificates: null }), () => {});
    expect(inventory.sources[0].status).toBe('ok');
    expect(finding(inventory, 'SALESFORCE_MUTUAL_AUTH_DISABLED')).toMatchObject({ severity: 'info' });
    expect(inventory.certificates.filter((c) => c.kind === 'mutual-auth')).toHaveLength(0);
  });

  it('a failed retrieve falls back to ExpirationDate and says so', async () => {
    const fake = await new FakeSalesforce({ data: orgData(), retrieveFails: true }).start();
    try {
      const inventory = await createSalesforceSource({
        org,
        credentials: { kind: 'session', instanceUrl: fake.url, accessToken: fake.accessToken },
        backoffMs: () => 0,
        retrievePollMs: 0,
      }).collect(NOW);
      expect(inventory.sources[0].status).toBe('partial');
      const acme = inventory.certificates.find((c) => c.id === 'salesforce:acme-prod:Acme_Client');
      expect(acme).toMatchObject({
        expiryPrecision: 'day',
        notAfter: '2027-03-01T00:00:00Z',
        attributes: expect.objectContaining({ expiryFrom: 'ExpirationDate' }),
      });
      expect(finding(inventory, 'SALESFORCE_EXPIRY_DATE_ONLY')).toMatchObject({
        severity: 'warning',
        subject: 'org:acme-prod',
      });
      expect(finding(inventory, 'SALESFORCE_READ_FAILED')?.message).toMatch(
        /retrieve Failed.*UNKNOWN_EXCEPTION|retrieve Failed/,
      );
    } finally {
      await fake.stop();
    }
  });

  it('a retrieve zip that fails its CRC check is refused, and the scan goes on without it', async () => {
    const fake = await new FakeSalesforce({
      data: orgData(),
      tamperZip: (zip) => {
        const out = Buffer.from(zip);
        out.writeUInt32LE(0xdeadbeef, out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 16);
        return out;
      },
    }).start();
    try {
      const inventory = await createSalesforceSource({
        org,
        credentials: { kind: 'session', instanceUrl: fake.url, accessToken: fake.accessToken },
        backoffMs: () => 0,
        retrievePollMs: 0,
      }).collect(NOW);
      expect(inventory.sources[0].status).toBe('partial');
      expect(finding(inventory, 'SALESFORCE_READ_FAILED')?.message).toMatch(/fails its CRC-32 check/);
      expect(
        inventory.certificates.find((c) => c.id === 'salesforce:acme-prod:Acme_Client')?.expiryPrecision,
      ).toBe('day');
    } finally {
      await fake.stop();
    }
  });

  it('one org failing does not stop another', async () => {
    const good = await new FakeSalesforce({ data: orgData() }).start();
    const bad = await new FakeSalesforce({ data: orgData() }).start();
    try {
      const inventory = await collectInventory(
        [
          createSalesforceSource({
            org,
            credentials: { kind: 'session', instanceUrl: good.url, accessToken: good.accessToken },
            retrievePollMs: 0,
          }),
          createSalesforceSource({
            org: { ...org, name: 'broken' },
            credentials: { kind: 'session', instanceUrl: bad.url, accessToken: 'wrong-token-value-123' },
            retrievePollMs: 0,
          }),
        ],
        NOW,
      );
      const statuses = Object.fromEntries(inventory.sources.map((s) => [s.name, s.status]));
      expect(statuses).toEqual({ 'salesforce:acme-prod': 'ok', 'salesforce:broken': 'failed' });
      expect(inventory.certificates.filter((c) => c.org === 'acme-prod').length).toBeGreaterThan(0);
    } finally {
      await good.stop();
      await bad.stop();
    }
  });
});

describe('Salesforce collector cost', () => {
  it('costs the same few requests for 5 or 3,000 certificates (plus one page per 2,000 rows)', async () => {
    const small = await scan(orgData({ certificates: manyCertificates(5) }), () => {});
    const large = await scan(orgData({ certificates: manyCertificates(3000) }), () => {});
    expect(small.inventory.certificates.filter((c) => c.kind === 'org-certificate')).toHaveLength(5);
    expect(large.inventory.certificates.filter((c) => c.kind === 'org-certificate')).toHaveLength(3000);
    expect(small.inventory.sources[0].requests).toBe(12);
    expect(large.inventory.sources[0].requests).toBe(13);
    expect(large.fake.requests.filter((r) => r.operation === 'queryMore')).toHaveLength(1);
    expect(large.inventory.sources[0].requests).toBe(large.fake.requestCount);
  });
});
