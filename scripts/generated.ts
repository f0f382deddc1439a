import * as path from 'node:path';
import { buildCatalog, catalogMarkdown } from '../src/catalog.js';
import { configJsonSchema } from '../src/config.js';
import { SOURCES } from '../src/sources/index.js';

export const root = path.resolve(import.meta.dirname, '..');

/** Files derived from code, by path relative to the repository root. */
export function generatedFiles(): Record<string, string> {
  return {
    'schema/kpis.schema.json': JSON.stringify(configJsonSchema(SOURCES), null, 2) + '\n',
    'docs/KPIS.md': catalogMarkdown(buildCatalog(SOURCES), SOURCES),
  };
}
