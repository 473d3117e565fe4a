/**
 * The Lambda bundles exactly as `cdk synth` builds them (same app, same esbuild options), their
 * minified size and their cold init time: each bundle is loaded in a fresh Node process (the
 * Lambda runtime's major version) and the time to `require` it is measured, median of several runs.
 * The AWS SDK is not in the bundles (lib/sentinel-function.ts): each process gets it the way the
 * nodejs24.x runtime provides it, through NODE_PATH, from a directory that holds `@aws-sdk` and
 * nothing else (`runtimeNodePath`), so a bundle that needs any other package fails here as it
 * would in Lambda.
 *
 *   npx tsx bench/bundles.ts [runs]      prints the Markdown table for docs/performance.md
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp, EXAMPLE_CONFIG_PATH } from '../lib/app';
import { FUNCTION_ENTRIES, type FunctionName, PROJECT_ROOT } from '../lib/sentinel-function';

export interface FunctionBundle {
  name: FunctionName;
  /** The asset directory holding index.js and index.js.map. */
  dir: string;
  /** Environment variables of the deployed function, with references replaced by placeholders. */
  environment: Record<string, string>;
}

/** Placeholder values for variables that the template fills with references (bucket, table, topics). */
export const PLACEHOLDERS: Record<string, string> = {
  SNAPSHOT_BUCKET: 'snapshots',
  ALERT_STATE_TABLE: 'alert-state',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
  OPS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:ops',
};

/** Synthesizes the app with bundling on, the way `cdk synth` does, and finds each function's bundle. */
export function synthesizeBundles(
  outdir = mkdtempSync(path.join(tmpdir(), 'sentinel-bundles-')),
): FunctionBundle[] {
  // The CLI turns asset metadata on; it tells which asset directory belongs to which function.
  const { app, stack } = createApp({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true, config: EXAMPLE_CONFIG_PATH },
  });
  app.synth();
  const template = JSON.parse(
    readFileSync(path.join(outdir, `${stack.artifactId}.template.json`), 'utf8'),
  ) as {
    Resources: Record<
      string,
      {
        Type: string;
        Metadata?: Record<string, string>;
        Properties: { Environment?: { Variables?: Record<string, unknown> } };
      }
    >;
  };
  return (Object.keys(FUNCTION_ENTRIES) as FunctionName[]).map((name) => {
    const [, resource] =
      Object.entries(template.Resources).find(
        ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(`${name}Function`),
      ) ?? [];
    if (!resource?.Metadata?.['aws:asset:path']) throw new Error(`no bundled asset for ${name}`);
    const variables = (resource.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
    const environment = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : (PLACEHOLDERS[key] ?? 'unresolved'),
      ]),
    );
    return { name, dir: path.join(outdir, resource.Metadata['aws:asset:path']), environment };
  });
}

/** Source files esbuild put in the bundle, from its source map (paths relative to the bundle). */
export function bundledSources(bundle: FunctionBundle): string[] {
  return (JSON.parse(readFileSync(path.join(bundle.dir, 'index.js.map'), 'utf8')) as { sources: string[] })
    .sources;
}

export function bundleBytes(bundle: FunctionBundle): number {
  return statSync(path.join(bundle.dir, 'index.js')).size;
}

let runtimeModules: string | undefined;

/**
 * A stand-in for the runtime's /var/runtime/node_modules: a directory whose only entry is a link
 * to the project's `@aws-sdk` (the SDK packages then find their own dependencies, such as
 * `@smithy/*`, next to their real location, as they do in the runtime). Use it as NODE_PATH.
 */
export function runtimeNodePath(): string {
  if (runtimeModules && existsSync(runtimeModules)) return runtimeModules;
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sentinel-runtime-')), 'node_modules');
  mkdirSync(dir);
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules', '@aws-sdk'), path.join(dir, '@aws-sdk'), 'dir');
  runtimeModules = dir;
  return dir;
}

/**
 * Environment of a local run: the function's own variables, offline credentials, no metadata
 * service, and the runtime's SDK on NODE_PATH.
 */
export function localEnvironment(
  bundle: FunctionBundle,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    NODE_PATH: runtimeNodePath(),
    ...bundle.environment,
    ...extra,
  };
}

/** Milliseconds to load the bundle (its init phase) in a fresh process, median of `runs`. */
export function coldInitMs(bundle: FunctionBundle, runs = 5): number {
  const script = `const t = performance.now(); require(${JSON.stringify(path.join(bundle.dir, 'index.js'))}); process.stdout.write(String(performance.now() - t));`;
  const times = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['--enable-source-maps', '-e', script], {
        env: localEnvironment(bundle, { POWERTOOLS_DEV: 'false' }),
        encoding: 'utf8',
      }),
    ),
  ).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  const bundles = synthesizeBundles();
  const rows = bundles.map((bundle) => {
    const sources = bundledSources(bundle);
    const has = (pkg: string) => (sources.some((s) => s.includes(`node_modules/${pkg}/`)) ? 'yes' : 'no');
    let init: string;
    try {
      init = `${coldInitMs(bundle, runs).toFixed(0)} ms`;
    } catch {
      init = 'does not load';
    }
    return `| ${bundle.name} | ${(bundleBytes(bundle) / 1024).toFixed(0)} KB | ${init} | ${has('@jsforce/jsforce-node')} | ${has('node-forge')} | ${has('@aws-sdk/client-s3')} |`;
  });
  process.stdout.write(
    [
      `Node ${process.version}, ${runs} fresh processes per bundle, median time to require the bundle (SDK from NODE_PATH).`,
      '',
      '| function | index.js (minified) | cold init | jsforce | node-forge | SDK bundled |',
      '| --- | ---: | ---: | :---: | :---: | :---: |',
      ...rows,
      '',
    ].join('\n'),
  );
}

if (require.main === module) main();
