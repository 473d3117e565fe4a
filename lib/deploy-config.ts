/**
 * What the stack needs from the configuration beyond the schema: in AWS there are no local files
 * or environment variables holding keys, so every credential must be a Secrets Manager secret.
 * Checked at synth, with the field named, like every other configuration error.
 */
import { type Config, ConfigError, type OrgConfig } from '../lambdas/core/config';
import { scheduleExpressionProblem } from './schedule-expression';

export const DEFAULT_SCHEDULE = 'cron(0 6 * * ? *)';
export const DEFAULT_ORG_CONCURRENCY = 5;

/** A secret's ARN (with its name) or its name, as Secrets Manager accepts them. */
const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

function secretProblem(ref: string): string | undefined {
  if (ref.startsWith('arn:')) {
    return SECRET_ARN.test(ref)
      ? undefined
      : 'must be a Secrets Manager secret ARN such as arn:aws:secretsmanager:eu-west-1:123456789012:secret:cert-sentinel/acme-key';
  }
  return SECRET_NAME.test(ref) ? undefined : 'must be a secret name (letters, digits, / _ + = . @ -) or ARN';
}

export function assertDeployable(config: Config, origin: string): void {
  const problems: string[] = [];
  if (config.schedule !== undefined) {
    const problem = scheduleExpressionProblem(config.schedule);
    if (problem) problems.push(`schedule: ${problem}`);
  }
  const checkSecret = (field: string, ref: string | undefined) => {
    const problem = ref === undefined ? undefined : secretProblem(ref);
    if (problem) problems.push(`${field}: ${problem}`);
  };
  (config.orgs ?? []).forEach((org, i) => {
    const at = `orgs.${i}.auth`;
    if (org.auth.type === 'jwt' && !org.auth.privateKeySecret) {
      problems.push(
        `${at}.privateKeySecret: required in AWS (privateKeyFile and privateKeyEnv only work in the CLI)`,
      );
    }
    checkSecret(`${at}.privateKeySecret`, org.auth.type === 'jwt' ? org.auth.privateKeySecret : undefined);
    checkSecret(
      `${at}.accessTokenSecret`,
      org.auth.type === 'session' ? org.auth.accessTokenSecret : undefined,
    );
    if (org.auth.type === 'session') {
      if (!org.auth.accessTokenSecret)
        problems.push(`${at}.accessTokenSecret: required in AWS (accessTokenEnv only works in the CLI)`);
      if (!org.instanceUrl) problems.push(`orgs.${i}.instanceUrl: required with session auth`);
    }
  });
  (config.probes ?? []).forEach((probe, i) => {
    if (probe.clientCertificate && !('secret' in probe.clientCertificate)) {
      problems.push(
        `probes.${i}.clientCertificate: only { "secret": ... } works in AWS (files only exist for the CLI)`,
      );
    }
    if (probe.clientCertificate && 'secret' in probe.clientCertificate)
      checkSecret(`probes.${i}.clientCertificate.secret`, probe.clientCertificate.secret);
    if (probe.caFile) problems.push(`probes.${i}.caFile: files only exist for the CLI; leave it out in AWS`);
  });
  if (config.trust?.roots !== undefined)
    problems.push(
      'trust.roots: files only exist for the CLI; in AWS chains are judged against the Mozilla root store of the Lambda runtime',
    );
  if (problems.length > 0) throw new ConfigError(origin, problems);
}

/** The Secrets Manager secrets holding org credentials (names or ARNs). */
export function orgCredentialSecrets(org: OrgConfig): string[] {
  const auth = org.auth;
  const secret = auth.type === 'jwt' ? auth.privateKeySecret : auth.accessTokenSecret;
  return secret ? [secret] : [];
}

/** Secrets probes present as client certificates. */
export function probeSecrets(config: Config): string[] {
  return (config.probes ?? []).flatMap((p) =>
    p.clientCertificate && 'secret' in p.clientCertificate ? [p.clientCertificate.secret] : [],
  );
}

/** Only the sections a function reads, so CONFIG_JSON stays small and says no more than needed. */
export function configSlice<K extends keyof Config>(config: Config, keys: K[]): Pick<Config, K> {
  const slice: Partial<Config> = {};
  for (const key of keys) if (config[key] !== undefined) slice[key] = config[key];
  return slice as Pick<Config, K>;
}
