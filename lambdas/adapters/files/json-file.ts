import { readFileSync } from 'node:fs';
import { ConfigError } from '../../core/config';

/** Reads and parses a JSON file; a missing or malformed file is a ConfigError naming it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [
      `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [`is not valid JSON: ${withoutQuotedText((error as Error).message)}`]);
  }
}

/**
 * V8's JSON.parse messages quote the text around the mistake (`Unexpected token 'h', ..."word":
 * hunter2"... is not valid JSON`); a sidecar's text may hold a keystore password, so only the
 * description and the position travel.
 */
function withoutQuotedText(message: string): string {
  return message.replace(/, (?:\.\.\.)?"[\s\S]*$/, '');
}
