/** Runs every source at once and merges what they found; a source that throws is a failed source. */

import { mergeInventories } from './inventory';
import { type CertificateSource, emptyInventory, type Inventory } from './model';

export type CollectProgress = (event: {
  source: string;
  state: 'started' | 'done' | 'failed';
  certificates?: number;
  error?: string;
}) => void;

export async function collectInventory(
  sources: CertificateSource[],
  now: Date,
  onProgress: CollectProgress = () => {},
): Promise<Inventory> {
  const parts = await Promise.all(
    sources.map(async (source) => {
      onProgress({ source: source.name, state: 'started' });
      try {
        const inventory = await source.collect(now);
        onProgress({ source: source.name, state: 'done', certificates: inventory.certificates.length });
        return inventory;
      } catch (error) {
        const message = (error as Error)?.message ?? String(error);
        onProgress({ source: source.name, state: 'failed', error: message });
        const failed = emptyInventory();
        failed.sources.push({
          name: source.name,
          kind: source.kind,
          status: 'failed',
          error: message,
          certificates: 0,
        });
        return failed;
      }
    }),
  );
  return mergeInventories(parts);
}
