/** `probe`: one synthetic mutual-TLS handshake against one endpoint, with the live client certificate. */
import { OUTCOME_EXPLANATIONS } from '../../../lambdas/adapters/tls-probe/classify';
import {
  type ClientCredential,
  type ClientCredentialLoader,
  ProbeCredentialError,
  probeEndpoint,
} from '../../../lambdas/adapters/tls-probe/probe';
import { MTLS_PORT, parseEndpoint } from '../../../lambdas/core/endpoint';
import type { CertificateInfo, ProbeResult } from '../../../lambdas/core/model';
import { daysRemaining } from '../../../lambdas/core/tiers';
import {
  type CliIo,
  type Command,
  type FlagSpec,
  type FlagValues,
  flagsOf,
  helpText,
  instantFlag,
  intFlag,
  parseFlags,
  UsageError,
} from '../command';
import { credentialLoader, readLocal } from '../sources/probes';

const DEFAULT_PORT = MTLS_PORT;

const clientFlags = {
  cert: { type: 'string', value: 'FILE', help: 'PEM client certificate (chain), with --key' },
  key: { type: 'string', value: 'FILE', help: 'its PEM private key' },
  pfx: { type: 'string', value: 'FILE', help: 'PKCS#12 keystore, opened with --password or --password-env' },
  password: {
    type: 'string',
    value: 'P',
    help: 'the keystore password (visible to other users of this machine)',
  },
  'password-env': {
    type: 'string',
    value: 'VAR',
    help: 'the keystore password from environment variable VAR',
  },
  secret: {
    type: 'string',
    value: 'NAME',
    help: 'a Secrets Manager secret holding the credential (ARN or name)',
  },
  'secret-region': { type: 'string', value: 'R', help: "its region (default: the ARN's, else AWS_REGION)" },
} as const satisfies FlagSpec;

const serverFlags = {
  ca: {
    type: 'string',
    value: 'FILE',
    help: 'trust only these CAs for the server certificate (default: public roots)',
  },
  servername: {
    type: 'string',
    value: 'NAME',
    help: 'SNI and the name the server certificate must carry (default HOST)',
  },
  'timeout-ms': { type: 'string', value: 'N', help: 'give up after N ms (default 10000)' },
} as const satisfies FlagSpec;

const outputFlags = {
  json: { type: 'boolean', help: 'the result as JSON' },
  now: { type: 'string', value: 'INSTANT', help: 'count days left from this instant (default: now)' },
} as const satisfies FlagSpec;

const groups = [
  {
    title: 'Client certificate (optional; without one the probe shows whether the server requires it)',
    flags: clientFlags,
  },
  { title: 'Server', flags: serverFlags },
  { title: 'Output', flags: outputFlags },
] as const;
const flags = flagsOf(groups);
type ProbeFlagValues = FlagValues<typeof flags>;

const usage = helpText({
  synopsis: 'cert-sentinel probe HOST[:PORT] [options]',
  description: `Performs a real mutual-TLS handshake (default port ${DEFAULT_PORT}) with the client certificate, sends one small request and reports what the server thinks of both certificates.`,
  groups: [...groups],
  footer: ['Exit codes: 0 the handshake is OK, 1 any other outcome, 2 usage errors.'],
});

export const probeCommand: Command = {
  name: 'probe',
  summary: 'a live mutual-TLS handshake with the client certificate (default port 8443)',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals, help } = parseFlags(argv, flags, true);
    if (help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one HOST[:PORT]');
    const { host, port } = parseHostPort(positionals[0]);
    const timeoutMs = intFlag(values['timeout-ms'], '--timeout-ms', 1, 60_000) ?? 10_000;
    const now = instantFlag(values.now, '--now');
    const clientCredential = credentialFromFlags(values, io);
    const { servername } = values;

    const ca = values.ca === undefined ? undefined : await readFlagFile(values.ca, '--ca', io);

    let result: ProbeResult;
    try {
      result = await probeEndpoint({
        host,
        port,
        timeoutMs,
        ...(servername ? { servername } : {}),
        ...(ca ? { ca } : {}),
        ...(clientCredential ? { clientCredential } : {}),
      });
    } catch (error) {
      if (!(error instanceof ProbeCredentialError)) throw error;
      const message = error.message;
      if (values.json) {
        io.stdout(
          `${JSON.stringify({ outcome: null, error: { code: 'PROBE_CREDENTIAL_UNREADABLE', message } }, null, 2)}\n`,
        );
      } else {
        io.stderr(`cert-sentinel probe: ${message}\n`);
      }
      return 1;
    }

    io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderProbe(result, now ?? new Date()));
    return result.outcome === 'OK' ? 0 : 1;
  },
};

