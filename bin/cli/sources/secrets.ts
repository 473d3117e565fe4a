/**
 * Secrets Manager flags for `scan`: a selector from the command line, or region/role overrides
 * for the configuration's selectors. Credentials come from the SDK's standard chain (environment,
 * profile, SSO, instance role); AWS_ENDPOINT_URL_SECRETS_MANAGER points it at another endpoint.
 */
import { secretsSourcesFor } from '../../../lambdas/adapters/secrets-manager/source';
import { type SecretSelector, secretSelectorSchema } from '../../../lambdas/core/config';
import type { CertificateSource } from '../../../lambdas/core/model';
import { type CliIo, type FlagSpec, type FlagValues, UsageError } from '../command';

export const secretsFlags = {
  'secrets-tag': { type: 'string', value: 'KEY=VALUE', help: 'partner certificates: secrets with this tag' },
  'secrets-prefix': { type: 'string', value: 'PREFIX', help: 'partner certificates: secrets named so' },
  'secrets-region': {
    type: 'string',
    value: 'R',
    multiple: true,
    help: 'the regions to read (default AWS_REGION)',
  },
  'secrets-role-arn': { type: 'string', value: 'ARN', help: 'a role to assume to read them' },
} as const satisfies FlagSpec;

const FLAG_OF: Record<string, string> = {
  tag: '--secrets-tag',
  prefix: '--secrets-prefix',
  regions: '--secrets-region',
  roleArn: '--secrets-role-arn',
};

/**
 * Sources for the flags and the configuration's selectors. A tag or prefix flag adds a selector;
 * region and role flags apply to it, or to the configuration's selectors when there is none.
 */
export async function secretsSources(
  values: FlagValues<typeof secretsFlags>,
  selectors: SecretSelector[],
  io: CliIo,
): Promise<CertificateSource[]> {
  const tag = values['secrets-tag'] === undefined ? undefined : parseTag(values['secrets-tag']);
  const prefix = values['secrets-prefix'];
  const regionFlags = values['secrets-region'];
  const regions = regionFlags && regionFlags.length > 0 ? regionFlags : undefined;
  const roleArn = values['secrets-role-arn'];

  let chosen: SecretSelector[];
  if (tag !== undefined || prefix !== undefined) {
    chosen = [validated({ tag, prefix, regions, roleArn })];
  } else if (selectors.length > 0) {
    chosen = selectors.map((s) =>
      validated({ ...s, ...(regions ? { regions } : {}), ...(roleArn ? { roleArn } : {}) }),
    );
  } else {
    if (regions || roleArn) {
      const flag = regions ? '--secrets-region' : '--secrets-role-arn';
      throw new UsageError(
        `${flag} needs --secrets-tag or --secrets-prefix (or "secrets" in the configuration)`,
      );
    }
    return [];
  }

  const defaultRegion = io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!defaultRegion && chosen.some((s) => !s.regions?.length)) {
    throw new UsageError('Secrets Manager needs a region: give --secrets-region or set AWS_REGION');
  }
  const endpoint = io.env.AWS_ENDPOINT_URL_SECRETS_MANAGER || undefined;
  return chosen.flatMap((selector) => secretsSourcesFor(selector, defaultRegion ?? '', { endpoint }));
}

function parseTag(value: string): { key: string; value: string } {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) {
    throw new UsageError(`--secrets-tag must be KEY=VALUE, got "${value}"`);
  }
  return { key: value.slice(0, at), value: value.slice(at + 1) };
}

/** The configuration's own rules, with each problem named by its flag. */
function validated(selector: SecretSelector): SecretSelector {
  const result = secretSelectorSchema.safeParse(selector);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const flag = FLAG_OF[String(issue.path[0])] ?? '--secrets-tag or --secrets-prefix';
  throw new UsageError(`${flag}: ${issue.message}`);
}
