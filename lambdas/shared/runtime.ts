/**
 * The configuration of a Lambda process, and what every handler shares (logging, metrics, tracing:
 * observability.ts). The configuration arrives as CONFIG_JSON (names and ARNs only) and is
 * validated again at cold start with the same schema `cdk synth` used, so a hand-edited variable
 * fails loudly.
 */
import { type Config, parseConfig } from '../core/config';
import { ENV, requiredEnv } from './environment';

export { lambdaHandler, logger, metrics, tracer } from './observability';

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
