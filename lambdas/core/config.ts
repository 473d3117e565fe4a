/**
 * The one configuration file, shared by the CLI and the CDK app. Validation is pure (the file is
 * read by an adapter); a bad value fails here with the path of the field that is wrong.
 * Secrets are referenced by ARN, name or environment variable, never embedded.
 */
import * as z from 'zod';
import { CERTIFICATE_USAGES, TIERS } from './model';

/** A real calendar day (zod's ISO date checks month lengths and leap years), e.g. 2027-03-15. */
const isoDate = z.iso.date({ error: 'must be a real date written YYYY-MM-DD' });

const threshold = z.strictObject({
  days: z.number().nonnegative(),
  fractionOfLifetime: z.number().min(0).max(1).nullable(),
});

const thresholds = z.strictObject({
  notice: threshold.optional(),
  warning: threshold.optional(),
  critical: threshold.optional(),
});

const tier = z.enum(TIERS);

export const policySchema = z.strictObject({
  /** SC-081 lifetime schedule; replaces the built-in one when given. */
  schedule: z
    .array(z.strictObject({ from: isoDate, maxDays: z.number().int().positive() }))
    .min(1)
    .optional(),
  thresholds: thresholds.optional(),
  /** When the forecast assumes a certificate is renewed (default: min(30 d, 1/3 of its lifetime)). */
  renewBefore: threshold.optional(),
  /** Last day the forecast covers (default: 2030-12-31). */
  horizon: isoDate.optional(),
  /** Lifetime assumed when only an expiry date is known (Salesforce ExpirationDate). */
  assumedLifetimeDays: z.number().int().positive().optional(),
  /** Issuer substrings that mark a private CA (outside SC-081). */
  privateIssuers: z.array(z.string().min(1)).optional(),
  /** Certificates per org Salesforce allows (not documented by Salesforce; default 50). */
  certificateLimit: z.number().int().positive().optional(),
});

const secretRef = z.string().min(1, 'must name a secret (ARN or name)');

const jwtAuth = z.strictObject({
  type: z.literal('jwt'),
  clientId: z.string().min(1),
  username: z.string().min(1),
  /** Where the private key is: a Secrets Manager secret (AWS), a file or an environment variable (CLI). */
  privateKeySecret: secretRef.optional(),
  privateKeyFile: z.string().min(1).optional(),
  privateKeyEnv: z.string().min(1).optional(),
});

const sessionAuth = z.strictObject({
  type: z.literal('session'),
  /** Environment variable holding the access token (default SF_ACCESS_TOKEN). */
  accessTokenEnv: z.string().min(1).optional(),
  /** Or a Secrets Manager secret holding it (AWS). */
  accessTokenSecret: secretRef.optional(),
});

export const orgSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
  /** https://login.salesforce.com, https://test.salesforce.com or a My Domain URL. */
  loginUrl: z.url().optional(),
  instanceUrl: z.url().optional(),
  apiVersion: z
    .string()
    .regex(/^\d{2,3}\.0$/, 'must look like 62.0')
    .optional(),
  auth: z.discriminatedUnion('type', [jwtAuth, sessionAuth]),
  certificateLimit: z.number().int().positive().optional(),
  owner: z.string().optional(),
});

export const secretSelectorSchema = z
  .strictObject({
    tag: z.strictObject({ key: z.string().min(1), value: z.string().min(1) }).optional(),
    prefix: z.string().min(1).optional(),
    regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region')).optional(),
    /** Role to assume to read secrets in another account. */
    roleArn: z
      .string()
      .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')
      .optional(),
  })
  .refine((s) => s.tag !== undefined || s.prefix !== undefined, {
    message: 'needs a tag, a prefix or both (a selector without either would read every secret)',
  });

const probeClientCertificate = z.union([
  z.strictObject({ secret: secretRef }),
  z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }),
  z.strictObject({ pfxFile: z.string().min(1), passwordEnv: z.string().min(1).optional() }),
]);

