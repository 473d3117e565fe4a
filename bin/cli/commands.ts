import type { Command } from './command';
import { scanCommand } from './commands/scan';

/** Every CLI command, in the order `--help` lists them. */
export const commands: Command[] = [scanCommand];
