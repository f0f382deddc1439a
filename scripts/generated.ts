import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { renderActionYml } from '../src/action-yml.js';
import { buildCatalog, catalogMarkdown } from '../src/catalog.js';
import { configJsonSchema } from '../src/config.js';
import { SOURCES } from '../src/sources/index.js';

export const root = path.resolve(import.meta.dirname, '..');

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The inputs and outputs tables of the README, from action.yml. */
export function inputsTable(actionYml: string): string {
  const action = parse(actionYml) as ActionYml;
  const lines = ['| input | required | default | description |', '| --- | --- | --- | --- |'];
  for (const [name, i] of Object.entries(action.inputs)) {
    const def = i.default === undefined ? '' : `\`${i.default}\``;
    lines.push(`| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${cell(def)} | ${cell(i.description)} |`);
  }
  lines.push('', '| output | description |', '| --- | --- |');
  for (const [name, o] of Object.entries(action.outputs))
    lines.push(`| \`${name}\` | ${cell(o.description)} |`);
  return lines.join('\n');
}

function withSection(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start (generated from action.yml by \`npm run generate\`) -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${name} markers`);
  return `${text.slice(0, a + start.length)}\n${content}\n${text.slice(b)}`;
}

/** Files derived from code, by path relative to the repository root. */
export function generatedFiles(): Record<string, string> {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const actionYml = renderActionYml(SOURCES);
  return {
    'action.yml': actionYml,
    'schema/kpis.schema.json': JSON.stringify(configJsonSchema(SOURCES), null, 2) + '\n',
    'docs/KPIS.md': catalogMarkdown(buildCatalog(SOURCES), SOURCES),
    'README.md': withSection(readme, 'inputs', inputsTable(actionYml)),
  };
}