export const probeTargetSchema = z.strictObject({
  name: z.string().min(1).optional(),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(8443),
  servername: z.string().min(1).optional(),
  caFile: z.string().min(1).optional(),
  clientCertificate: probeClientCertificate.optional(),
  timeoutMs: z.number().int().positive().max(60000).default(10000),
  org: z.string().optional(),
  externalSystem: z.string().optional(),
  owner: z.string().optional(),
  partnerOwner: z.string().optional(),
});

/** Metadata Salesforce cannot know, keyed by certificate name (or id). */
export const certificateMetadataSchema = z.strictObject({
  owner: z.string().optional(),
  partnerOwner: z.string().optional(),
  /** More recipients of this certificate's alerts (owner routing, docs/alerts.md). */
  notify: z.array(z.email()).optional(),
  externalSystem: z.string().optional(),
  integrationUser: z.string().optional(),
  org: z.string().optional(),
  publiclyTrusted: z.boolean().optional(),
  /** What it is used for: `client` makes the client-certificate rules (EKU, chain, sunset) apply. */
  usage: z.enum(CERTIFICATE_USAGES).optional(),
  thresholds: thresholds.optional(),
});

/** A `NAME.json` sidecar beside a certificate file read with `--cert-dir`. */
export const sidecarSchema = certificateMetadataSchema.extend({
  name: z.string().min(1).optional(),
  kind: z
    .enum(['org-certificate', 'mutual-auth', 'connected-app', 'saml', 'partner-client', 'server', 'file'])
    .optional(),
  /** Keystore password; prefer passwordEnv so the password is not stored beside the keystore. */
  password: z.string().optional(),
  passwordEnv: z.string().min(1).optional(),
});

export type Sidecar = z.infer<typeof sidecarSchema>;

export const alertsSchema = z.strictObject({
  /** Lowest tier that reaches e-mail subscribers (default notice). */
  emailMinTier: tier.exclude(['ok']).optional(),
  /** Lowest tier that reaches SMS subscribers (default critical). */
  smsMinTier: tier.exclude(['ok']).optional(),
  /** Lowest tier that reaches an owner's own e-mail subscription (default: emailMinTier). */
  ownerMinTier: tier.exclude(['ok']).optional(),
  /**
   * Owner routing: subscribe every owner address named in `certificates` and `probes` (and these
   * extra addresses, e.g. owners known only from secret tags or sidecars) to their own
   * certificates' alerts (default true).
   */
  routeToOwners: z.boolean().optional(),
  owners: z.array(z.email()).optional(),
  /** Days between repeats of a still-critical or still-expired certificate (default 1). */
  repeatEveryDays: z.number().int().positive().optional(),
  /** Day of the week the digest goes out, 0 = Sunday (default 1, Monday). */
  digestWeekday: z.number().int().min(0).max(6).optional(),
  email: z.array(z.email()).optional(),
  sms: z
    .array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number like +15551234567'))
    .optional(),
  opsEmail: z.array(z.email()).optional(),
  /** Slack channels (Amazon Q Developer in chat applications; the workspace is authorised in its console first). */
  slack: z
    .array(
      z.strictObject({
        workspaceId: z.string().regex(/^[0-9A-Z]{1,255}$/, 'must be a Slack workspace id like T012AB3C4D5'),
        channelId: z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'must be a Slack channel id like C012AB3CD4E'),
        /** Lowest tier it hears (default: emailMinTier). */
        minTier: tier.exclude(['ok']).optional(),
      }),
    )
    .optional(),
  /** Microsoft Teams channels (the team is authorised in the Amazon Q Developer console first). */
  teams: z
    .array(
      z.strictObject({
        teamId: z.uuid({ error: 'must be the Microsoft Teams team id (a UUID)' }),
        channelId: z.string().min(1).max(256),
        tenantId: z.uuid({ error: 'must be the Microsoft Entra tenant id (a UUID)' }),
        minTier: tier.exclude(['ok']).optional(),
      }),
    )
    .optional(),
  /** A generic webhook (PagerDuty, Opsgenie, Google Chat adapters): JSON POSTed to a URL kept in a secret. */
  webhook: z
    .strictObject({
      /** Secrets Manager secret (ARN or name) whose value is the https:// URL (or JSON {"url": ...}). */
      urlSecret: secretRef,
      /** Lowest tier it hears (default: emailMinTier). */
      minTier: tier.exclude(['ok']).optional(),
    })
    .optional(),
});

