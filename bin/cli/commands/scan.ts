/** `scan`: sources -> core -> report, the main job of the product, run locally. */
import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { createDemoSource } from '../../../lambdas/adapters/demo/inventory';
import { createCertDirSource } from '../../../lambdas/adapters/files/cert-dir';
import { loadConfigFile } from '../../../lambdas/adapters/files/config-file';
import { createProbeSource } from '../../../lambdas/adapters/tls-probe/source';
import { type CollectProgress, collectInventory } from '../../../lambdas/core/collect';
import { type Config, ConfigError } from '../../../lambdas/core/config';
import { evaluate } from '../../../lambdas/core/evaluate';
import { mergeInventories } from '../../../lambdas/core/inventory';
import { type CertificateSource, TIERS, type Tier } from '../../../lambdas/core/model';
import { probeTargetsFromSecrets } from '../../../lambdas/core/probe-targets';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../../lambdas/core/report/render';
import { atOrPast } from '../../../lambdas/core/tiers';
import { alertFlags, deliverAlertsFromCli } from '../alerting';
import { type CliIo, type Command, choiceFlag, instantFlag, parseFlags, UsageError } from '../command';
import { probeRequestsFromConfig } from '../sources/probes';
import { salesforceFlags, salesforceSources } from '../sources/salesforce';
import { secretsFlags, secretsSources } from '../sources/secrets';

const usage = `Usage: cert-sentinel scan [options]

Collects certificates from the chosen sources, evaluates expiry tiers, the dependency graph,
findings and the SC-081 rotation forecast, and prints a report.

Sources (combine any):
  --demo                        the built-in demo inventory (no AWS, no Salesforce)
  --cert-dir DIR                certificate files (PEM, DER, PKCS#12, JKS) with optional NAME.json
                                sidecars; repeatable
  --config FILE                 configuration: orgs, secret selectors, probe targets, policy,
                                certificate metadata, alerts
  --salesforce-instance-url URL --salesforce-access-token TOKEN   one org by session
                                (or SF_INSTANCE_URL / SF_ACCESS_TOKEN)
  --salesforce-client-id ID --salesforce-username USER --salesforce-key-file FILE
                [--salesforce-login-url URL]                       one org by JWT bearer
  --salesforce-api-version V    API version (default 62.0); --salesforce-org-name NAME
  --secrets-tag KEY=VALUE, --secrets-prefix PREFIX, --secrets-region R (repeatable),
  --secrets-role-arn ARN        partner certificates in AWS Secrets Manager

Report:
  --now ISO-8601                evaluate as of this instant (default: the current time)
  --format table|json|markdown|html   (default: table, or from --out's extension)
  --out FILE                    write the report to FILE and print a one-line summary
  --fail-on TIER                exit 1 when any certificate is at or past TIER
                                (notice, warning, critical, expired)
  --no-color                    plain text even on a terminal

Alerts:
  --sns-topic-arn ARN [--ops-topic-arn ARN] [--state-table TABLE]   publish this scan's alerts
  --dry-run-alerts              print the alerts that would be sent

Exit codes: 0 done; 1 --fail-on tier reached; 2 usage or configuration error;
            3 a source failed (the report is incomplete).`;

const FORMAT_BY_EXTENSION: Record<string, ReportFormat> = {
  '.json': 'json',
  '.md': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

export const scanCommand: Command = {
  name: 'scan',
  summary: 'collect, evaluate and report certificates (try: scan --demo)',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, help } = parseFlags(argv, {
      demo: { type: 'boolean' },
      config: { type: 'string' },
      'cert-dir': { type: 'string', multiple: true },
      now: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'fail-on': { type: 'string' },
      'no-color': { type: 'boolean' },
      ...salesforceFlags,
      ...secretsFlags,
      ...alertFlags,
    });
    if (help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    const now = instantFlag(values.now, '--now') ?? new Date();
    const out = values.out as string | undefined;
    const format =
      choiceFlag(values.format, '--format', REPORT_FORMATS) ??
      (out ? FORMAT_BY_EXTENSION[extname(out).toLowerCase()] : undefined) ??
      'table';
    const failOn = choiceFlag(
      values['fail-on'],
      '--fail-on',
      TIERS.filter((t) => t !== 'ok'),
    ) as Tier | undefined;

    let config: Config = {};
    try {
      if (values.config) config = loadConfigFile(resolve(io.cwd, values.config as string));
    } catch (error) {
      if (error instanceof ConfigError) {
        io.stderr(`cert-sentinel scan: ${error.message}\n`);
        return 2;
      }
      throw error;
    }

    const sources: CertificateSource[] = [];
    if (values.demo) sources.push(createDemoSource());
    for (const dir of (values['cert-dir'] as string[] | undefined) ?? [])
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
    const report = evaluate(inventory, { now, config });

    const rendered = renderReport(report, format, {
      color: io.isTty && !values['no-color'] && !out && !io.env.NO_COLOR,
      width: out ? undefined : io.columns,
    });
    if (out) {
      writeFileSync(resolve(io.cwd, out), rendered);
      const t = report.summary.byTier;
      io.stdout(
        `Wrote ${format} report to ${out}: ${report.summary.certificates} certificates (${t.expired} expired, ${t.critical} critical, ${t.warning} warning, ${t.notice} notice), ${report.findings.length} findings.\n`,
      );
    } else {
      io.stdout(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
    }

    await deliverAlertsFromCli(values, report, config.alerts, io, now);

    if (failOn && report.certificates.some((c) => atOrPast(c.tier, failOn))) {
      io.stderr(`cert-sentinel scan: certificates at or past "${failOn}" (--fail-on)\n`);
      return 1;
    }
    if (report.sources.some((s) => s.status === 'failed')) {
      io.stderr('cert-sentinel scan: a source failed; the report is incomplete\n');
      return 3;
    }
    return 0;
  },
};
