/**
 * The HTTP layer under jsforce, replaced so that a scan knows what it cost and how long it may
 * wait. jsforce retries 5xx by itself (up to 5 times, sleeping up to 8 s, uncounted); we switch
 * that off and retry whole reads ourselves with a bounded, injectable backoff, so every request
 * is counted and tests do not sleep.
 */
import type { Connection } from '@jsforce/jsforce-node';
import Transport from '@jsforce/jsforce-node/lib/transport';
import type { HttpRequest, HttpRequestOptions } from '@jsforce/jsforce-node/lib/types';
import { classify, type SalesforceReadError } from './errors';

export class CountingTransport extends Transport {
  requests = 0;

  constructor(private readonly timeoutMs: number) {
    super();
  }

  override httpRequest(req: HttpRequest, options: HttpRequestOptions = {}) {
    this.requests += 1;
    // `methods: []` disables jsforce's own retry, including its special case for HTTP 420.
    return super.httpRequest(req, {
      ...options,
      timeout: this.timeoutMs,
      retry: { maxRetries: 0, methods: [] },
    });
  }
}

/** Routes every request of a connection (API calls and the OAuth token call) through `transport`. */
export function useTransport(conn: Connection, transport: CountingTransport): void {
  conn._transport = transport;
  (conn.oauth2 as unknown as { _transport: Transport })._transport = transport;
}

export interface RetryPolicy {
  /** Extra attempts after the first, for transient failures only. */
  retries: number;
  timeoutMs: number;
  /** Milliseconds to wait before retry number `attempt` (1-based). */
  backoffMs: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

export const defaultBackoff = (attempt: number): number => Math.min(500 * 2 ** (attempt - 1), 8000);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one read; transient failures (5xx, resets, timeouts) are retried, the rest classified and thrown. */
export async function withRetry<T>(what: string, policy: RetryPolicy, read: () => Promise<T>): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  let last: SalesforceReadError | undefined;
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    if (attempt > 0) await sleep(policy.backoffMs(attempt));
    try {
      return await read();
    } catch (error) {
      last = classify(error, what, policy.timeoutMs);
      if (last.kind !== 'transient' && last.kind !== 'timeout') throw last;
    }
  }
  const failure = last as SalesforceReadError;
  failure.message = `${failure.message} (gave up after ${policy.retries + 1} attempts)`;
  throw failure;
}
