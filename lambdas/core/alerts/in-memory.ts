/**
 * In-memory state and a dry-run notifier: what the CLI uses without AWS, and what tests use. Both
 * are pure apart from the `write` callback the caller supplies.
 */
import type { ChannelId } from './channels';
import type { AlertStateEntry, RenderedAlert } from './model';
import type { AlertStateStore, Notifier, SaveResult } from './ports';

export class MemoryAlertState implements AlertStateStore {
  private entries: AlertStateEntry[];

  constructor(initial: AlertStateEntry[] = []) {
    this.entries = structuredClone(initial);
  }

  async load(): Promise<AlertStateEntry[]> {
    return structuredClone(this.entries);
  }

  /** One process, one writer: never a conflict. */
  async save(entries: AlertStateEntry[]): Promise<SaveResult> {
    this.entries = structuredClone(entries);
    return { conflicts: [] };
  }
}

/** Wraps a store so a dry run can read the real state without changing it. */
export class ReadOnlyAlertState implements AlertStateStore {
  constructor(private readonly inner: AlertStateStore) {}

  load(): Promise<AlertStateEntry[]> {
    return this.inner.load();
  }

  async save(): Promise<SaveResult> {
    return { conflicts: [] };
  }
}

/** Keeps what was published, for tests and for the CLI's summary. */
export class MemoryNotifier implements Notifier {
  readonly published: RenderedAlert[] = [];

  async publish(alert: RenderedAlert): Promise<void> {
    this.published.push(alert);
  }
}

/** The text a dry run prints for one alert: everything each protocol would receive. */
function describeAlert(alert: RenderedAlert, destination: string, channel?: ChannelId): string {
  const attributes = Object.entries(alert.attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  if (channel)
    return [`=== would send to ${destination} [${attributes}]`, alert.messages[channel], ''].join('\n');
  return [
    `=== would publish to ${destination} [${attributes}]`,
    `Subject: ${alert.subject}`,
    `SMS:     ${alert.messages.sms}`,
    '',
    alert.messages.email,
    '',
  ].join('\n');
}

export class DryRunNotifier implements Notifier {
  /** `channel`: a destination channel whose body alone is printed (a webhook, a chat topic). */
  constructor(
    private readonly write: (text: string) => void,
    private readonly destination = 'the alerts topic',
    private readonly channel?: ChannelId,
  ) {}

  async publish(alert: RenderedAlert): Promise<void> {
    this.write(`${describeAlert(alert, this.destination, this.channel)}\n`);
  }
}
