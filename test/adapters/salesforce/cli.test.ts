/** CLI wiring: flags make one ad-hoc org, configured orgs find their credentials locally. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, UsageError } from '../../../bin/cli/command';
import { salesforceFlags, salesforceSources } from '../../../bin/cli/sources/salesforce';
import type { OrgConfig } from '../../../lambdas/core/config';
import { FakeSalesforce } from '../../helpers/fake-salesforce';
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
    await expect(
      salesforceSources({}, [{ ...org, auth: { ...auth, privateKeyFile: 'missing.key' } }], io({}, dir)),
    ).rejects.toThrow(
      /orgs\[0\] \(prod\)\.auth\.privateKeyFile: cannot read the private key file missing\.key \(ENOENT\)/,
    );
  });

  it('names the configuration field when a credential is missing from the environment', async () => {
    const session: OrgConfig = {
      name: 'uat',
      instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com',
      auth: { type: 'session', accessTokenEnv: 'UAT_TOKEN' },
    };
    await expect(salesforceSources({}, [session], io())).rejects.toThrow(
      /orgs\[0\] \(uat\)\.auth\.accessTokenEnv: environment variable UAT_TOKEN is not set/,
    );
    expect(await salesforceSources({}, [session], io({ UAT_TOKEN: 'tok' }))).toHaveLength(1);
    const secretOnly: OrgConfig = {
      name: 'aws',
      auth: { type: 'jwt', clientId: 'c', username: 'u', privateKeySecret: 'arn' },
    };
    await expect(salesforceSources({}, [secretOnly], io())).rejects.toThrow(
      /orgs\[0\] \(aws\)\.auth: the CLI needs privateKeyFile or privateKeyEnv/,
    );
  });
});
