/**
 * The JWT bearer flow through jsforce against the fake token endpoint, and the promise that no
 * credential ends up in anything the scan writes.
 */
import { generateKeyPairSync } from 'node:crypto';
import { jwtAudience, loadPrivateKey, signJwtAssertion } from '../../../lambdas/adapters/salesforce/auth';
import { createSalesforceSource } from '../../../lambdas/adapters/salesforce/source';
import type { OrgConfig } from '../../../lambdas/core/config';
import { FakeSalesforce } from '../../helpers/fake-salesforce';
import { makeCertificate } from '../../helpers/pki';
import { NOW, orgData } from './org-fixture';

const connectedApp = makeCertificate({
  commonName: 'cert-sentinel-connected-app',
  notBefore: new Date('2026-01-01T00:00:00Z'),
  notAfter: new Date('2028-01-01T00:00:00Z'),
  keySlot: 'sf-jwt-auth',
});
const CLIENT_ID = '3MVG9FAKEconsumerKeyForTests';
const USERNAME = 'scanner@acme.example';

function jwtOrg(loginUrl: string, username = USERNAME): OrgConfig {
  return { name: 'acme-jwt', loginUrl, auth: { type: 'jwt', clientId: CLIENT_ID, username } };
}

async function withFake<T>(run: (fake: FakeSalesforce) => Promise<T>): Promise<T> {
  const fake = await new FakeSalesforce({
    data: orgData(),
    jwt: { clientId: CLIENT_ID, username: USERNAME, certificatePem: connectedApp.certPem },
  }).start();
  try {
    return await run(fake);
  } finally {
    await fake.stop();
  }
}

/** Everything a scan writes, as one string, to look for leaked secrets in. */
const everything = (value: unknown, logs: string[]) => `${JSON.stringify(value)}\n${logs.join('\n')}`;

const keyBody = (pem: string) =>
  pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .slice(1, 3)
    .join('');

describe('JWT bearer authentication', () => {
  it('signs an RS256 assertion Salesforce accepts, then scans with the issued session', async () => {
    await withFake(async (fake) => {
      const logs: string[] = [];
      const inventory = await createSalesforceSource({
        org: jwtOrg(fake.url),
        credentials: { kind: 'jwt', privateKeyPem: connectedApp.keyPem },
        retrievePollMs: 0,
        log: (l) => logs.push(l),
      }).collect(NOW);
      expect(inventory.sources[0]).toMatchObject({
        name: 'salesforce:acme-jwt',
        status: 'ok',
        requests: fake.requestCount,
      });
      expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/services/oauth2/token' });
      // One token request on top of the session scan's 12.
      expect(fake.requestCount).toBe(13);
      const [assertion] = fake.assertionsSeen;
      const claims = JSON.parse(Buffer.from(assertion.split('.')[1], 'base64url').toString('utf8'));
      expect(claims).toEqual({
        iss: CLIENT_ID,
        sub: USERNAME,
        aud: 'https://login.salesforce.com',
        exp: NOW.getTime() / 1000 + 180,
      });
      const out = everything(inventory, logs);
      expect(out).not.toContain(assertion);
      expect(out).not.toContain(fake.accessToken);
      expect(out).not.toContain(keyBody(connectedApp.keyPem));
    });
  });

  it('a refused grant (invalid_grant) fails the org with a hint, and leaks nothing', async () => {
    await withFake(async (fake) => {
      const logs: string[] = [];
      const inventory = await createSalesforceSource({
        org: jwtOrg(fake.url, 'someone-else@acme.example'),
        credentials: { kind: 'jwt', privateKeyPem: connectedApp.keyPem },
        log: (l) => logs.push(l),
      }).collect(NOW);
      expect(fake.requestCount).toBe(1);
      expect(inventory.sources[0]).toMatchObject({ status: 'failed', requests: 1, certificates: 0 });
      expect(inventory.sources[0].error).toMatch(/invalid_grant.*approved this consumer.*pre-authorized/);
      expect(inventory.findings.map((f) => f.code)).toEqual(['SALESFORCE_AUTH_FAILED']);
      const out = everything(inventory, logs);
      for (const assertion of fake.assertionsSeen) expect(out).not.toContain(assertion);
      expect(out).not.toContain(keyBody(connectedApp.keyPem));
    });
  });

  it('a private key that does not match the uploaded certificate is refused', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await withFake(async (fake) => {
      const inventory = await createSalesforceSource({
        org: jwtOrg(fake.url),
        credentials: { kind: 'jwt', privateKeyPem: other },
      }).collect(NOW);
      expect(inventory.sources[0].status).toBe('failed');
      expect(inventory.sources[0].error).toMatch(/invalid_grant: invalid assertion/);
      expect(JSON.stringify(inventory)).not.toContain(keyBody(other));
    });
  });

  it('an unreadable private key fails without a request and without echoing the key', async () => {
    await withFake(async (fake) => {
      const garbage =
        '-----BEGIN PRIVATE KEY-----\nTm90QUtleUF0QWxsQnV0TG9uZ0Vub3VnaFRvU3BvdA==\n-----END PRIVATE KEY-----\n';
      const inventory = await createSalesforceSource({
        org: jwtOrg(fake.url),
        credentials: { kind: 'jwt', privateKeyPem: garbage },
      }).collect(NOW);
      expect(fake.requestCount).toBe(0);
      expect(inventory.sources[0]).toMatchObject({ status: 'failed', requests: 0 });
      expect(inventory.sources[0].error).toMatch(/not a readable PEM private key/);
      expect(JSON.stringify(inventory)).not.toContain('Tm90QUtleUF0');
    });
  });

  it('picks the audience Salesforce expects for production, sandbox and My Domain logins', () => {
    expect(jwtAudience('https://login.salesforce.com')).toBe('https://login.salesforce.com');
    expect(jwtAudience('https://test.salesforce.com')).toBe('https://test.salesforce.com');
    expect(jwtAudience('https://acme--uat.sandbox.my.salesforce.com')).toBe('https://test.salesforce.com');
    expect(jwtAudience('https://acme.my.salesforce.com')).toBe('https://login.salesforce.com');
  });

  it('the assertion expires 3 minutes after the injected clock', () => {
    const jwt = signJwtAssertion({
      clientId: 'c',
      username: 'u',
      audience: 'a',
      privateKey: loadPrivateKey(connectedApp.keyPem),
      now: NOW,
    });
    const [header, claims] = jwt
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(claims.exp).toBe(Date.parse('2026-11-23T09:03:00Z') / 1000);
  });
});
