/**
 * Builds the CDK app from a configuration file: the `bin/app.ts` entry and the tests share it, so
 * what the tests check is what `cdk synth` builds. A bad configuration throws ConfigError naming
 * the field before any construct exists.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfigFile } from '../lambdas/adapters/files/config-file';
import { ConfigError } from '../lambdas/core/config';
import { CertSentinelStack } from './cert-sentinel-stack';
import { PROJECT_ROOT } from './sentinel-function';

/** The example configuration: a starting point to copy, never deployed by default. */
export const EXAMPLE_CONFIG_PATH = 'config/example.json';
export const DEFAULT_STACK_NAME = 'CertSentinel';

export interface SentinelApp {
  app: App;
  stack: CertSentinelStack;
  nag: AwsSolutionsChecks;
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

/** Context: `config` (path, relative to the repository root unless absolute) and `stackName`. */
export function createApp(props: AppProps = {}): SentinelApp {
  // cdk.json's feature flags also apply when the app is built in-process (tests, benchmarks);
  // under the CLI they arrive twice, identical.
  const app = new App({ ...props, context: { ...cdkJsonContext(), ...props.context } });
  const configContext = app.node.tryGetContext('config');
  if (configContext === undefined || configContext === '') {
    // Synth without a configuration would deploy the example's placeholder addresses and phone.
    throw new ConfigError('the command line', [
      `config: no configuration given; pass yours with -c config=path/to/config.json (start from a copy of ${EXAMPLE_CONFIG_PATH})`,
    ]);
  }
  const configPath = path.resolve(PROJECT_ROOT, String(configContext));
  const config = loadConfigFile(configPath);
  const stack = new CertSentinelStack(
    app,
    String(app.node.tryGetContext('stackName') ?? DEFAULT_STACK_NAME),
    {
      config,
      configOrigin: configPath,
      description: 'Cert Sentinel: certificates on both sides of Salesforce mutual-TLS integrations',
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    },
  );
  // cdk-nag v3: a validation plugin; synth fails on any finding not acknowledged with a reason.
  const nag = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(nag);
  return { app, stack, nag };
}
