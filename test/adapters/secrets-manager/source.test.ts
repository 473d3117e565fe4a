import {
  BatchGetSecretValueCommand,
  ListSecretsCommand,
  type SecretListEntry,
  SecretsManagerClient,
  type SecretValueEntry,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  createSecretsManagerSource,
  listFilters,
  matchesSelector,
  secretsSourcesFor,
} from '../../../lambdas/adapters/secrets-manager/source';
import type { Inventory } from '../../../lambdas/core/model';
import { secretsSourceName } from '../../../lambdas/core/source-names';
import {
  clientCert,
  expectNoSecrets,
  JKS_PASSWORD,
  jksKeystore,
  NOW,
  PASSWORD,
  partnerCa,
  pkcs12EmptyPassword,
  pkcs12Legacy,
  pkcs12WithPassword,
  REGION,
} from './fixtures';

process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
process.env.AWS_REGION = REGION;

const sm = mockClient(SecretsManagerClient);
const arn = (name: string) => `arn:aws:secretsmanager:${REGION}:111122223333:secret:${name}-AbCdEf`;
const selector = { tag: { key: 'cert-sentinel', value: 'partner' } };
const SOURCE = 'secrets:eu-west-1/tag:cert-sentinel=partner';
const tagged = (name: string, extra: Record<string, string> = {}): SecretListEntry => ({
  ARN: arn(name),
  Name: name,
  Tags: Object.entries({ 'cert-sentinel': 'partner', ...extra }).map(([Key, Value]) => ({ Key, Value })),
});

/** Serves ListSecrets from `entries` and BatchGetSecretValue from `values` (by ARN). */
function serve(entries: SecretListEntry[], values: Record<string, Omit<SecretValueEntry, 'ARN' | 'Name'>>) {
  sm.on(ListSecretsCommand).resolves({ SecretList: entries });
  sm.on(BatchGetSecretValueCommand).callsFake((input: { SecretIdList: string[] }) => ({
    SecretValues: input.SecretIdList.filter((id) => values[id]).map((id) => ({
      ARN: id,
      Name: entries.find((e) => e.ARN === id)?.Name,
      ...values[id],
    })),
    Errors: input.SecretIdList.filter((id) => !values[id]).map((id) => ({
      SecretId: id,
      ErrorCode: 'AccessDeniedException',
      Message: `User is not authorized to perform: secretsmanager:GetSecretValue on resource: ${id}`,
    })),
  }));
}

async function collect(entries: SecretListEntry[], values: Parameters<typeof serve>[1]): Promise<Inventory> {
  serve(entries, values);
  const source = createSecretsManagerSource({
    selector,
    region: REGION,
    client: new SecretsManagerClient({}),
  });
  return source.collect(NOW);
}

beforeEach(() => sm.reset());

