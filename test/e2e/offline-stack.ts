/**
 * The synthesized stack, run offline: the scan state machine's definition from the template in
 * aws-local-stepfunctions, each Lambda task routed to its real bundle (lambda-runtime.ts), the SNS
 * Publish task sent to the local SNS endpoint with the real SDK, and EventBridge events matched
 * against the template's rule and delivered to its target as Lambda delivers asynchronous
 * invocations (retries, then the on-failure destination).
 *
 * The clock: every scan and event happens at an instant the test gives, and the functions see
 * that instant (lambda-bootstrap.cjs). Step Functions limits each state's input and output to
 * 256 KB; the interpreter does not, so this harness measures every state's output and fails the
 * execution with States.DataLimitExceeded where AWS would (no Catch sees it, as in AWS).
 */
import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { type DeployedStack, REGION } from './deployed-stack';
import { type Invocation, LambdaFunctionError, LambdaRuntime } from './lambda-runtime';
import { LocalAws } from './local-aws';

/** Step Functions' limit on a state's input or output (and on execution input), in bytes. */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

export interface StatePayload {
  state: string;
  bytes: number;
}

export interface ScanRun {
  name: string;
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  /** Error and Cause of a failed execution, as DescribeExecution shows them. */
  error?: { Error: string; Cause: string };
  /** The largest output of each state (Map and Parallel outputs include their iterations'). */
  payloads: StatePayload[];
  largestPayload: StatePayload;
  durationMs: number;
}

export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  /** The message as sent; for MessageStructure json, the per-protocol bodies. */
  message: string;
  bodies?: { default?: string; email?: string; sms?: string };
  attributes: Record<string, string>;
}

export interface AsyncDelivery {
  matched: boolean;
  attempts: number;
  result?: unknown;
  error?: LambdaFunctionError;
}

export class OfflineStack {
  readonly aws: LocalAws;
  readonly runtime: LambdaRuntime;
  private sns!: SNSClient;

  constructor(readonly stack: DeployedStack) {
    this.aws = new LocalAws(stack.bucketName, stack.tableName);
    this.runtime = new LambdaRuntime(stack.functions, { extraEnvironment: () => this.aws.environment() });
  }

  async start(): Promise<void> {
    await this.aws.start();
    // What Step Functions' SNS integration publishes with.
    this.sns = new SNSClient({
      region: REGION,
      endpoint: this.aws.snsUrl,
      credentials: this.aws.credentials,
    });
  }

  async stop(): Promise<void> {
    await this.runtime.recycle();
    await this.aws.stop();
    this.sns?.destroy();
  }

  /** Every message published to SNS so far, decoded. */
  published(): PublishedMessage[] {
    return this.aws.sns.published.map(decodePublish);
  }

  /** Messages on the alerts topic / the ops topic, from index `since` on. */
  alerts(since = 0): PublishedMessage[] {
    return this.published()
      .slice(since)
      .filter((m) => m.topicArn === this.stack.alertTopicArn);
  }

  ops(since = 0): PublishedMessage[] {
    return this.published()
      .slice(since)
      .filter((m) => m.topicArn === this.stack.opsTopicArn);
  }

