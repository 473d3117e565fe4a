/**
 * Writes docs/config.schema.json from the zod schema, so editors can complete and check the
 * configuration file. A test fails when the committed file is stale: run `npm run config-schema`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from '../lambdas/core/config-json-schema';

writeFileSync(
  join(__dirname, '..', 'docs', 'config.schema.json'),
  `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
);
