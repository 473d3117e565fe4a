/**
 * `snooze`: silence one certificate's daily repeats until a day, with who and why. With
 * --state-table it is written to the deployed stack's alert-state table, where the next scan (CLI
 * or Lambda) honours it; without, it prints the `snoozes` entry to add to the configuration.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbAlertState } from '../../../lambdas/adapters/dynamodb/alert-state';
import { newSnooze } from '../../../lambdas/core/alerts/snooze';
import { ConfigError, snoozeSchema, validate } from '../../../lambdas/core/config';
import {
  type CliIo,
  type Command,
  type FlagSpec,
  flagsOf,
  helpText,
  instantFlag,
  parseFlags,
  UsageError,
} from '../command';

const snoozeFlags = {
  until: { type: 'string', value: 'YYYY-MM-DD', help: 'last day silenced (inclusive, UTC)' },
  reason: { type: 'string', value: 'TEXT', help: 'why (shown in the digest)' },
  by: { type: 'string', value: 'WHO', help: 'who (default: $USER)' },
  'state-table': {
    type: 'string',
    value: 'TABLE',
    help: 'write it to the stack\'s alert-state table (DynamoDB); without it, the entry to add to "snoozes" in the configuration is printed',
  },
  now: { type: 'string', value: 'ISO-8601', help: 'the instant it is recorded (default: the current time)' },
} as const satisfies FlagSpec;

const groups = [{ title: 'Snooze', flags: snoozeFlags }] as const;
const flags = flagsOf(groups);

const usage = helpText({
  synopsis: 'cert-sentinel snooze CERTIFICATE --until YYYY-MM-DD --reason TEXT [options]',
  description:
    'Silences the daily repeats of one certificate (its id or name, as the report shows it) through the given UTC day. A worse tier or a replaced certificate ends the snooze at once; the weekly digest still lists the certificate, with who snoozed it, why and until when.',
  groups: [...groups],
  footer: [
    'Exit codes: 0 recorded (or printed); 1 the table changed meanwhile (run it again); 2 usage errors.',
  ],
});

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export const snoozeCommand: Command = {
  name: 'snooze',
  summary: "silence a certificate's repeats until a day (who, why, until when)",
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals, help } = parseFlags(argv, flags, true);
    if (help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('name exactly one certificate (its id or name)');
    const now = instantFlag(values.now, '--now') ?? new Date();
    let spec: ReturnType<typeof snoozeSchema.parse>;
    try {
      spec = validate(
        snoozeSchema,
        {
          certificate: positionals[0],
          until: values.until,
          reason: values.reason,
          by: values.by ?? io.env.USER,
        },
        'the snooze flags',
      );
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.problems.map((p) => `--${p}`).join('; '));
      throw error;
    }
    if (spec.until < now.toISOString().slice(0, 10)) {
      throw new UsageError(
        `--until ${spec.until} is already past (today is ${now.toISOString().slice(0, 10)} UTC)`,
      );
    }
    const table = values['state-table'];
    if (table === undefined) {
      io.stdout(
        `Add this to "snoozes" in the configuration (or give --state-table to record it in the stack's table):\n${JSON.stringify(spec, null, 2)}\n`,
      );
      return 0;
    }
    if (!TABLE_NAME.test(table)) {
      throw new UsageError(
        `--state-table must be a DynamoDB table name (3-255 letters, digits, _ . -), got "${table}"`,
      );
    }
    const state = new DynamoDbAlertState({
      tableName: table,
      client: new DynamoDBClient({ region: io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION }),
    });
    const snooze = newSnooze(spec, now);
    const entries = (await state.load()).filter((e) => e.key !== snooze.key);
    const { conflicts } = await state.save([...entries, snooze]);
    if (conflicts.includes(snooze.key)) {
      io.stderr(
        `cert-sentinel snooze: ${table} changed while writing ${snooze.key}; run the command again\n`,
      );
      return 1;
    }
    io.stdout(
      `Snoozed ${spec.certificate} until ${spec.until} (inclusive, UTC) by ${snooze.by}: ${spec.reason}\n`,
    );
    return 0;
  },
};
