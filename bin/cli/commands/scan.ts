/** `scan`: sources -> core -> report, the main job of the product, run locally. */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { createDemoSource } from '../../../lambdas/adapters/demo/inventory';
import { createCertDirSource } from '../../../lambdas/adapters/files/cert-dir';
import { loadConfigFile } from '../../../lambdas/adapters/files/config-file';
import { createProbeSource } from '../../../lambdas/adapters/tls-probe/source';
import { loadTrustStore } from '../../../lambdas/adapters/trust/roots';
import { type CollectProgress, collectInventory } from '../../../lambdas/core/collect';
import { type Config, ConfigError } from '../../../lambdas/core/config';
import { evaluate } from '../../../lambdas/core/evaluate';
import {
  copyDisagreementFinding,
  joinSameCertificates,
  mergeInventories,
} from '../../../lambdas/core/inventory';
import { type CertificateSource, TIERS, type Tier } from '../../../lambdas/core/model';
import { probeTargetsFromSecrets } from '../../../lambdas/core/probe-targets';
import type { Report } from '../../../lambdas/core/report/model';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../../lambdas/core/report/render';
import { plural } from '../../../lambdas/core/report/render-format';
import { atOrPast } from '../../../lambdas/core/tiers';
import type { TrustStore } from '../../../lambdas/core/trust/store';
import { alertFlags, deliverAlertsFromCli } from '../alerting';
import {
  type CliIo,
  type Command,
  choiceFlag,
  EXIT,
  type FlagSpec,
  flagsOf,
  helpText,
  instantFlag,
  parseFlags,
  UsageError,
} from '../command';
import { probeRequestsFromConfig } from '../sources/probes';
import { salesforceFlags, salesforceSources } from '../sources/salesforce';
import { secretsFlags, secretsSources } from '../sources/secrets';

const sourceFlags = {
  demo: { type: 'boolean', help: 'the built-in demo inventory (no AWS, no Salesforce)' },
  'cert-dir': {
    type: 'string',
    value: 'DIR',
    multiple: true,
    help: 'certificate files (PEM, DER, PKCS#12, JKS) below DIR, links followed, with optional NAME.json sidecars',
  },
  config: {
    type: 'string',
    value: 'FILE',
    help: 'configuration: orgs, secret selectors, probe targets, policy, certificate metadata, alerts',
  },
} as const satisfies FlagSpec;

const reportFlags = {
  now: { type: 'string', value: 'ISO-8601', help: 'evaluate as of this instant (default: the current time)' },
  format: {
    type: 'string',
    value: 'FORMAT',
    help: `${REPORT_FORMATS.join(', ')} (default: table, or from the extension of --out); ics is the rotation calendar (RFC 5545)`,
  },
  out: { type: 'string', value: 'FILE', help: 'write the report to FILE and print a one-line summary' },
  'fail-on': {
    type: 'string',
    value: 'TIER',
    help: 'exit 1 when a certificate, or a finding of that severity, is at or past TIER (notice, warning, critical, expired)',
  },
  'no-color': { type: 'boolean', help: 'plain text even on a terminal' },
} as const satisfies FlagSpec;

const groups = [
  { title: 'Sources (combine any)', flags: sourceFlags },
  { title: 'Salesforce (one org; more in --config)', flags: salesforceFlags },
  { title: 'AWS Secrets Manager', flags: secretsFlags },
  { title: 'Report', flags: reportFlags },
  { title: 'Alerts', flags: alertFlags },
] as const;
const flags = flagsOf(groups);

const usage = helpText({
  synopsis: 'cert-sentinel scan [options]',
  description:
    'Collects certificates from the chosen sources, evaluates expiry tiers, the dependency graph, findings and the SC-081 rotation forecast, and prints a report.',
  groups: [...groups],
  footer: [
    'Exit codes: 0 done; 1 --fail-on tier reached; 2 usage or configuration error (nothing scanned);',
    '            3 the report is incomplete (a source failed, was read in part, or found nothing);',
    '            4 alerts could not be published; 70 internal error. The first that applies of 2, 3, 4, 1.',
  ],
});

