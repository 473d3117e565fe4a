/**
 * The real SecretsManagerClient over HTTP against a local endpoint speaking the JSON protocol:
 * proves the request shapes, the batching and the endpoint override end to end, and that nothing
 * secret reaches any output (inventory, errors, console).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { loadClientCredential } from '../../../lambdas/adapters/secrets-manager/client-credential';
import { createSecretsManagerSource } from '../../../lambdas/adapters/secrets-manager/source';
import { handleSecretChange } from '../../../lambdas/secret-change/handler';
import {
  type FakeSecret,
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../../helpers/fake-secrets-manager';
import {
  clientCert,
  expectNoSecrets,
  NOW,
  PASSWORD,
  partnerCa,
  pkcs12WithPassword,
  REGION,
} from './fixtures';

process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
process.env.AWS_REGION = REGION;

const tags = { 'cert-sentinel': 'partner', 'cert-sentinel:owner': 'integration-team' };
const secrets: FakeSecret[] = [
  ...Array.from({ length: 45 }, (_, i) => ({
    name: `partner/erp-${String(i).padStart(2, '0')}`,
    secretString: JSON.stringify({
      pkcs12: pkcs12WithPassword.toString('base64'),
      password: PASSWORD,
      externalSystem: 'ERP',
    }),
    tags,
  })),
  { name: 'partner/denied', secretString: clientCert.keyPem, tags, denied: true },
  {
    name: 'partner/wrong-password',
    secretString: JSON.stringify({
      pkcs12: pkcs12WithPassword.toString('base64'),
      password: 'not-it-at-all',
    }),
    tags,
  },
  {
    name: 'partner/pem',
    secretString: `${clientCert.certPem}${partnerCa.certPem}${clientCert.keyPem}`,
    tags,
  },
  { name: 'unrelated/db', secretString: JSON.stringify({ password: PASSWORD }), tags: { team: 'db' } },
];

let server: FakeSecretsManager;
let console$: string[];
const spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  server = await startFakeSecretsManager(secrets, { pageSize: 25 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  console$ = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    spies.push(
      jest
        .spyOn(console, method)
        .mockImplementation((...args: unknown[]) => console$.push(args.map(String).join(' '))),
    );
  }
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    console$.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  expectNoSecrets(console$.join('\n'), ['not-it-at-all']);
});

it('scans through AWS_ENDPOINT_URL_SECRETS_MANAGER: 2 list pages + ceil(48/20) = 3 batch reads', async () => {
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = server.url;
  try {
    const source = createSecretsManagerSource({
      selector: { tag: { key: 'cert-sentinel', value: 'partner' } },
      region: REGION,
    });
    const inventory = await source.collect(NOW);

    expect(server.count('ListSecrets')).toBe(2);
    expect(server.count('BatchGetSecretValue')).toBe(3);
    expect(server.count('GetSecretValue')).toBe(0);
    expect(server.requests[0].body.Filters).toEqual([
      { Key: 'tag-key', Values: ['cert-sentinel'] },
      { Key: 'tag-value', Values: ['partner'] },
    ]);
    expect(server.requests[0].authorization).toContain('Credential=test/');
    expect(inventory.certificates).toHaveLength(46);
    expect(inventory.certificates[0]).toMatchObject({
      kind: 'partner-client',
      externalSystem: 'ERP',
      owners: { owner: 'integration-team' },
    });
    expect(inventory.findings.map((f) => [f.code, f.subject]).sort()).toEqual([
      ['SECRET_UNREADABLE', 'partner/denied'],
      ['SECRET_WRONG_PASSWORD', 'partner/wrong-password'],
    ]);
    expect(inventory.sources).toEqual([
      expect.objectContaining({
        name: 'secrets:eu-west-1/tag:cert-sentinel=partner',
        status: 'partial',
        certificates: 46,
        requests: 5,
      }),
    ]);
    expectNoSecrets(inventory, ['not-it-at-all']);
  } finally {
    delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  }
});

it('assumes the selector role with STS and signs with the temporary credentials', async () => {
  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAASSUMED',
      SecretAccessKey: 'temp-secret',
      SessionToken: 'tok',
      Expiration: new Date('2099-01-01T00:00:00Z'),
    },
  });
  const source = createSecretsManagerSource({
    selector: { prefix: 'partner/pem', roleArn: 'arn:aws:iam::444455556666:role/cert-sentinel-reader' },
    region: REGION,
    endpoint: server.url,
  });
  const inventory = await source.collect(NOW);
  expect(source.name).toBe('secrets:eu-west-1:444455556666/prefix:partner/pem');
  expect(inventory.certificates.map((c) => c.id)).toEqual(['secrets:eu-west-1:444455556666:partner/pem']);
  expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
    RoleArn: 'arn:aws:iam::444455556666:role/cert-sentinel-reader',
    RoleSessionName: 'cert-sentinel',
  });
  expect(server.requests.every((r) => r.authorization.includes('Credential=ASIAASSUMED/'))).toBe(true);
  sts.restore();
});

describe('loadClientCredential (GetSecretValue of one secret)', () => {
  const client = () => new SecretsManagerClient({ region: REGION, endpoint: server.url });

  it('returns PEM certificate chain and key for the probe', async () => {
    const credential = await loadClientCredential(client(), 'partner/pem');
    expect(credential).toEqual({
      certPem: expect.stringContaining('BEGIN CERTIFICATE'),
      keyPem: expect.stringContaining('BEGIN PRIVATE KEY'),
    });
    expect(server.count('GetSecretValue')).toBe(1);
  });

  it('opens a PKCS#12 with its JSON password', async () => {
    const credential = await loadClientCredential(client(), server.arnOf('partner/erp-00'));
    expect('certPem' in credential && credential.certPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it.each([
    ['partner/wrong-password', /partner\/wrong-password.*SECRET_WRONG_PASSWORD/],
    ['unrelated/db', /unrelated\/db.*SECRET_NO_CERTIFICATE/],
    ['partner/denied', /partner\/denied.*could not be read: AccessDeniedException/],
    ['partner/missing', /partner\/missing.*ResourceNotFoundException/],
  ])('throws naming %s and the reason, never the value', async (id, message) => {
    const error = await loadClientCredential(client(), id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expectNoSecrets(error, ['not-it-at-all']);
  });
});

describe('handleSecretChange over HTTP', () => {
  const event = (eventName: string, secretId: string) => ({
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.secretsmanager',
    region: REGION,
    detail: {
      eventSource: 'secretsmanager.amazonaws.com',
      eventName,
      awsRegion: REGION,
      requestParameters: { secretId },
    },
  });
  const selectors = [{ tag: { key: 'cert-sentinel', value: 'partner' } }];

  it('re-reads only the changed secret with one DescribeSecret and one batch read', async () => {
    const onInventory = jest.fn(async () => {});
    const logs: unknown[] = [];
    const outcome = await handleSecretChange(event('PutSecretValue', 'partner/pem'), {
      client: new SecretsManagerClient({ region: REGION, endpoint: server.url }),
      onInventory,
      selectors,
      log: (message, fields) => logs.push({ message, fields }),
    });
    expect(outcome).toEqual({ status: 'collected', secretId: 'partner/pem', certificates: 1, findings: 0 });
    expect(server.requests.map((r) => r.target)).toEqual([
      'secretsmanager.DescribeSecret',
      'secretsmanager.BatchGetSecretValue',
    ]);
    const [inventory, secretId] = onInventory.mock.calls[0] as unknown as [
      import('../../../lambdas/core/model').Inventory,
      string,
    ];
    expect(secretId).toBe('partner/pem');
    expect(inventory.certificates.map((c) => c.id)).toEqual(['secrets:eu-west-1:partner/pem']);
    expect(inventory.sources[0]).toMatchObject({ status: 'ok', requests: 2 });
    expectNoSecrets([inventory, logs]);
  });

  it('does not read a secret outside every selector', async () => {
    const onInventory = jest.fn(async () => {});
    const outcome = await handleSecretChange(event('UpdateSecret', 'unrelated/db'), {
      client: new SecretsManagerClient({ region: REGION, endpoint: server.url }),
      onInventory,
      selectors,
    });
    expect(outcome).toEqual({ status: 'ignored', reason: 'the secret matches no selector' });
    expect(server.count('BatchGetSecretValue')).toBe(0);
    expect(onInventory).not.toHaveBeenCalled();
  });

  it('hands on a SECRET_UNREADABLE finding when the value is refused', async () => {
    const onInventory = jest.fn(async () => {});
    await handleSecretChange(event('RotateSecret', 'partner/denied'), {
      client: new SecretsManagerClient({ region: REGION, endpoint: server.url }),
      onInventory,
      selectors,
    });
    const [inventory] = onInventory.mock.calls[0] as unknown as [
      import('../../../lambdas/core/model').Inventory,
    ];
    expect(inventory.findings.map((f) => f.code)).toEqual(['SECRET_UNREADABLE']);
    expect(inventory.sources[0].status).toBe('failed');
    expectNoSecrets(inventory);
  });
});
