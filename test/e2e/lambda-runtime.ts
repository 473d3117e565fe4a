/**
 * A local Lambda service for the real bundles in cdk.out: each function gets warm execution
 * environments (child Node processes, lambda-bootstrap.cjs) started on demand, up to a
 * concurrency cap, each running one invocation at a time. Between invocations an environment is
 * frozen (SIGSTOP) as Lambda freezes it, so work a handler left running only continues in the
 * next invocation. Only the runtime's `@aws-sdk/*` is resolvable (NODE_PATH, as in nodejs24.x).
 * Records every invocation (event, result or error, log lines, EMF metric documents) and each
 * environment's peak RSS.
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import { runtimeNodePath } from '../../bench/bundles';
import { type DeployedFunction, REGION } from './deployed-stack';

export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export interface Invocation {
  functionName: string;
  event: unknown;
  result?: unknown;
  error?: LambdaError;
  /** Lines the function printed during this invocation (Powertools JSON logs, EMF documents). */
  lines: string[];
  durationMs: number;
}

/** Thrown to the state machine interpreter: Error is the errorType, Cause the runtime's JSON, as Step Functions shows them. */
export class LambdaFunctionError extends Error {
  constructor(readonly payload: LambdaError) {
    super(JSON.stringify(payload));
    this.name = payload.errorType;
  }
}

interface Environment {
  child: ChildProcess;
  busy: boolean;
  ready: Promise<void>;
  output: string[];
  partial: string;
  maxRssKb: number;
  /** The invocation in flight: settled once both its reply and its END marker have arrived. */
  pending?: { id: string; reply?: Reply; endSeen: boolean; resolve: (reply: Reply) => void };
}

interface Reply {
  id: string;
  result?: unknown;
  error?: LambdaError;
  maxRssKb: number;
}

export interface LambdaRuntimeOptions {
  /** Variables every environment gets on top of the function's own (endpoints, credentials). */
  extraEnvironment: () => Record<string, string>;
  /** Environments per function at most (Lambda would scale out further; two cores do not). */
  maxEnvironments?: number;
}

const BOOTSTRAP = path.join(__dirname, 'lambda-bootstrap.cjs');

export class LambdaRuntime {
  readonly invocations: Invocation[] = [];
  /** Peak resident set size (KB) of any environment of each function, over the runtime's life. */
  readonly peakRssKb = new Map<string, number>();
  private readonly environments = new Map<string, Environment[]>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private sequence = 0;

  constructor(
    private readonly functions: Map<string, DeployedFunction>,
    private readonly options: LambdaRuntimeOptions,
  ) {}

