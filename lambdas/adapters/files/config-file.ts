import { type Config, parseConfig } from '../../core/config';
import { readJsonFile } from './json-file';

/** Loads and validates the configuration file; throws ConfigError naming the file and each bad field. */
export function loadConfigFile(path: string): Config {
  return parseConfig(readJsonFile(path), path);
}