describe('selection', () => {
  it('asks the service to filter by tag and prefix', () => {
    expect(listFilters({ tag: { key: 'k', value: 'v' }, prefix: 'partner/' })).toEqual([
      { Key: 'tag-key', Values: ['k'] },
      { Key: 'tag-value', Values: ['v'] },
      { Key: 'name', Values: ['partner/'] },
    ]);
  });

  it('keeps only exact tag pairs and case-sensitive prefixes (the service filters match prefixes, unpaired)', () => {
    const s = { tag: { key: 'team', value: 'erp' }, prefix: 'partner/' };
    expect(matchesSelector(s, { name: 'partner/a', tags: { team: 'erp' } })).toBe(true);
    expect(matchesSelector(s, { name: 'partner/a', tags: { team: 'erp-old' } })).toBe(false);
    expect(matchesSelector(s, { name: 'partner/a', tags: { team: 'x', other: 'erp' } })).toBe(false);
    expect(matchesSelector(s, { name: 'Partner/a', tags: { team: 'erp' } })).toBe(false);
  });

  it('drops listed secrets whose tag value only shares a prefix', async () => {
    const entries = [tagged('a'), { ...tagged('b'), Tags: [{ Key: 'cert-sentinel', Value: 'partner-old' }] }];
    const inventory = await collect(entries, { [arn('a')]: { SecretString: clientCert.certPem } });
    expect(inventory.certificates.map((c) => c.name)).toEqual(['a']);
    expect(sm).toHaveReceivedCommandWith(BatchGetSecretValueCommand, { SecretIdList: [arn('a')] });
  });

  it('names the source by region, account (through a role) and selector', () => {
    expect(secretsSourceName({ prefix: 'p/' }, 'eu-west-1')).toBe('secrets:eu-west-1/prefix:p/');
    expect(
      secretsSourceName(
        { tag: { key: 'team', value: 'erp' }, roleArn: 'arn:aws:iam::444455556666:role/reader' },
        'us-east-1',
      ),
    ).toBe('secrets:us-east-1:444455556666/tag:team=erp');
    const sources = secretsSourcesFor({ prefix: 'p/', regions: ['eu-west-1', 'us-east-1'] }, 'eu-central-1');
    expect(sources.map((s) => s.name)).toEqual([
      'secrets:eu-west-1/prefix:p/',
      'secrets:us-east-1/prefix:p/',
    ]);
    expect(secretsSourcesFor({ prefix: 'p/' }, 'eu-central-1').map((s) => s.name)).toEqual([
      'secrets:eu-central-1/prefix:p/',
    ]);
  });

  it('two selectors in one region are two sources; a secret both pick is one certificate id', async () => {
    const client = new SecretsManagerClient({ region: 'eu-west-1' });
    const a = createSecretsManagerSource({ selector: { prefix: 'partner/' }, region: 'eu-west-1', client });
    const b = createSecretsManagerSource({
      selector: { tag: { key: 'cert-sentinel', value: 'partner' } },
      region: 'eu-west-1',
      client,
    });
    expect(a.name).not.toBe(b.name);
    expect([a.name, b.name]).toEqual([
      'secrets:eu-west-1/prefix:partner/',
      'secrets:eu-west-1/tag:cert-sentinel=partner',
    ]);
  });
});

describe('request economy', () => {
  it('reads 45 secrets over 2 list pages with 3 batch calls: requests = pages + ceil(45/20)', async () => {
    const names = Array.from({ length: 45 }, (_, i) => `partner/s${String(i).padStart(2, '0')}`);
    sm.on(ListSecretsCommand)
      .resolvesOnce({ SecretList: names.slice(0, 30).map((n) => tagged(n)), NextToken: 'page-2' })
      .resolvesOnce({ SecretList: names.slice(30).map((n) => tagged(n)) });
    sm.on(BatchGetSecretValueCommand).callsFake((input: { SecretIdList: string[] }) => ({
      SecretValues: input.SecretIdList.map((id) => ({
        ARN: id,
        Name: id.split(':secret:')[1].slice(0, -7),
        SecretString: clientCert.certPem,
      })),
    }));
    const source = createSecretsManagerSource({
      selector,
      region: REGION,
      client: new SecretsManagerClient({}),
    });
    const inventory = await source.collect(NOW);

    expect(sm).toHaveReceivedCommandTimes(ListSecretsCommand, 2);
    expect(sm.commandCalls(ListSecretsCommand)[1].args[0].input).toMatchObject({
      NextToken: 'page-2',
      MaxResults: 100,
    });
    expect(sm).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, 3);
    const sizes = sm
      .commandCalls(BatchGetSecretValueCommand)
      .map((c) => c.args[0].input.SecretIdList?.length);
    expect(sizes).toEqual([20, 20, 5]);
    expect(inventory.certificates).toHaveLength(45);
    expect(inventory.sources).toEqual([
      {
        name: SOURCE,
        kind: 'secrets-manager',
        status: 'ok',
        certificates: 45,
        requests: 5,
        error: undefined,
      },
    ]);
  });

  it('makes no batch call when nothing is selected', async () => {
    const inventory = await collect([], {});
    expect(sm).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, 0);
    expect(inventory.sources[0]).toMatchObject({ status: 'ok', certificates: 0, requests: 1 });
  });
});

