/**
 * CLI side of the Salesforce collector: flags for one ad-hoc org, and local credential lookup for
 * the orgs in the configuration file (key files relative to the working directory, tokens and keys
 * from environment variables). Secrets Manager references are for the AWS deployment.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type * as SalesforceAdapter from '../../../lambdas/adapters/salesforce/source';
import type { SalesforceSourceOptions } from '../../../lambdas/adapters/salesforce/source';
import { regionOfSecret } from '../../../lambdas/adapters/tls-probe/target';
import { type OrgConfig, orgSchema } from '../../../lambdas/core/config';
import type { CertificateSource } from '../../../lambdas/core/model';
import { readSecretString } from '../../../lambdas/shared/secrets';
import { type CliIo, type FlagSpec, type FlagValues, UsageError } from '../command';

export const salesforceFlags = {
  'salesforce-instance-url': {
    type: 'string',
    value: 'URL',
    help: 'one org by session: its My Domain URL (or SF_INSTANCE_URL), with --salesforce-access-token',
  },
  'salesforce-access-token': {
    type: 'string',
    value: 'TOKEN',
    help: 'the session token (or SF_ACCESS_TOKEN; visible in the process list: prefer the variable)',
  },
  'salesforce-client-id': {
    type: 'string',
    value: 'ID',
    help: 'one org by JWT bearer: the Connected App consumer key, with the two flags below',
  },
  'salesforce-username': { type: 'string', value: 'USER', help: 'the integration user (JWT bearer)' },
  'salesforce-key-file': { type: 'string', value: 'FILE', help: 'the JWT signing key, PEM (JWT bearer)' },
  'salesforce-login-url': {
    type: 'string',
    value: 'URL',
    help: 'login host for JWT bearer (default https://login.salesforce.com)',
  },
  'salesforce-api-version': { type: 'string', value: 'V', help: 'API version (default 62.0)' },
  'salesforce-org-name': { type: 'string', value: 'NAME', help: "the org's name in the report" },
} as const satisfies FlagSpec;

type SalesforceFlagValues = FlagValues<typeof salesforceFlags>;

const SESSION_FLAGS = ['salesforce-instance-url', 'salesforce-access-token'] as const;
const JWT_FLAGS = [
  'salesforce-client-id',
  'salesforce-username',
  'salesforce-key-file',
  'salesforce-login-url',
] as const;

function flag(values: SalesforceFlagValues, name: keyof SalesforceFlagValues): string | undefined {
  const value = values[name];
  return value === '' ? undefined : value;
}

/** Checks an org built from flags against the same schema as the file, naming the flag at fault. */
function validOrg(org: unknown): OrgConfig {
  const parsed = orgSchema.safeParse(org);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join('.');
  const flagFor: Record<string, string> = {
    name: '--salesforce-org-name',
    loginUrl: '--salesforce-login-url',
    instanceUrl: '--salesforce-instance-url',
    apiVersion: '--salesforce-api-version',
    'auth.clientId': '--salesforce-client-id',
    'auth.username': '--salesforce-username',
  };
  throw new UsageError(`${flagFor[field] ?? field}: ${issue.message}`);
}

function orgNameFromUrl(url: string | undefined): string {
  try {
    const host = url ? new URL(url).hostname : '';
    const name = host
      .split('.')[0]
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 64);
    return name || 'cli';
  } catch {
    return 'cli';
  }
}

