/**
 * One warm Lambda execution environment for the offline end-to-end suite, in its own Node
 * process with exactly the function's environment (plus the runtime's NODE_PATH and the local
 * endpoints). Like the Node runtime it loads the bundle once (init), then runs one invocation at a
 * time and reports a thrown error as { errorType, errorMessage, trace }.
 *
 * The clock: the deployed functions read `new Date()`. The suite controls the day by moving this
 * process's clock (Date only, never the code under test): each invocation carries the instant it
 * happens at, and the clock runs on from there. OpenSSL keeps the process's real clock, which is
 * why the suite's first day is the real now (see scan-harness.ts).
 */
'use strict';

const RealDate = Date;
let offsetMs = 0;

class ControlledDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = ControlledDate;

const { readFileSync } = require('node:fs');

/** Peak resident set size of this process since it started (Linux VmHWM; ru_maxrss survives fork and exec). */
function peakRssKb() {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {}
  return Math.round(process.memoryUsage().rss / 1024);
}

const [file, exportName] = [process.env.E2E_HANDLER_FILE, process.env.E2E_HANDLER_EXPORT];
let handler;
let initError;
try {
  handler = require(file)[exportName];
  if (typeof handler !== 'function') throw new Error(`${exportName} is not a function of ${file}`);
} catch (error) {
  initError = error;
}

function errorPayload(error, fallbackType) {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    errorType: e.name && e.name !== 'Error' ? e.name : (fallbackType ?? 'Error'),
    errorMessage: e.message,
    trace: String(e.stack ?? '').split('\n'),
  };
}

process.on('message', async (message) => {
  offsetMs = message.nowMs - RealDate.now();
  const marker = `@@E2E-INVOCATION ${message.id}`;
  process.stdout.write(`${marker} START\n`);
  let reply;
  if (initError) {
    reply = { error: errorPayload(initError, 'Runtime.ImportModuleError') };
  } else {
    try {
      const result = await handler(message.event, {
        awsRequestId: message.id,
        functionName: message.functionName,
      });
      reply = { result: result === undefined ? null : result };
    } catch (error) {
      reply = { error: errorPayload(error) };
    }
  }
  // The marker goes out before the reply so the parent attributes every line printed so far.
  process.stdout.write(`${marker} END\n`, () => {
    process.send({ id: message.id, ...reply, maxRssKb: peakRssKb() });
  });
});

process.send({ ready: true });
