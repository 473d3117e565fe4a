import { type CliIo, type Command, EXIT, nearest, UsageError } from './command';
import { commands } from './commands';

const overview = (): string =>
  [
    'cert-sentinel: watches the certificates on both sides of Salesforce mutual-TLS integrations.',
    '',
    'Usage: cert-sentinel <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run `cert-sentinel <command> --help` for the options of one command.',
    'Start with: cert-sentinel scan --demo',
    '',
  ].join('\n');

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout(`${require('../../package.json').version}\n`);
    return 0;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    const near = nearest(
      name,
      commands.map((c) => c.name),
    );
    io.stderr(
      `cert-sentinel: unknown command "${name}"${near ? `; did you mean ${near}?` : ''}\nRun \`cert-sentinel --help\` for the commands.\n`,
    );
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `cert-sentinel ${command.name}: ${error.message}\nRun \`cert-sentinel ${command.name} --help\` for its options.\n`,
      );
      return EXIT.usage;
    }
    throw error;
  }
}
