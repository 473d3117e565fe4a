import * as z from 'zod';
import { configSchema } from './config';

/** The configuration's JSON Schema (what a user writes, defaults optional). */
export function configJsonSchema(): object {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Cert Sentinel configuration',
  };
}
