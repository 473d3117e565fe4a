/**
 * The generic webhook channel: POSTs each alert's webhook body (JSON, see
 * lambdas/core/alerts/webhook.ts) to one HTTPS URL, for PagerDuty, Opsgenie, Google Chat or a
 * team's own receiver behind a small adapter. The URL usually carries a token, so it is kept in a
 * secret (or an environment variable on the CLI) and never appears in an error: messages name the
 * host only. A failed POST is retried (network errors, 408, 429 and 5xx) with a growing pause; a
 * 4xx answer is final. What still fails is reported by deliverAlerts to the ops topic.
 */
import { request } from 'node:https';
import type { RenderedAlert } from '../../core/alerts/model';
import type { Notifier } from '../../core/alerts/ports';

export interface WebhookNotifierOptions {
  /** The URL, or how to get it (read once, on the first publish: a secret is fetched lazily). */
  url: string | (() => Promise<string>);
  /** Attempts per alert, the first included. @default 3 */
  attempts?: number;
  /** Pause before the second attempt; doubled for each next one. @default 500 */
  backoffMs?: number;
  /** Per attempt. @default 10000 */
  timeoutMs?: number;
  /** Extra CA certificates (PEM) to trust, besides Node's roots. Tests use it for a local server. */
  ca?: string;
  /** How to wait between attempts (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** The URL, checked: HTTPS only (the body names certificates, owners and systems). */
export function parseWebhookUrl(value: string, origin: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`${origin} is not a URL (it must be https://...)`);
  }
  if (url.protocol !== 'https:') throw new Error(`${origin} must be an https:// URL, not ${url.protocol}//`);
  return url;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export class WebhookNotifier implements Notifier {
  private resolved: Promise<URL> | undefined;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.backoffMs = options.backoffMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private url(): Promise<URL> {
    this.resolved ??= (async () => {
      const { url } = this.options;
      return parseWebhookUrl(typeof url === 'string' ? url : await url(), 'the webhook URL');
    })();
    return this.resolved;
  }

  async publish(alert: RenderedAlert): Promise<void> {
    const url = await this.url();
    let last: WebhookError | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await this.sleep(this.backoffMs * 2 ** (attempt - 2));
      try {
        await this.post(url, alert.messages.webhook);
        return;
      } catch (error) {
        last = error instanceof WebhookError ? error : new WebhookError(String(error), true);
        if (!last.retryable) break;
      }
    }
    throw new WebhookError(
      `webhook ${url.host} did not accept the alert after ${this.attempts > 1 && last?.retryable ? `${this.attempts} attempts` : '1 attempt'}: ${last?.message}`,
      false,
    );
  }

  private post(url: URL, body: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'cert-sentinel',
          },
          timeout: this.timeoutMs,
          ...(this.options.ca ? { ca: this.options.ca } : {}),
        },
        (res) => {
          // The answer's body is not read into messages: a receiver may echo the request.
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new WebhookError(`HTTP ${status}`, RETRYABLE_STATUS.has(status)));
          });
        },
      );
      req.on('timeout', () => req.destroy(new WebhookError(`no answer within ${this.timeoutMs} ms`, true)));
      req.on('error', (error) =>
        reject(
          error instanceof WebhookError
            ? error
            : new WebhookError(`${(error as NodeJS.ErrnoException).code ?? error.name}`, true),
        ),
      );
      req.end(body);
    });
  }
}
