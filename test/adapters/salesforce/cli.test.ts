/** CLI wiring: flags make one ad-hoc org, configured orgs find their credentials locally. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, UsageError } from '../../../bin/cli/command';
import { salesforceFlags, salesforceSources } from '../../../bin/cli/sources/salesforce';
import { collectInventory } from '../../../lambdas/core/collect';
import type { OrgConfig } from '../../../lambdas/core/config';
import { FakeSalesforce } from '../../helpers/fake-salesforce';
import { startFakeSecretsManager } from '../../helpers/fake-secrets-manager';
import { NOW, orgData } from './org-fixture';

function io(env: NodeJS.ProcessEnv = {}, cwd = '/nowhere'): CliIo {
  return { stdout: () => {}, stderr: () => {}, isTty: false, env, cwd };
}

describe('salesforce CLI sources', () => {
  it('declares every flag as a string option', () => {
    expect(Object.keys(salesforceFlags).sort()).toEqual(
      [
        'access-token',
        'api-version',
        'client-id',
        'instance-url',
        'key-file',
        'login-url',
        'org-name',
        'username',
      ].map((f) => `salesforce-${f}`),
    );
  });

  it('no Salesforce flags and no orgs means no sources', async () => {
    expect(await salesforceSources({}, [], io())).toEqual([]);
  });

  it('a session from flags (token from SF_ACCESS_TOKEN) scans the org it names', async () => {
    const fake = await new FakeSalesforce({ data: orgData() }).start();
    try {
      const [source] = await salesforceSources(
        { 'salesforce-instance-url': fake.url, 'salesforce-org-name': 'adhoc' },
        [],
        io({ SF_ACCESS_TOKEN: fake.accessToken }),
      );
      expect(source.name).toBe('salesforce:adhoc');
      const inventory = await source.collect(NOW);
      expect(inventory.sources[0].status).toBe('ok');
    } finally {
      await fake.stop();
    }
  });

  it('names the missing flag', async () => {
    await expect(
      salesforceSources({ 'salesforce-instance-url': 'https://acme.my.salesforce.com' }, [], io()),
    ).rejects.toThrow(
      new UsageError('--salesforce-access-token is required for a session (or set SF_ACCESS_TOKEN)'),
    );
    await expect(
      salesforceSources({ 'salesforce-client-id': 'x', 'salesforce-username': 'u' }, [], io()),
    ).rejects.toThrow(/--salesforce-key-file is required/);
    await expect(
      salesforceSources({ 'salesforce-instance-url': 'not a url', 'salesforce-access-token': 't' }, [], io()),
    ).rejects.toThrow(/--salesforce-instance-url/);
    await expect(
      salesforceSources(
        { 'salesforce-instance-url': 'https://a.my.salesforce.com', 'salesforce-client-id': 'x' },
        [],
        io({ SF_ACCESS_TOKEN: 't' }),
      ),
    ).rejects.toThrow(/not both/);
  });

  it('reads a configured key file relative to the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-cli-'));
    writeFileSync(join(dir, 'server.key'), 'pem');
    const auth = { type: 'jwt' as const, clientId: 'c', username: 'u', privateKeyFile: 'server.key' };
    const org: OrgConfig = { name: 'prod', auth };
    const sources = await salesforceSources({}, [org], io({}, dir));
    expect(sources.map((s) => s.name)).toEqual(['salesforce:prod']);
    const [missing] = await salesforceSources(
      {},
      [{ ...org, auth: { ...auth, privateKeyFile: 'missing.key' } }],
      io({}, dir),
    );
    await expect(missing.collect(NOW)).rejects.toThrow(
      /orgs\[0\] \(prod\)\.auth\.privateKeyFile: cannot read the private key file missing\.key \(ENOENT\)/,
    );
  });

  it("fails one org's source for a missing credential, naming the field, and scans the others", async () => {
    const fake = await new FakeSalesforce({ data: orgData() }).start();
    try {
      const orgs: OrgConfig[] = [
        { name: 'uat', instanceUrl: fake.url, auth: { type: 'session', accessTokenEnv: 'UAT_TOKEN' } },
        { name: 'prod', instanceUrl: fake.url, auth: { type: 'session', accessTokenEnv: 'PROD_TOKEN' } },
      ];
      const inventory = await collectInventory(
        await salesforceSources({}, orgs, io({ PROD_TOKEN: fake.accessToken })),
        NOW,
      );
      expect(inventory.sources.map((s) => [s.name, s.status])).toEqual([
        ['salesforce:uat', 'failed'],
        ['salesforce:prod', 'ok'],
      ]);
      expect(inventory.sources[0].error).toMatch(
        /orgs\[0\] \(uat\)\.auth\.accessTokenEnv: environment variable UAT_TOKEN is not set/,
      );
      expect(inventory.certificates.length).toBeGreaterThan(0);
    } finally {
      await fake.stop();
    }
  });

  it('reads a credential from the Secrets Manager secret the deployed stack uses: one configuration for both', async () => {
    const fake = await new FakeSalesforce({ data: orgData() }).start();
    const secrets = await startFakeSecretsManager([
      { name: 'cert-sentinel/prod-token', secretString: fake.accessToken },
    ]);
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
      AWS_SECRET_ACCESS_KEY: 'local-test-only',
    });
    try {
      const org: OrgConfig = {
        name: 'prod',
        instanceUrl: fake.url,
        auth: { type: 'session', accessTokenSecret: secrets.arnOf('cert-sentinel/prod-token') },
      };
      const [source] = await salesforceSources({}, [org], io());
      const inventory = await source.collect(NOW);
      expect(inventory.sources[0].status).toBe('ok');
      expect(secrets.count('GetSecretValue')).toBe(1);
      const missing = await salesforceSources(
        {},
        [{ ...org, auth: { type: 'session', accessTokenSecret: secrets.arnOf('no-such-secret') } }],
        io(),
      );
      await expect(missing[0].collect(NOW)).rejects.toThrow(
        /orgs\[0\] \(prod\)\.auth\.accessTokenSecret: cannot read secret .*no-such-secret/,
      );
    } finally {
      process.env = saved;
      await secrets.close();
      await fake.stop();
    }
  });
});
