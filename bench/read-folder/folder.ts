/**
 * What both whole-process readers share: every certificate file of a folder (not the `.json`
 * sidecars, not the PKCS#12 bundles node:crypto cannot open), read once, in name order.
 * Each reader prints the number of certificates it read, so bench/run.ts can check they agree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readFolder(dir: string, read: (name: string, data: Buffer) => number): void {
  let certificates = 0;
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.json') || name.endsWith('.p12')) continue;
    certificates += read(name, readFileSync(join(dir, name)));
  }
  process.stdout.write(`${certificates}\n`);
}