async function readKeyFile(path: string, io: CliIo, field: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    // The path is the user's; the file content is never echoed.
    throw new UsageError(
      `${field}: cannot read the private key file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

async function adHocSource(
  values: SalesforceFlagValues,
  io: CliIo,
): Promise<SalesforceSourceOptions | undefined> {
  const session = SESSION_FLAGS.some((f) => flag(values, f));
  const jwt = JWT_FLAGS.some((f) => flag(values, f));
  if (!session && !jwt) {
    for (const f of ['salesforce-api-version', 'salesforce-org-name'] as const) {
      if (flag(values, f))
        throw new UsageError(
          `--${f} needs --salesforce-instance-url (session) or --salesforce-client-id (JWT)`,
        );
    }
    return undefined;
  }
  if (session && jwt) {
    throw new UsageError(
      'give either --salesforce-instance-url/--salesforce-access-token (session) or --salesforce-client-id/--salesforce-username/--salesforce-key-file (JWT), not both',
    );
  }
  const apiVersion = flag(values, 'salesforce-api-version');
  if (session) {
    const instanceUrl = flag(values, 'salesforce-instance-url') ?? io.env.SF_INSTANCE_URL;
    if (!instanceUrl)
      throw new UsageError('--salesforce-instance-url is required for a session (or set SF_INSTANCE_URL)');
    const accessToken = flag(values, 'salesforce-access-token') ?? io.env.SF_ACCESS_TOKEN;
    if (!accessToken)
      throw new UsageError('--salesforce-access-token is required for a session (or set SF_ACCESS_TOKEN)');
    const org = validOrg({
      name: flag(values, 'salesforce-org-name') ?? orgNameFromUrl(instanceUrl),
      instanceUrl,
      apiVersion,
      auth: { type: 'session' },
    });
    return { org, credentials: { kind: 'session', instanceUrl, accessToken } };
  }
  const keyFile = flag(values, 'salesforce-key-file');
  for (const f of ['salesforce-client-id', 'salesforce-username', 'salesforce-key-file'] as const) {
    if (!flag(values, f)) throw new UsageError(`--${f} is required for the JWT bearer flow`);
  }
  const loginUrl = flag(values, 'salesforce-login-url');
  const org = validOrg({
    name: flag(values, 'salesforce-org-name') ?? orgNameFromUrl(loginUrl ?? 'https://login.salesforce.com'),
    loginUrl,
    apiVersion,
    auth: {
      type: 'jwt',
      clientId: flag(values, 'salesforce-client-id'),
      username: flag(values, 'salesforce-username'),
    },
  });
  const privateKeyPem = await readKeyFile(keyFile ?? '', io, '--salesforce-key-file');
  return { org, credentials: { kind: 'jwt', privateKeyPem } };
}

/**
 * Where the CLI finds a configured org's credential: a file or an environment variable, or the
 * same Secrets Manager secret the deployed stack reads, so one configuration serves both.
 */
async function configuredSource(org: OrgConfig, index: number, io: CliIo): Promise<SalesforceSourceOptions> {
  const at = `orgs[${index}] (${org.name})`;
  if (org.auth.type === 'jwt') {
    if (org.auth.privateKeyFile) {
      return {
        org,
        credentials: {
          kind: 'jwt',
          privateKeyPem: await readKeyFile(org.auth.privateKeyFile, io, `${at}.auth.privateKeyFile`),
        },
      };
    }
    if (org.auth.privateKeyEnv) {
      const pem = io.env[org.auth.privateKeyEnv];
      if (!pem)
        throw new UsageError(
          `${at}.auth.privateKeyEnv: environment variable ${org.auth.privateKeyEnv} is not set`,
        );
      return { org, credentials: { kind: 'jwt', privateKeyPem: pem } };
    }
    if (org.auth.privateKeySecret) {
      const privateKeyPem = await readSecret(org.auth.privateKeySecret, io, `${at}.auth.privateKeySecret`);
      return { org, credentials: { kind: 'jwt', privateKeyPem } };
    }
    throw new UsageError(`${at}.auth: give privateKeySecret, privateKeyFile or privateKeyEnv`);
  }
  const instanceUrl = org.instanceUrl ?? io.env.SF_INSTANCE_URL;
  if (!instanceUrl)
    throw new UsageError(`${at}.instanceUrl: required for session auth (or set SF_INSTANCE_URL)`);
  if (org.auth.accessTokenSecret && !org.auth.accessTokenEnv) {
    const accessToken = await readSecret(org.auth.accessTokenSecret, io, `${at}.auth.accessTokenSecret`);
    return { org, credentials: { kind: 'session', instanceUrl, accessToken } };
  }
  const tokenEnv = org.auth.accessTokenEnv ?? 'SF_ACCESS_TOKEN';
  const accessToken = io.env[tokenEnv];
  if (!accessToken) {
    throw new UsageError(
      `${at}.auth.accessTokenEnv: environment variable ${tokenEnv} is not set (the CLI reads session tokens from the environment or accessTokenSecret)`,
    );
  }
  return { org, credentials: { kind: 'session', instanceUrl, accessToken } };
}

/** A credential kept in Secrets Manager, read with the caller's AWS credentials; never echoed. */
async function readSecret(secretId: string, io: CliIo, field: string): Promise<string> {
  const region = regionOfSecret(secretId) ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  try {
    return await readSecretString(new SecretsManagerClient({ ...(region ? { region } : {}) }), secretId);
  } catch (error) {
    throw new Error(
      `${field}: cannot read secret ${secretId} (${(error as Error).name}: ${(error as Error).message})`,
    );
  }
}

/**
 * A source whose credential is found, and whose Salesforce client (jsforce) is loaded, only when
 * it is collected: a missing key for one org fails that org's source alone and the scan goes on,
 * and a scan without a Salesforce source never loads jsforce.
 */
function deferredSource(
  org: OrgConfig,
  resolveOptions: () => Promise<SalesforceSourceOptions>,
  extra: Pick<SalesforceSourceOptions, 'certificateLimit' | 'log'>,
): CertificateSource {
  return {
    name: `salesforce:${org.name}`,
    kind: 'salesforce',
    async collect(now: Date) {
      const options = await resolveOptions();
      const {
        createSalesforceSource,
      }: typeof SalesforceAdapter = require('../../../lambdas/adapters/salesforce/source');
      return createSalesforceSource({ ...options, ...extra }).collect(now);
    },
  };
}

/** One source per configured org, plus one for the ad-hoc org the flags describe. */
export async function salesforceSources(
  values: SalesforceFlagValues,
  orgs: OrgConfig[],
  io: CliIo,
  /** `policy.certificateLimit` from the configuration, used where an org sets none. */
  defaults: { certificateLimit?: number } = {},
): Promise<CertificateSource[]> {
  // Flags are checked now (a usage error stops the scan); configured orgs when they are collected.
  const adHoc = await adHocSource(values, io);
  if (adHoc && orgs.some((o) => o.name === adHoc.org.name)) {
    throw new UsageError(
      `--salesforce-org-name: "${adHoc.org.name}" is already an org in the configuration file`,
    );
  }
  const log = io.isTty ? (line: string) => io.stderr(`${line}\n`) : undefined;
  const extra = (org: OrgConfig) => ({
    certificateLimit: org.certificateLimit ?? defaults.certificateLimit,
    log,
  });
  const sources = orgs.map((org, index) =>
    deferredSource(org, () => configuredSource(org, index, io), extra(org)),
  );
  if (adHoc) sources.push(deferredSource(adHoc.org, async () => adHoc, extra(adHoc.org)));
  return sources;
}