  /**
   * One execution of the scan state machine, as the daily schedule starts it (the schedule's
   * input from the template, an execution name Step Functions generates), at the instant `now`.
   * `enforcePayloadLimit: false` lets an execution run on past 256 KB, to measure how far over it goes.
   */
  async scan(now: Date, options: { enforcePayloadLimit?: boolean } = {}): Promise<ScanRun> {
    const name = randomUUID();
    const started = performance.now();
    const clock = () => new Date(now.getTime() + (performance.now() - started));
    const machine = new StateMachine(this.stack.definition as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
    const lambdaHandlers = Object.fromEntries(
      [...this.stack.lambdaTasks].map(([state, fn]) => [
        state,
        (input: unknown) => this.runtime.invoke(fn, input, clock()) as never,
      ]),
    );
    const snsHandlers = Object.fromEntries(
      this.stack.snsTasks.map((state) => [state, (input: unknown) => this.publishTask(input) as never]),
    );
    const execution = machine.run(scheduleInput(this.stack) as never, {
      overrides: { taskResourceLocalHandlers: { ...lambdaHandlers, ...snsHandlers } },
      context: {
        Execution: {
          Id: `arn:aws:states:${REGION}:123456789012:execution:Scan:${name}`,
          Name: name,
          StartTime: now.toISOString(),
          Input: scheduleInput(this.stack) as never,
        },
      },
    });
    const largest = new Map<string, number>();
    let overLimit: StatePayload | undefined;
    const watching = (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type !== 'StateExited') continue;
        const bytes = Buffer.byteLength(JSON.stringify(event.state.output ?? null), 'utf8');
        largest.set(event.state.name, Math.max(largest.get(event.state.name) ?? 0, bytes));
        if (bytes > PAYLOAD_LIMIT_BYTES && !overLimit && options.enforcePayloadLimit !== false) {
          overLimit = { state: event.state.name, bytes };
          execution.abort();
        }
      }
    })();
    let run: Omit<ScanRun, 'payloads' | 'largestPayload' | 'durationMs'>;
    try {
      run = { name, status: 'SUCCEEDED', output: await execution.result };
    } catch (error) {
      run = { name, status: 'FAILED', error: executionError(error) };
    }
    await watching.catch(() => undefined);
    if (overLimit) {
      run = {
        name,
        status: 'FAILED',
        error: {
          Error: 'States.DataLimitExceeded',
          Cause: `The state/task '${overLimit.state}' returned a result with a size exceeding the maximum number of bytes service limit.`,
        },
      };
    }
    const payloads = [...largest]
      .map(([state, bytes]) => ({ state, bytes }))
      .sort((a, b) => b.bytes - a.bytes);
    return { ...run, payloads, largestPayload: payloads[0], durationMs: performance.now() - started };
  }

  /**
   * An EventBridge event at `now`: when it matches the secret-change rule, its target is invoked
   * asynchronously, as Lambda does it: retried up to the function's MaximumRetryAttempts, then the
   * invocation record goes to the on-failure destination (the ops topic).
   */
  async putEvent(event: Record<string, unknown>, now: Date): Promise<AsyncDelivery> {
    const rule = this.stack.secretChangeRule;
    if (!matchesPattern(rule.pattern, event)) return { matched: false, attempts: 0 };
    const fn = this.stack.functions.get(rule.target)!;
    const attempts = 1 + (fn.async?.maximumRetryAttempts ?? 2);
    let lastError: LambdaFunctionError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const result = await this.runtime.invoke(
          fn.name,
          event,
          new Date(now.getTime() + (attempt - 1) * 60_000),
        );
        return { matched: true, attempts: attempt, result };
      } catch (error) {
        if (!(error instanceof LambdaFunctionError)) throw error;
        lastError = error;
      }
    }
    const destination = fn.async?.onFailureTopicArn;
    if (destination && lastError) {
      await this.sns.send(
        new PublishCommand({
          TopicArn: destination,
          Message: JSON.stringify({
            version: '1.0',
            timestamp: now.toISOString(),
            requestContext: {
              requestId: randomUUID(),
              functionArn: `${fn.arn}:$LATEST`,
              condition: 'RetriesExhausted',
              approximateInvokeCount: attempts,
            },
            requestPayload: event,
            responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
            responsePayload: lastError.payload,
          }),
        }),
      );
    }
    return { matched: true, attempts, error: lastError };
  }

  /** Invocations of a function from index `since` of the runtime's record on. */
  invocations(name: string, since = 0): Invocation[] {
    return this.runtime.invocations.slice(since).filter((i) => i.functionName === name);
  }

  private async publishTask(input: unknown): Promise<unknown> {
    const { TopicArn, Message, Subject } = input as { TopicArn: string; Message: string; Subject?: string };
    const { MessageId } = await this.sns.send(new PublishCommand({ TopicArn, Message, Subject }));
    return { MessageId };
  }
}

/** What the daily schedule starts each execution with (its target input in the template). */
function scheduleInput(stack: DeployedStack): Record<string, unknown> {
  const schedule = Object.values(stack.template.Resources).find((r) => r.Type === 'AWS::Scheduler::Schedule');
  const input = (schedule?.Properties.Target as { Input?: string } | undefined)?.Input;
  return input ? (JSON.parse(input) as Record<string, unknown>) : {};
}

function executionError(error: unknown): { Error: string; Cause: string } {
  if (error instanceof ExecutionError) {
    const cause = (error as { cause?: { name?: string; message?: string } }).cause;
    return { Error: cause?.name ?? error.name, Cause: cause?.message ?? error.message };
  }
  const e = error as Error;
  return { Error: e.name, Cause: e.message };
}

/** EventBridge pattern matching for what the template's rule uses: value lists and nested objects. */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) return expected.includes(actual as never);
    if (expected && typeof expected === 'object') {
      return (
        actual !== null &&
        typeof actual === 'object' &&
        matchesPattern(expected as Record<string, unknown>, actual as Record<string, unknown>)
      );
    }
    return false;
  });
}

function decodePublish(params: Record<string, string>): PublishedMessage {
  const attributes: Record<string, string> = {};
  for (let i = 1; params[`MessageAttributes.entry.${i}.Name`]; i++) {
    attributes[params[`MessageAttributes.entry.${i}.Name`]] =
      params[`MessageAttributes.entry.${i}.Value.StringValue`];
  }
  const structured = params.MessageStructure === 'json';
  return {
    topicArn: params.TopicArn,
    ...(params.Subject ? { subject: params.Subject } : {}),
    message: params.Message,
    ...(structured ? { bodies: JSON.parse(params.Message) as PublishedMessage['bodies'] } : {}),
    attributes,
  };
}