const FORMAT_BY_EXTENSION: Record<string, ReportFormat> = {
  '.json': 'json',
  '.md': 'markdown',
  '.html': 'html',
  '.ics': 'ics',
  '.htm': 'html',
};

export const scanCommand: Command = {
  name: 'scan',
  summary: 'collect, evaluate and report certificates (try: scan --demo)',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, help } = parseFlags(argv, flags);
    if (help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    const now = instantFlag(values.now, '--now') ?? new Date();
    const { out } = values;
    const format =
      choiceFlag(values.format, '--format', REPORT_FORMATS) ??
      (out ? FORMAT_BY_EXTENSION[extname(out).toLowerCase()] : undefined) ??
      'table';
    const failOn = choiceFlag(
      values['fail-on'],
      '--fail-on',
      TIERS.filter((t) => t !== 'ok'),
    ) as Tier | undefined;

    if (out) checkOutPath(out, io.cwd);

    let config: Config = {};
    let trust: TrustStore;
    try {
      if (values.config) config = loadConfigFile(resolve(io.cwd, values.config));
      trust = loadTrustStore(config.trust, { cwd: io.cwd, origin: values.config ?? 'configuration' });
    } catch (error) {
      if (error instanceof ConfigError) {
        io.stderr(`cert-sentinel scan: ${error.message}\n`);
        return 2;
      }
      throw error;
    }

    const sources: CertificateSource[] = [];
    if (values.demo) sources.push(createDemoSource());
    for (const dir of values['cert-dir'] ?? [])
      sources.push(createCertDirSource(resolve(io.cwd, dir), { env: io.env }));
    sources.push(
      ...(await salesforceSources(values, config.orgs ?? [], io, {
        certificateLimit: config.policy?.certificateLimit,
      })),
    );
    sources.push(...(await secretsSources(values, config.secrets ?? [], io)));
    // Read now, so a missing CA file stops the scan before anything runs; probed after collection.
    const configuredProbes = await probeRequestsFromConfig(config.probes ?? [], io);
    if (sources.length === 0 && configuredProbes.length === 0) {
      throw new UsageError(
        'nothing to scan: give --demo, --cert-dir DIR, --config FILE, or Salesforce / Secrets Manager options',
      );
    }

    const progress = io.isTty ? (line: string) => io.stderr(`${line}\n`) : () => {};
    const onProgress: CollectProgress = (event) => {
      if (event.state === 'done') progress(`  ${event.source}: ${event.certificates} certificate(s)`);
      if (event.state === 'failed') progress(`  ${event.source}: FAILED (${event.error})`);
    };
    if (sources.length > 0) progress(`Collecting from ${sources.length} source(s)...`);
    let inventory = await collectInventory(sources, now, onProgress);
    // One certificate in two --cert-dir folders is one certificate, as it is within one folder.
    const fileSources = new Set(inventory.sources.filter((s) => s.kind === 'files').map((s) => s.name));
    const fromFiles = inventory.certificates.filter((c) => fileSources.has(c.source));
    if (fromFiles.length > 0) {
      const joined = joinSameCertificates(fromFiles);
      inventory.certificates = [
        ...inventory.certificates.filter((c) => !fileSources.has(c.source)),
        ...joined.certificates,
      ];
      inventory.findings.push(...joined.disagreements.map((d) => copyDisagreementFinding(d, 'files')));
    }

    // Partner secrets may name where their certificate is presented (`probeEndpoint`): those
    // endpoints are probed with that very secret, beside the configured targets (which win for
    // an endpoint both name). One probe source for both, so the report lists it once.
    const derived = probeTargetsFromSecrets(inventory, config.probes ?? []);
    inventory.findings.push(...derived.findings);
    const probeRequests = [...configuredProbes, ...(await probeRequestsFromConfig(derived.targets, io))];
    if (probeRequests.length > 0) {
      progress(
        `Probing ${probeRequests.length} endpoint(s)${derived.targets.length > 0 ? ` (${derived.targets.length} named by partner secrets)` : ''}...`,
      );
      const probed = await collectInventory([createProbeSource(probeRequests)], now, onProgress);
      inventory = mergeInventories([inventory, probed]);
    }
    const report = evaluate(inventory, { now, config, trust });

    const rendered = renderReport(report, format, {
      color: io.isTty && !values['no-color'] && !out && !io.env.NO_COLOR,
      // The terminal's width, or $COLUMNS when the user sets it; a file or a pipe is never cut.
      width: out ? undefined : (io.columns ?? columnsFrom(io.env.COLUMNS)),
    });
    if (out) {
      try {
        writeFileSync(resolve(io.cwd, out), rendered);
      } catch (error) {
        io.stderr(`cert-sentinel scan: --out ${out}: cannot write (${errorCode(error)})\n`);
        return EXIT.usage;
      }
      const t = report.summary.byTier;
      io.stdout(
        `Wrote ${format} report to ${out}: ${plural(report.summary.certificates, 'certificate')} (${t.expired} expired, ${t.critical} critical, ${t.warning} warning, ${t.notice} notice), ${plural(report.findings.length, 'finding')}.\n`,
      );
    } else {
      io.stdout(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
    }

    const delivery = await deliverAlertsFromCli(values, report, config.alerts, io, now, config.snoozes);
    return scanExitCode(report, failOn, delivery?.failed ?? 0, io);
  },
};

