import type { Command } from './command';
import { inspectCommand } from './commands/inspect';
import { probeCommand } from './commands/probe';
import { scanCommand } from './commands/scan';

/** Every CLI command, in the order `--help` lists them. */
export const commands: Command[] = [scanCommand, inspectCommand, probeCommand];