describe('records and graph', () => {
  it('reads extra recipients from the cert-sentinel:notify tag, keeping only e-mail addresses', async () => {
    const inventory = await collect(
      [
        tagged('partner/notify', {
          'cert-sentinel:notify': 'desk@partner.example, Oncall@Partner.example;not-an-address',
        }),
      ],
      { [arn('partner/notify')]: { SecretString: JSON.stringify({ certificate: clientCert.certPem }) } },
    );
    expect(inventory.certificates[0].owners.notify).toEqual([
      'desk@partner.example',
      'Oncall@Partner.example',
    ]);
    expect(JSON.stringify(inventory.findings)).toContain('not an e-mail address: not-an-address');
  });

  it('emits a partner-client record with metadata, ids and edges', async () => {
    const inventory = await collect(
      [
        tagged('partner/erp', {
          'cert-sentinel:owner': 'tag-owner',
          'cert-sentinel:partner-owner': 'ops@partner.example',
        }),
      ],
      {
        [arn('partner/erp')]: {
          SecretString: JSON.stringify({
            certificate: clientCert.certPem,
            chain: partnerCa.certPem,
            privateKey: clientCert.keyPem,
            org: 'acme-prod',
            integrationUser: 'erp@acme.example',
            externalSystem: 'ERP',
            owner: 'json-owner',
            probeEndpoint: 'erp.partner.example:8443',
            publiclyTrusted: false,
          }),
        },
      },
    );
    const [record] = inventory.certificates;
    expect(record).toMatchObject({
      id: 'secrets:eu-west-1:partner/erp',
      source: SOURCE,
      name: 'partner/erp',
      kind: 'partner-client',
      org: 'acme-prod',
      integrationUser: 'erp@acme.example',
      externalSystem: 'ERP',
      owners: { owner: 'json-owner', partnerOwner: 'ops@partner.example' },
      publiclyTrusted: false,
      expiryPrecision: 'second',
      attributes: {
        secretArn: arn('partner/erp'),
        probeEndpoint: 'erp.partner.example:8443',
        secretFormat: 'json-pem',
      },
    });
    expect(record.info?.subject).toContain('erp-client.partner.example');
    expect(record.chain?.[0].subject).toContain('Partner Issuing CA');
    expect(new Date(record.notAfter).getTime()).toBe(clientCert.forgeCert.validity.notAfter.getTime());
    const secretNode = 'partner-secret:eu-west-1:partner/erp';
    expect(inventory.nodes.map((n) => n.id).sort()).toEqual(
      [secretNode, 'external-system:ERP', 'owner:json-owner', 'owner:ops@partner.example'].sort(),
    );
    expect(inventory.edges).toEqual(
      expect.arrayContaining([
        { from: secretNode, to: record.id, kind: 'client-certificate' },
        { from: secretNode, to: 'external-system:ERP', kind: 'connects-to' },
        { from: secretNode, to: 'owner:json-owner', kind: 'owned-by', attributes: { side: 'ours' } },
        {
          from: secretNode,
          to: 'owner:ops@partner.example',
          kind: 'owned-by',
          attributes: { side: 'partner' },
        },
      ]),
    );
    expectNoSecrets(inventory);
  });

  it('reads metadata from tags when the value is plain PEM', async () => {
    const inventory = await collect(
      [
        tagged('partner/pem', {
          'cert-sentinel:org': 'acme-uat',
          'cert-sentinel:external-system': 'Billing',
          'cert-sentinel:integration-user': 'billing@acme.example',
          'cert-sentinel:probe-endpoint': 'billing.partner.example:8443',
          'cert-sentinel:publicly-trusted': 'true',
        }),
      ],
      { [arn('partner/pem')]: { SecretString: `${clientCert.certPem}${clientCert.keyPem}` } },
    );
    expect(inventory.certificates[0]).toMatchObject({
      org: 'acme-uat',
      externalSystem: 'Billing',
      integrationUser: 'billing@acme.example',
      publiclyTrusted: true,
      attributes: { probeEndpoint: 'billing.partner.example:8443', secretFormat: 'pem' },
    });
    expectNoSecrets(inventory);
  });
});

