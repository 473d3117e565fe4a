import type { Command } from './command';
import { inspectCommand } from './commands/inspect';
import { probeCommand } from './commands/probe';
import { scanCommand } from './commands/scan';
import { snoozeCommand } from './commands/snooze';

/** Every CLI command, in the order `--help` lists them. */
export const commands: Command[] = [scanCommand, inspectCommand, probeCommand, snoozeCommand];