  /** Invokes synchronously (RequestResponse) at the instant `now`; rejects with LambdaFunctionError. */
  async invoke(name: string, event: unknown, now: Date): Promise<unknown> {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`no function ${name} in the stack`);
    const environment = await this.acquire(fn);
    const id = `${name}-${++this.sequence}`;
    const started = performance.now();
    const timeout = setTimeout(() => {
      // Lambda ends an invocation at its timeout and discards the environment.
      environment.pending?.resolve({
        id,
        error: {
          errorType: 'Sandbox.Timedout',
          errorMessage: `Task timed out after ${fn.timeoutSeconds}.00 seconds`,
        },
        maxRssKb: environment.maxRssKb,
      });
      this.discard(fn.name, environment);
    }, fn.timeoutSeconds * 1000);
    const reply = await new Promise<Reply>((resolve) => {
      environment.pending = { id, endSeen: false, resolve };
      environment.child.kill('SIGCONT');
      environment.child.send({ id, event, nowMs: now.getTime(), functionName: fn.logicalId });
    });
    clearTimeout(timeout);
    environment.pending = undefined;
    environment.maxRssKb = Math.max(environment.maxRssKb, reply.maxRssKb);
    this.peakRssKb.set(name, Math.max(this.peakRssKb.get(name) ?? 0, reply.maxRssKb));
    const lines = this.linesOf(environment, id);
    this.invocations.push({
      functionName: name,
      event,
      ...(reply.error ? { error: reply.error } : { result: reply.result }),
      lines,
      durationMs: performance.now() - started,
    });
    if (environment.child.exitCode === null && environment.child.signalCode === null) {
      environment.child.kill('SIGSTOP');
    }
    this.release(name, environment);
    if (reply.error) throw new LambdaFunctionError(reply.error);
    return reply.result;
  }

  /** Cold starts from here on: every environment is stopped (a new deployment, or Lambda recycling them). */
  async recycle(): Promise<void> {
    const all = [...this.environments.entries()];
    this.environments.clear();
    await Promise.all(all.flatMap(([, list]) => list.map((e) => stop(e.child))));
  }

  /** Invocations of one function, in order. */
  of(name: string): Invocation[] {
    return this.invocations.filter((i) => i.functionName === name);
  }

  /** Every EMF document the functions printed (CloudWatch turns these into metrics). */
  metricDocuments(): Array<Record<string, unknown>> {
    return this.invocations
      .flatMap((i) => i.lines)
      .filter((l) => l.startsWith('{') && l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  private async acquire(fn: DeployedFunction): Promise<Environment> {
    const list = this.environments.get(fn.name) ?? [];
    this.environments.set(fn.name, list);
    for (;;) {
      const idle = list.find((e) => !e.busy);
      if (idle) {
        idle.busy = true;
        await idle.ready;
        return idle;
      }
      if (list.length < (this.options.maxEnvironments ?? 4)) {
        const created = this.start(fn);
        created.busy = true;
        list.push(created);
        await created.ready;
        return created;
      }
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(fn.name) ?? [];
        queue.push(resolve);
        this.waiting.set(fn.name, queue);
      });
    }
  }

  private release(name: string, environment: Environment): void {
    environment.busy = false;
    this.waiting.get(name)?.shift()?.();
  }

  private discard(name: string, environment: Environment): void {
    const list = this.environments.get(name) ?? [];
    const index = list.indexOf(environment);
    if (index >= 0) list.splice(index, 1);
    void stop(environment.child);
  }

  private start(fn: DeployedFunction): Environment {
    const [file, exportName] = splitHandler(fn.handler);
    const child = fork(BOOTSTRAP, [], {
      execPath: process.execPath,
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        PATH: process.env.PATH,
        ...machineClock(),
        // What the nodejs24.x runtime sets.
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        LAMBDA_TASK_ROOT: fn.dir,
        NODE_PATH: runtimeNodePath(),
        TZ: ':UTC',
        ...this.options.extraEnvironment(),
        ...fn.environment,
        E2E_HANDLER_FILE: path.join(fn.dir, file),
        E2E_HANDLER_EXPORT: exportName,
      },
    });
    const environment: Environment = {
      child,
      busy: false,
      output: [],
      partial: '',
      maxRssKb: 0,
      ready: new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) =>
          reject(new Error(`${fn.name} environment exited during init (${code})`)),
        );
      }),
    };
    environment.ready.catch(() => undefined);
    const collect = (chunk: Buffer) => {
      const text = environment.partial + chunk.toString('utf8');
      const lines = text.split('\n');
      environment.partial = lines.pop() ?? '';
      environment.output.push(...lines);
      const pending = environment.pending;
      if (pending && lines.includes(`@@E2E-INVOCATION ${pending.id} END`)) {
        pending.endSeen = true;
        if (pending.reply) pending.resolve(pending.reply);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('message', (message: Reply & { ready?: boolean }) => {
      const pending = environment.pending;
      if (message.ready || !pending || message.id !== pending.id) return;
      pending.reply = message;
      if (pending.endSeen) pending.resolve(message);
    });
    child.on('exit', () => {
      environment.pending?.resolve({
        id: 'exit',
        error: { errorType: 'Runtime.ExitError', errorMessage: `${fn.name}: the environment exited` },
        maxRssKb: environment.maxRssKb,
      });
    });
    return environment;
  }

  /** The lines between this invocation's START and END markers; earlier stray lines stay with the environment. */
  private linesOf(environment: Environment, id: string): string[] {
    const start = environment.output.indexOf(`@@E2E-INVOCATION ${id} START`);
    const end = environment.output.indexOf(`@@E2E-INVOCATION ${id} END`);
    if (start < 0) return [];
    const lines = environment.output.slice(start + 1, end < 0 ? undefined : end);
    environment.output.splice(0, end < 0 ? environment.output.length : end + 1);
    return lines;
  }
}

/**
 * The machine's clock as the test runs under it: libfaketime works through LD_PRELOAD and FAKETIME*
 * variables, which every process on a machine run that way inherits. Passed on so the functions
 * (and OpenSSL in them) see the same machine clock as the test's TLS servers and PKI.
 */
function machineClock(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        /^(LD_PRELOAD|FAKETIME\w*)$/.test(entry[0]) && entry[1] !== undefined,
    ),
  );
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  return [`${handler.slice(0, dot)}.js`, handler.slice(dot + 1)];
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  });
}