describe('every format, and what goes wrong', () => {
  const cases: Array<[string, Omit<SecretValueEntry, 'ARN' | 'Name'>, string | null]> = [
    [
      'pem chain + key',
      { SecretString: `${clientCert.certPem}${partnerCa.certPem}${clientCert.keyPem}` },
      'erp-client',
    ],
    [
      'json pkcs12 + password',
      { SecretString: JSON.stringify({ pkcs12: pkcs12WithPassword.toString('base64'), password: PASSWORD }) },
      'erp-client',
    ],
    [
      'json legacy 3DES pkcs12',
      { SecretString: JSON.stringify({ pkcs12: pkcs12Legacy.toString('base64'), password: PASSWORD }) },
      'erp-client',
    ],
    [
      'json jks + password',
      { SecretString: JSON.stringify({ jks: jksKeystore.toString('base64'), password: JKS_PASSWORD }) },
      'jks-client.partner',
    ],
    ['binary DER', { SecretBinary: clientCert.der }, 'erp-client'],
    ['binary pkcs12, empty password', { SecretBinary: pkcs12EmptyPassword }, 'erp-client'],
    ['binary PEM', { SecretBinary: Buffer.from(clientCert.certPem) }, 'erp-client'],
  ];
  it.each(cases)('reads %s', async (_label, value, subject) => {
    const inventory = await collect([tagged('s')], { [arn('s')]: value });
    expect(inventory.findings).toEqual([]);
    expect(inventory.certificates[0].info?.subject).toContain(subject);
    expectNoSecrets(inventory);
  });

  const problems: Array<[string, Omit<SecretValueEntry, 'ARN' | 'Name'>, string, RegExp]> = [
    [
      'a wrong pkcs12 password',
      {
        SecretString: JSON.stringify({
          pkcs12: pkcs12WithPassword.toString('base64'),
          password: 'nope-wrong',
        }),
      },
      'SECRET_WRONG_PASSWORD',
      /password/,
    ],
    [
      'a binary pkcs12 with a password',
      { SecretBinary: pkcs12WithPassword },
      'SECRET_WRONG_PASSWORD',
      /password/,
    ],
    [
      'a wrong jks password',
      { SecretString: JSON.stringify({ jks: jksKeystore.toString('base64'), password: 'nope-wrong' }) },
      'SECRET_WRONG_PASSWORD',
      /password/,
    ],
    [
      'a database password',
      { SecretString: JSON.stringify({ username: 'app', password: PASSWORD }) },
      'SECRET_NO_CERTIFICATE',
      /no certificate/,
    ],
    ['a plain token', { SecretString: `token-${PASSWORD}` }, 'SECRET_NO_CERTIFICATE', /neither PEM nor/],
    [
      'a key without its certificate',
      { SecretString: clientCert.keyPem },
      'SECRET_NO_CERTIFICATE',
      /no certificate/,
    ],
    ['broken JSON', { SecretString: `{"password": "${PASSWORD}", ` }, 'SECRET_MALFORMED', /not valid JSON/],
    [
      'a corrupt PEM certificate',
      { SecretString: clientCert.certPem.replace(/(BEGIN CERTIFICATE-----\r?\n)[\s\S]{300}/, '$1') },
      'SECRET_MALFORMED',
      /cannot be read/,
    ],
    [
      'pkcs12 that is not base64',
      { SecretString: JSON.stringify({ pkcs12: '%%%', password: PASSWORD }) },
      'SECRET_MALFORMED',
      /not base64/,
    ],
    [
      'random binary',
      { SecretBinary: Buffer.from([1, 2, 3, 4, 5]) },
      'SECRET_NO_CERTIFICATE',
      /not PEM, DER/,
    ],
  ];
  it.each(problems)(
    'reports %s as a finding naming the secret, never the value',
    async (_l, value, code, reason) => {
      const inventory = await collect([tagged('partner/bad')], { [arn('partner/bad')]: value });
      expect(inventory.certificates).toEqual([]);
      expect(inventory.findings).toHaveLength(1);
      expect(inventory.findings[0]).toMatchObject({
        code,
        subject: 'partner/bad',
        source: SOURCE,
      });
      expect(inventory.findings[0].message).toContain(arn('partner/bad'));
      expect(inventory.findings[0].message).toMatch(reason);
      expect(inventory.sources[0].status).toBe('ok');
      expectNoSecrets(inventory, [String(value.SecretString ?? '').slice(0, 24), 'nope-wrong']);
    },
  );

  it('turns BatchGetSecretValue Errors[] into SECRET_UNREADABLE and a partial source', async () => {
    const inventory = await collect([tagged('ok'), tagged('denied')], {
      [arn('ok')]: { SecretString: clientCert.certPem },
    });
    expect(inventory.certificates.map((c) => c.name)).toEqual(['ok']);
    expect(inventory.findings).toEqual([
      expect.objectContaining({ code: 'SECRET_UNREADABLE', subject: 'denied', severity: 'critical' }),
    ]);
    expect(inventory.findings[0].message).toContain('AccessDeniedException');
    expect(inventory.sources[0]).toMatchObject({
      status: 'partial',
      error: '1 of 2 selected secrets could not be read',
    });
  });

  it('marks the source failed when ListSecrets is denied, naming the error', async () => {
    sm.on(ListSecretsCommand).rejects(
      Object.assign(new Error('not authorized to perform: secretsmanager:ListSecrets'), {
        name: 'AccessDeniedException',
      }),
    );
    const source = createSecretsManagerSource({
      selector,
      region: REGION,
      client: new SecretsManagerClient({}),
    });
    const inventory = await source.collect(NOW);
    expect(inventory.sources[0]).toMatchObject({ status: 'failed', certificates: 0 });
    expect(inventory.sources[0].error).toMatch(/^ListSecrets failed: AccessDeniedException/);
  });

  it('marks every secret of a failed batch call unreadable', async () => {
    sm.on(ListSecretsCommand).resolves({ SecretList: [tagged('a'), tagged('b')] });
    sm.on(BatchGetSecretValueCommand).rejects(
      Object.assign(new Error('throttled'), { name: 'ThrottlingException' }),
    );
    const source = createSecretsManagerSource({
      selector,
      region: REGION,
      client: new SecretsManagerClient({}),
    });
    const inventory = await source.collect(NOW);
    expect(inventory.findings.map((f) => [f.code, f.subject])).toEqual([
      ['SECRET_UNREADABLE', 'a'],
      ['SECRET_UNREADABLE', 'b'],
    ]);
    expect(inventory.sources[0].status).toBe('failed');
  });

  it('keeps the certificate and notes unusable metadata', async () => {
    const inventory = await collect(
      [tagged('m', { 'cert-sentinel:probe-endpoint': 'erp.partner.example:http' })],
      {
        [arn('m')]: {
          SecretString: JSON.stringify({ certificate: clientCert.certPem, publiclyTrusted: 'maybe' }),
        },
      },
    );
    expect(inventory.certificates).toHaveLength(1);
    expect(inventory.certificates[0].attributes?.probeEndpoint).toBeUndefined();
    expect(inventory.findings.map((f) => [f.code, f.severity])).toEqual([
      ['SECRET_MALFORMED', 'info'],
      ['SECRET_MALFORMED', 'info'],
    ]);
  });
});
