/**
 * What the alerting core needs from the outside world. DynamoDB and SNS implement these in
 * lambdas/adapters/; the CLI and tests use the in-memory versions in ./in-memory.
 */
import type { AlertStateEntry, RenderedAlert } from './model';

export interface SaveResult {
  /**
   * Keys not written because another run changed them since `load` (optimistic concurrency). The
   * store keeps the other run's entry; the next run plans from it.
   */
  conflicts: string[];
}

export interface AlertStateStore {
  /** Every entry saved last time; empty on the first run. */
  load(): Promise<AlertStateEntry[]>;
  /** Replaces the whole state: entries missing from `entries` are deleted (except conflicts). */
  save(entries: AlertStateEntry[]): Promise<SaveResult>;
}

export interface Notifier {
  /** Throws when the message was not accepted; the alert is then retried on the next run. */
  publish(alert: RenderedAlert): Promise<void>;
}
