/** `inspect`: what is in these certificate files, read by the same engine the scans use. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTrustStore } from '../../../lambdas/adapters/trust/roots';
import { type ParsedInput, parseCertificateInput } from '../../../lambdas/core/certificates/parse';
import { recordFromChain } from '../../../lambdas/core/certificates/record';
import { evaluate } from '../../../lambdas/core/evaluate';
import { type CertificateInfo, emptyInventory, type Tier } from '../../../lambdas/core/model';
import { daysLeftPhrase, stripControls } from '../../../lambdas/core/report/render-format';
import { derBase64Of } from '../../../lambdas/core/trust/der-memo';
import {
  type CliIo,
  type Command,
  EXIT,
  type FlagSpec,
  type FlagValues,
  helpText,
  instantFlag,
  parseFlags,
  UsageError,
} from '../command';

const flags = {
  json: {
    type: 'boolean',
    help: 'machine output: { "certificates": [...], "errors": [{ "input", "error" }] }',
  },
  password: {
    type: 'string',
    value: 'P',
    help: 'password for PKCS#12 and JKS files (visible in the process list: prefer --password-env)',
  },
  'password-env': { type: 'string', value: 'VAR', help: 'read the password from environment variable VAR' },
  now: {
    type: 'string',
    value: 'ISO-8601',
    help: 'count days left from this instant (default: the current time)',
  },
} as const satisfies FlagSpec;

const usage = helpText({
  synopsis: 'cert-sentinel inspect [options] FILE...',
  description:
    'Reads certificate files (PEM with one or many certificates, DER, PKCS#12 .p12/.pfx, Java KeyStore .jks) and prints every certificate: subject, issuer, validity, key, fingerprint. Private keys in the files are never read or printed.',
  groups: [{ title: 'Options', flags }],
  footer: [
    'Exit codes: 0 every file was read; 2 usage error; 3 a file could not be read (the others are',
    '            still printed).',
  ],
});

/** Each certificate as the engine reads it, plus the file and what a scan would say of its expiry. */
export interface InspectedCertificate extends CertificateInfo {
  input: string;
  daysRemaining: number;
  lifetimeDays: number;
  tier: Tier;
  publiclyTrusted: boolean;
  /** Subjects from this certificate up to the root reached through the certificates of the same file. */
  chain: string[] | null;
  /** Subject of the public root (Node's Mozilla store) the chain reaches, or null. */
  trustAnchor: string | null;
}

export interface InspectOutput {
  certificates: InspectedCertificate[];
  errors: Array<{ input: string; error: string }>;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show the certificates in PEM, DER, PKCS#12 or JKS files',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals, help } = parseFlags(argv, flags, true);
    if (help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('give at least one FILE');
    const password = passwordFrom(values, io.env);
    const now = instantFlag(values.now, '--now') ?? new Date();

    const parsed = positionals.map((file) => inspectFile(file, io.cwd, password));
    const output = toOutput(parsed, now);
    io.stdout(values.json ? `${JSON.stringify(output, null, 2)}\n` : renderTable(output, parsed));
    if (!values.json)
      for (const { error } of output.errors) io.stderr(`cert-sentinel inspect: ${stripControls(error)}\n`);
    return output.errors.length > 0 ? EXIT.incomplete : EXIT.ok;
  },
};

function passwordFrom(values: FlagValues<typeof flags>, env: NodeJS.ProcessEnv): string | undefined {
  const direct = values.password;
  const variable = values['password-env'];
  if (direct !== undefined && variable !== undefined) {
    throw new UsageError('give --password or --password-env, not both');
  }
  if (variable === undefined) return direct;
  const fromEnv = env[variable];
  if (fromEnv === undefined)
    throw new UsageError(`--password-env: environment variable ${variable} is not set`);
  return fromEnv;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function inspectFile(file: string, cwd: string, password: string | undefined): ParsedInput {
  let data: Buffer;
  try {
    data = readFileSync(resolve(cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return { input: file, certificates: [], error: `${file}: cannot be read (${READ_ERRORS[code] ?? code})` };
  }
  return parseCertificateInput({ name: file, data, password });
}

/** Tier and days left come from the same evaluation a scan runs, one certificate at a time. */
function toOutput(parsed: ParsedInput[], now: Date): InspectOutput {
  const found = parsed.flatMap((p) => p.certificates.map((info) => ({ input: p.input, info, file: p })));
  const inventory = emptyInventory();
  found.forEach(({ input, info, file }, index) => {
    const record = recordFromChain([info], {
      id: `inspect:${index}`,
      source: 'files',
      name: input,
      kind: 'file',
    });
    // Each certificate's chain is looked for among the certificates of its own file.
    const der = file.certificates.map(derBase64Of);
    if (der.every((d) => d !== undefined)) record.der = der as string[];
    inventory.certificates.push(record);
  });
  const trust = loadTrustStore(undefined, { cwd: '.' });
  const evaluated = new Map(evaluate(inventory, { now, trust }).certificates.map((c) => [c.id, c]));
  return {
    certificates: found.map(({ input, info }, index) => {
      const c = evaluated.get(`inspect:${index}`);
      if (!c) throw new Error(`inspect: certificate ${index} was not evaluated`);
      return {
        input,
        ...info,
        daysRemaining: c.daysRemaining,
        lifetimeDays: c.lifetimeDays,
        tier: c.tier,
        publiclyTrusted: c.publiclyTrusted,
        chain: c.chain,
        trustAnchor: c.trustAnchor,
      };
    }),
    errors: parsed.flatMap((p) => (p.error ? [{ input: p.input, error: p.error }] : [])),
  };
}

const FORMAT_NAMES: Record<NonNullable<ParsedInput['format']>, string> = {
  pem: 'PEM',
  der: 'DER',
  pkcs12: 'PKCS#12',
  jks: 'JKS',
};

const HEADERS = ['FILE', 'FORMAT', 'SUBJECT', 'ISSUER', 'NOT AFTER (UTC)', 'LEFT', 'TIER', 'KEY', 'FLAGS'];

function renderTable(output: InspectOutput, parsed: ParsedInput[]): string {
  const formats = new Map(parsed.map((p) => [p.input, p.format]));
  const rows = output.certificates.map((c) => {
    const format = formats.get(c.input);
    return [
      c.input,
      format ? FORMAT_NAMES[format] : '',
      c.subject,
      c.issuer,
      c.notAfter.replace('T', ' ').replace('Z', ''),
      daysLeftPhrase(c.daysRemaining),
      c.tier,
      c.keySize === undefined ? c.keyType : `${c.keyType} ${c.keySize}`,
      certificateFlags(c),
    ];
  });
  const total = rows.length;
  const failed = parsed.filter((p) => p.error).length;
  const summary = `${total} certificate${total === 1 ? '' : 's'} in ${parsed.length} file${parsed.length === 1 ? '' : 's'}${failed > 0 ? `, ${failed} with errors` : ''}. Use --json for SANs, serials and fingerprints.\n`;
  if (total === 0) return summary;
  const cells = [HEADERS, ...rows].map((row) => row.map((cell) => stripControls(cell)));
  const widths = HEADERS.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const lines = cells.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n\n${summary}`;
}

function certificateFlags(c: CertificateInfo): string {
  return [c.isCa ? 'CA' : '', c.selfSigned ? 'self-signed' : ''].filter(Boolean).join(', ');
}