/**
 * One rule for every way a scan can end short of "all read, nothing due": each reason is
 * printed, and the exit code is the first that applies in the README's order (3, 4, 1).
 */
function scanExitCode(report: Report, failOn: Tier | undefined, alertsFailed: number, io: CliIo): number {
  const incomplete = report.sources.filter((s) => s.status !== 'ok');
  const due = failOn ? report.certificates.filter((c) => atOrPast(c.tier, failOn)).length : 0;
  // A finding that says a certificate cannot work (no clientAuth EKU, a failed handshake) is as
  // due as an expiry: its severity counts as the tier of the same name.
  const dueFindings = failOn
    ? report.findings.filter((f) => f.severity !== 'info' && atOrPast(f.severity, failOn)).length
    : 0;
  if (incomplete.length > 0) {
    const names = incomplete.map((s) => `${s.name} (${s.status})`).join(', ');
    io.stderr(`cert-sentinel scan: the report is incomplete: ${names}\n`);
  }
  if (alertsFailed > 0) io.stderr(`cert-sentinel scan: ${alertsFailed} alert(s) could not be published\n`);
  if (due > 0) io.stderr(`cert-sentinel scan: ${due} certificate(s) at or past "${failOn}" (--fail-on)\n`);
  if (dueFindings > 0)
    io.stderr(`cert-sentinel scan: ${dueFindings} finding(s) at or past "${failOn}" (--fail-on)\n`);
  if (incomplete.length > 0) return EXIT.incomplete;
  if (alertsFailed > 0) return EXIT.alertsFailed;
  if (due > 0 || dueFindings > 0) return EXIT.failOn;
  return EXIT.ok;
}

function columnsFrom(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * Refuses an --out that cannot be written before anything is collected: a missing folder, a
 * folder in the file's place, a path without write permission.
 */
function checkOutPath(out: string, cwd: string): void {
  const path = resolve(cwd, out);
  const folder = dirname(path);
  const target = statSync(path, { throwIfNoEntry: false });
  if (target?.isDirectory()) throw new UsageError(`--out ${out}: is a folder; name a file in it`);
  const parent = statSync(folder, { throwIfNoEntry: false });
  if (!parent) throw new UsageError(`--out ${out}: the folder ${folder} does not exist`);
  if (!parent.isDirectory()) throw new UsageError(`--out ${out}: ${folder} is not a folder`);
  try {
    accessSync(target ? path : folder, constants.W_OK);
  } catch {
    throw new UsageError(`--out ${out}: no permission to write ${target ? path : `in ${folder}`}`);
  }
}
