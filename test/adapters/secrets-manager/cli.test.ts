import { type CliIo, parseFlags, UsageError } from '../../../bin/cli/command';
import { secretsFlags, secretsSources } from '../../../bin/cli/sources/secrets';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../helpers/fake-secrets-manager';
import { clientCert, expectNoSecrets, PASSWORD, partnerCa, pkcs12WithPassword } from './fixtures';

const io = (env: NodeJS.ProcessEnv = {}): CliIo => ({
  stdout: () => {},
  stderr: () => {},
  isTty: false,
  env,
  cwd: '/',
});
const sources = (
  argv: string[],
  selectors = [] as Parameters<typeof secretsSources>[1],
  env = { AWS_REGION: 'eu-west-1' },
) => secretsSources(parseFlags(argv, secretsFlags).values, selectors, io(env));

describe('secretsSources', () => {
  it('makes one source per region from the flags', async () => {
    const made = await sources([
      '--secrets-tag',
      'cert-sentinel=partner',
      '--secrets-region',
      'eu-west-1',
      '--secrets-region',
      'us-east-1',
    ]);
    expect(made.map((s) => [s.name, s.kind])).toEqual([
      ['secrets:eu-west-1/tag:cert-sentinel=partner', 'secrets-manager'],
      ['secrets:us-east-1/tag:cert-sentinel=partner', 'secrets-manager'],
    ]);
  });

  it('applies region and role flags to the configuration selectors', async () => {
    const made = await sources(
      ['--secrets-role-arn', 'arn:aws:iam::444455556666:role/r'],
      [{ prefix: 'partner/' }],
    );
    expect(made.map((s) => s.name)).toEqual(['secrets:eu-west-1:444455556666/prefix:partner/']);
  });

  it('makes nothing without flags or selectors', async () => {
    expect(await sources([])).toEqual([]);
  });

  it.each([
    [['--secrets-tag', 'novalue'], /--secrets-tag must be KEY=VALUE/],
    [['--secrets-tag', '=v'], /--secrets-tag must be KEY=VALUE/],
    [['--secrets-prefix', 'p/', '--secrets-region', 'mars-1'], /--secrets-region: must be an AWS region/],
    [
      ['--secrets-prefix', 'p/', '--secrets-role-arn', 'role/x'],
      /--secrets-role-arn: must be an IAM role ARN/,
    ],
    [['--secrets-region', 'eu-west-1'], /--secrets-region needs --secrets-tag or --secrets-prefix/],
  ])('rejects %j naming the flag', async (argv, message) => {
    await expect(sources(argv)).rejects.toThrow(UsageError);
    await expect(sources(argv)).rejects.toThrow(message);
  });

  it('needs a region from a flag or AWS_REGION', async () => {
    await expect(sources(['--secrets-prefix', 'p/'], [], {} as { AWS_REGION: string })).rejects.toThrow(
      /--secrets-region or set AWS_REGION/,
    );
  });
});

describe('secretsSources against a local endpoint named in the CLI environment', () => {
  let server: FakeSecretsManager;
  beforeAll(async () => {
    server = await startFakeSecretsManager([
      {
        name: 'partner/erp',
        secretString: JSON.stringify({
          pkcs12: pkcs12WithPassword.toString('base64'),
          password: PASSWORD,
          externalSystem: 'ERP',
        }),
        tags: { env: 'prod' },
      },
      {
        name: 'partner/pem',
        secretString: `${clientCert.certPem}${partnerCa.certPem}${clientCert.keyPem}`,
        tags: { env: 'prod' },
      },
    ]);
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  });
  afterAll(() => server.close());

  it('reads through AWS_ENDPOINT_URL_SECRETS_MANAGER from io.env and reports no secrets', async () => {
    const [source] = await sources(['--secrets-tag', 'env=prod'], [], {
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: server.url,
    } as { AWS_REGION: string });
    const inventory = await source.collect(new Date('2026-11-23T09:00:00Z'));
    expect(inventory.certificates.map((c) => c.id).sort()).toEqual([
      'secrets:eu-west-1:partner/erp',
      'secrets:eu-west-1:partner/pem',
    ]);
    expect(inventory.sources).toEqual([
      expect.objectContaining({ name: 'secrets:eu-west-1/tag:env=prod', status: 'ok', requests: 2 }),
    ]);
    expect(server.count('BatchGetSecretValue')).toBe(1);
    expectNoSecrets(inventory);
  });
});
