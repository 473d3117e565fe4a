/**
 * Builds the stack from a configuration the test writes, through the same createApp the CDK
 * entry uses. Bundling is skipped (seconds instead of tens of seconds); bundles.test.ts bundles.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp, type SentinelApp } from '../../lib/app';
import { PROJECT_ROOT } from '../../lib/sentinel-function';

export const EXAMPLE_CONFIG = path.join(PROJECT_ROOT, 'config/example.json');

export function writeConfig(config: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sentinel-config-'));
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

export function buildApp(configPath = EXAMPLE_CONFIG, context: Record<string, unknown> = {}): SentinelApp {
  return createApp({ context: { 'aws:cdk:bundling-stacks': [], config: configPath, ...context } });
}

export function templateOf(sentinel: SentinelApp): Template {
  return Template.fromStack(sentinel.stack);
}

/** A small valid configuration to vary per test. */
export function minimalConfig(): Record<string, unknown> {
  return {
    orgs: [
      {
        name: 'acme-prod',
        auth: {
          type: 'jwt',
          clientId: 'id',
          username: 'u@acme.example',
          privateKeySecret: 'sentinel/acme-prod',
        },
      },
    ],
    secrets: [{ prefix: 'partners/' }],
    probes: [{ host: 'mtls.partner.example' }],
    alerts: { email: ['team@acme.example'] },
  };
}