/** `host`, `host:port`, `[v6]`, `[v6]:port` (parseEndpoint); a bare IPv6 address keeps the default port. */
export function parseHostPort(text: string): { host: string; port: number } {
  const parsed = parseEndpoint(text, DEFAULT_PORT);
  if ('error' in parsed) throw new UsageError(parsed.error);
  return parsed;
}

async function readFlagFile(file: string, flag: string, io: CliIo): Promise<Buffer> {
  try {
    return await readLocal(file, io);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

function credentialFromFlags(
  values: ProbeFlagValues,
  io: CliIo,
): ClientCredential | ClientCredentialLoader | undefined {
  const given = (name: keyof ProbeFlagValues) => values[name] !== undefined;
  const kinds = [given('cert') || given('key'), given('pfx'), given('secret')].filter(Boolean).length;
  if (kinds > 1) throw new UsageError('give one client certificate: --cert/--key, --pfx or --secret');
  if (given('cert') !== given('key')) throw new UsageError('--cert and --key go together');
  if ((given('password') || given('password-env')) && !given('pfx')) {
    throw new UsageError('--password and --password-env open a --pfx keystore');
  }
  if (given('password') && given('password-env'))
    throw new UsageError('give --password or --password-env, not both');
  if (given('secret-region') && !given('secret')) throw new UsageError('--secret-region goes with --secret');

  if (given('secret')) {
    return credentialLoader({ secret: String(values.secret) }, io, values['secret-region']);
  }
  if (given('cert'))
    return credentialLoader({ certFile: String(values.cert), keyFile: String(values.key) }, io);
  if (!given('pfx')) return undefined;
  if (given('password-env') && io.env[String(values['password-env'])] === undefined) {
    throw new UsageError(`--password-env: environment variable ${String(values['password-env'])} is not set`);
  }
  const fromFile = credentialLoader(
    {
      pfxFile: String(values.pfx),
      ...(given('password-env') ? { passwordEnv: String(values['password-env']) } : {}),
    },
    io,
  ) as ClientCredentialLoader;
  if (!given('password')) return fromFile;
  return async () => ({ ...(await fromFile()), passphrase: String(values.password) });
}

export function renderProbe(result: ProbeResult, now: Date): string {
  const explanation = OUTCOME_EXPLANATIONS[result.outcome];
  const lines = [
    `${result.target}: ${result.outcome}`,
    `  ${explanation.meaning}`,
    `  What to do: ${explanation.action}`,
    '',
    certificateLine('client certificate', result.clientCertificate, now, 'none presented'),
    certificateLine('server certificate', result.serverCertificate, now, 'not received'),
    `  protocol            ${result.protocol ?? '-'}`,
    `  cipher              ${result.cipher ?? '-'}`,
    `  latency             ${result.latencyMs} ms`,
  ];
  if (result.error)
    lines.push(
      `  error               ${result.error.code ? `${result.error.code}: ` : ''}${firstLine(result.error.message)}`,
    );
  return `${lines.join('\n')}\n`;
}

function certificateLine(
  label: string,
  info: CertificateInfo | undefined,
  now: Date,
  missing: string,
): string {
  if (!info) return `  ${label.padEnd(20)}${missing}`;
  const days = daysRemaining(now, new Date(info.notAfter));
  const left = days < 0 ? `expired ${-days} day(s) ago` : `${days} day(s) left`;
  return [
    `  ${label.padEnd(20)}${info.subject}`,
    `  ${''.padEnd(20)}issuer ${info.issuer}`,
    `  ${''.padEnd(20)}notAfter ${info.notAfter} (${left})`,
    `  ${''.padEnd(20)}sha256 ${info.fingerprintSha256}`,
  ].join('\n');
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