/** Silences the repeats of one certificate until a day (inclusive, UTC); see docs/alerts.md. */
export const snoozeSchema = z.strictObject({
  /** Certificate id or name, as the report shows it. */
  certificate: z.string().min(1),
  until: isoDate,
  reason: z.string().min(1, 'must say why (it is shown in the digest)'),
  /** Who snoozed it (shown in the digest). */
  by: z.string().min(1).optional(),
});

/** The trust path of client certificates (docs/trust.md). */
export const trustSchema = z.strictObject({
  /**
   * PEM file(s) of the roots a client certificate's chain must end at, e.g. an export of the
   * org's /cacerts.jsp; replaces the Mozilla store Node ships as the trusted roots.
   */
  roots: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /**
   * Last days of clientAuth issuance, over the built-in table (an entry with the same match
   * replaces it, another adds one).
   */
  clientAuthSunset: z
    .array(
      z.strictObject({
        ca: z.string().min(1).optional(),
        match: z
          .strictObject({
            issuer: z.string().min(1).optional(),
            authorityKeyId: z
              .string()
              .regex(/^[0-9A-Fa-f:\s]+$/, 'must be hex (colons and spaces allowed)')
              .optional(),
            publicRoot: z.boolean().optional(),
          })
          .refine((m) => m.issuer !== undefined || m.authorityKeyId !== undefined || m.publicRoot === true, {
            message: 'needs issuer, authorityKeyId or publicRoot: true',
          }),
        lastIssuance: isoDate,
        source: z.string().min(1, 'must say where the date comes from'),
      }),
    )
    .optional(),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  policy: policySchema.optional(),
  orgs: z.array(orgSchema).optional(),
  secrets: z.array(secretSelectorSchema).optional(),
  probes: z.array(probeTargetSchema).optional(),
  certificates: z.record(z.string(), certificateMetadataSchema).optional(),
  alerts: alertsSchema.optional(),
  snoozes: z.array(snoozeSchema).optional(),
  trust: trustSchema.optional(),
  /** EventBridge Scheduler expression for the daily scan (default: cron(0 6 * * ? *), UTC). */
  schedule: z
    .string()
    .regex(/^(cron|rate)\(.+\)$/, 'must be cron(...) or rate(...)')
    .optional(),
  /** Orgs scanned at once by the state machine (default 5). */
  orgConcurrency: z.number().int().min(1).max(40).optional(),
});

export type Config = z.infer<typeof configSchema>;
/** What the schema accepts (defaults not yet applied), e.g. a CONFIG_JSON slice that leaves them out. */
export type ConfigInput = z.input<typeof configSchema>;
export type PolicyConfig = z.infer<typeof policySchema>;
export type OrgConfig = z.infer<typeof orgSchema>;
export type SecretSelector = z.infer<typeof secretSelectorSchema>;
export type ProbeTarget = z.infer<typeof probeTargetSchema>;
export type CertificateMetadata = z.infer<typeof certificateMetadataSchema>;
export type AlertsConfig = z.infer<typeof alertsSchema>;
export type SnoozeConfig = z.infer<typeof snoozeSchema>;
export type TrustConfig = z.infer<typeof trustSchema>;

export class ConfigError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${origin}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates parsed JSON; throws ConfigError naming every bad field. */
export function parseConfig(value: unknown, origin = 'configuration'): Config {
  const config = validate(configSchema, value, origin);
  const names = new Set<string>();
  for (const org of config.orgs ?? []) {
    if (names.has(org.name)) throw new ConfigError(origin, [`orgs: the name "${org.name}" is used twice`]);
    names.add(org.name);
  }
  return config;
}

/** Validates a value against a schema, naming each wrong field in the ConfigError. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, origin: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `${path}: ${issue.message}`;
  });
  throw new ConfigError(origin, problems);
}
