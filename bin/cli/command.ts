/**
 * The contract every CLI command implements, and the one flag parser they share. Commands write
 * through `io` (never to process.stdout directly) so tests can run them in-process as well as
 * through the real binary.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { z } from 'zod';

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

/** The exit codes every command shares (README, "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** What was checked needs action: --fail-on reached, a handshake not OK. */
  failOn: 1,
  /** Usage or configuration error: nothing was done. */
  usage: 2,
  /** Done, but not everything could be read: the output is incomplete. */
  incomplete: 3,
  /** Alerts could not all be published. */
  alertsFailed: 4,
  /** A bug: an unexpected error. */
  internal: 70,
} as const;

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One flag, declared once: parseArgs reads its type, --help prints its value name and text. */
export interface FlagDef {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's name in --help (DIR, FILE, ISO-8601); string flags only. */
  value?: string;
  /** What it does, for --help (wrapped to fit). */
  help: string;
}

export type FlagSpec = Record<string, FlagDef>;

/** The parsed values, typed from the spec: booleans, strings, or string lists for `multiple`. */
export type FlagValues<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean'
    ? boolean
    : S[K]['multiple'] extends true
      ? string[]
      : string;
};

/** A titled block of flags in --help; a command's flags are the union of its groups. */
export interface FlagGroup {
  title: string;
  flags: FlagSpec;
}

const HELP_WIDTH = 100;
const FLAG_COLUMN = 32;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** --help, generated from the same specs parseFlags reads, so the two cannot drift apart. */
export function helpText(help: {
  synopsis: string;
  description: string;
  groups: FlagGroup[];
  footer?: string[];
}): string {
  const out = [`Usage: ${help.synopsis}`, '', ...wrap(help.description, HELP_WIDTH)];
  for (const group of help.groups) {
    out.push('', `${group.title}:`);
    for (const [name, flag] of Object.entries(group.flags)) {
      const left = `  --${name}${flag.type === 'string' ? ` ${flag.value ?? 'VALUE'}` : ''}`;
      const text = wrap(`${flag.help}${flag.multiple ? ' (repeatable)' : ''}`, HELP_WIDTH - FLAG_COLUMN);
      const first = left.length < FLAG_COLUMN - 1 ? [`${left.padEnd(FLAG_COLUMN)}${text.shift()}`] : [left];
      out.push(...first, ...text.map((t) => `${''.padEnd(FLAG_COLUMN)}${t}`));
    }
  }
  out.push(`${'  --help, -h'.padEnd(FLAG_COLUMN)}this text`);
  if (help.footer) out.push('', ...help.footer);
  return out.join('\n');
}

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Merges a command's flag groups into the one spec parseFlags reads. */
export function flagsOf<G extends readonly FlagGroup[]>(groups: G): Intersection<G[number]['flags']> {
  return Object.assign({}, ...groups.map((g) => g.flags));
}

/**
 * Parses flags strictly: unknown flags, missing values and stray positionals become UsageErrors
 * that name the flag (and the nearest known flag, for a typo). `--help` is always accepted.
 */
export function parseFlags<S extends FlagSpec>(
  argv: string[],
  spec: S,
  allowPositionals = false,
): { values: FlagValues<S>; positionals: string[]; help: boolean } {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, flag] of Object.entries(spec)) {
    options[name] = {
      type: flag.type,
      ...(flag.multiple ? { multiple: true } : {}),
      ...(flag.short ? { short: flag.short } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals, strict: true });
    const { help, ...rest } = values;
    return { values: rest as FlagValues<S>, positionals, help: help === true };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '.');
    const unknown = /^Unknown option '(--[^']+)'/.exec(message)?.[1];
    const near = unknown ? nearest(unknown.slice(2), Object.keys(spec)) : undefined;
    throw new UsageError(near ? `${message.replace(/\.$/, '')}; did you mean --${near}?` : message);
  }
}

/** The closest candidate within a couple of edits, for "did you mean" hints. */
export function nearest(word: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= Math.max(2, Math.floor(candidate.length / 4)) && (!best || distance < best.distance))
      best = { candidate, distance };
  }
  return best?.candidate;
}

/** Optimal string alignment distance: a swap of two neighbours (sacn -> scan) is one edit. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
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
  const day = /^(\d{4}-\d{2}-\d{2})(T|$)/.exec(String(value))?.[1];
  // Date would roll 2026-02-30 over into March: the day must exist, as in the configuration.
  if (!day || !z.iso.date().safeParse(day).success || Number.isNaN(date.getTime())) {
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
