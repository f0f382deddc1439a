import { stringify } from 'yaml';
import { OUTPUTS, coreInputs, sourceInputs } from './action-spec.js';
import type { AnySource } from './sources/types.js';

/** action.yml, generated from the shared inputs and every source's declaration (`npm run generate`). */
export function renderActionYml(sources: readonly AnySource[]): string {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const i of coreInputs(sources)) {
    inputs[i.name] = {
      description: i.description,
      required: i.required ?? false,
      ...(i.default === undefined ? {} : { default: i.default }),
    };
  }
  for (const i of sourceInputs(sources)) {
    const how = i.secret ? ' Pass it from a secret.' : '';
    inputs[i.name] = {
      description: `Source ${i.source}: ${i.description}${how} CLI: environment variable ${i.env}.`,
      required: false,
      ...(i.actionDefault === undefined ? {} : { default: i.actionDefault }),
    };
  }
  const doc = {
    name: 'kpi-collector',
    description: `Collect a team's KPIs from one source (${sources.map((s) => s.name).join(', ')}) into long-format rows in S3 or a folder.`,
    author: 'kpi-collector',
    branding: { icon: 'bar-chart-2', color: 'blue' },
    inputs,
    outputs: Object.fromEntries(Object.entries(OUTPUTS).map(([k, d]) => [k, { description: d }])),
    runs: { using: 'node24', main: 'dist/index.js' },
  };
  return (
    "# Generated from src/action-spec.ts and the sources' declarations by `npm run generate`; do not edit.\n" +
    stringify(doc, { lineWidth: 0 })
  );
}
