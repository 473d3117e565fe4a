#!/usr/bin/env node
/** The `cert-sentinel` command line: one engine, local adapters. */
import { runCli } from './cli/main';

// A reader that stops early (`| head`, `| grep -q`) closes the pipe: the rest of the output has
// nobody to read it, so it is dropped and the command ends with its own exit code, without a trace.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
    stdoutClosed = true;
    return;
  }
  process.stderr.write(`cert-sentinel: cannot write the output: ${error.message}\n`);
  process.exitCode = 70;
});

runCli(process.argv.slice(2), {
  stdout: (text) => stdoutClosed || process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stdout.isTTY === true,
  columns: process.stdout.columns,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cert-sentinel: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
