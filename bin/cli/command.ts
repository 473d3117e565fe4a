/**
 * The contract every CLI command implements, and the one flag parser they share. Commands write
 * through `io` (never to process.stdout directly) so tests can run them in-process as well as
 * through the real binary.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (colours, progress). */
  isTty: boolean;
  /** Terminal width, when stdout is a terminal. */
  columns?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code: 0 success, 1 findings/failures, 2 usage errors. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses flags strictly: unknown flags, missing values and stray positionals become UsageErrors
 * that name the flag. `--help` is always accepted.
 */
export function parseFlags<T extends FlagSpec>(
  argv: string[],
  options: T,
  allowPositionals = false,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[]; help: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
    const { help, ...rest } = values as Record<string, string | boolean | string[] | undefined>;
    return { values: rest, positionals, help: help === true };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

/** Reads an integer flag, naming the flag when the value is wrong. */
export function intFlag(value: unknown, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${String(value)}"`);
  }
  return n;
}

/** Reads a --now style flag: an ISO 8601 instant. */
export function instantFlag(value: unknown, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(String(value));
  if (!/^\d{4}-\d{2}-\d{2}/.test(String(value)) || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `${flag} must be an ISO 8601 date or instant such as 2026-11-23T09:00:00Z, got "${String(value)}"`,
    );
  }
  return date;
}

/** Reads a flag restricted to a set of values. */
export function choiceFlag<C extends string>(
  value: unknown,
  flag: string,
  choices: readonly C[],
): C | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value as C)) {
    throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got "${String(value)}"`);
  }
  return value as C;
}
