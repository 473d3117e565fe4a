/**
 * One Logger, one Metrics and one configuration per Lambda process, shared by every handler.
 * The configuration arrives as CONFIG_JSON (names and ARNs only) and is validated again at cold
 * start with the same schema `cdk synth` used, so a hand-edited variable fails loudly.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { type Config, parseConfig } from '../core/config';
import { ENV, requiredEnv } from './environment';
import { METRIC_NAMESPACE, METRIC_SERVICE } from './metric-catalog';

export const logger = new Logger({ serviceName: METRIC_SERVICE });

export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });

let config: Config | undefined;

export function runtimeConfig(): Config {
  config ??= parseConfig(JSON.parse(requiredEnv(ENV.config)), ENV.config);
  return config;
}

/** Error text safe to log and to put in a report: the message only, never the error's payload. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
