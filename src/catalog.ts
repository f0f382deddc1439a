import { shortName } from './config.js';
import type { Derived } from './kpi.js';
import type { AnyKpi, AnySource } from './sources/types.js';

export interface CatalogEntry {
  id: string;
  source: string;
  definition: string;
  unit: string;
  notes?: string;
  components: Array<{ variable: string; description: string; unit: string }>;
  derived: Array<{ variable: string; description: string; unit: string; formula: string }>;
  params: Array<{ name: string; default?: unknown; description?: string }>;
  /** The source setting the KPI needs (not collected while it is unset). */
  requires?: string;
}

export function formula(d: Derived): string {
  if (d.kind === 'ratio') {
    const side = (xs: string[]) => (xs.length > 1 ? `(${xs.join(' + ')})` : xs[0]!);
    return `${side(d.numerator)} / ${side(d.denominator)}`;
  }
  return `p${Math.round(d.quantile * 100)} of ${d.total.join(' + ')}, interpolated in the cumulative buckets ${d.buckets}<n>`;
}

function paramsOf(kpi: AnyKpi): CatalogEntry['params'] {
  const shape = (kpi.params as unknown as { shape?: Record<string, { description?: string }> }).shape ?? {};
  const defaults = kpi.params.safeParse({});
  return Object.entries(shape).map(([name, schema]) => ({
    name,
    default: defaults.success ? (defaults.data as Record<string, unknown>)[name] : undefined,
    description: schema.description,
  }));
}

function catalogEntry(source: AnySource, kpi: AnyKpi): CatalogEntry {
  return {
    id: kpi.id,
    source: source.name,
    definition: kpi.definition,
    unit: kpi.unit,
    notes: kpi.notes,
    components: kpi.components.map((c) => ({
      variable: `${kpi.id}.${c.name}`,
      description: c.description,
      unit: c.unit,
    })),
    derived: kpi.derived.map((d) => ({
      variable: `${kpi.id}.${d.name}`,
      description: d.description,
      unit: d.unit,
      formula: formula(d),
    })),
    params: paramsOf(kpi),
    ...(kpi.requires ? { requires: `sources.${source.name}.${kpi.requires}` } : {}),
  };
}

/** Every built-in KPI, and the KPIs a config defines (SQL sources), in registry order. */
export function buildCatalog(
  sources: readonly AnySource[],
  configKpis: (s: AnySource) => AnyKpi[] = () => [],
): CatalogEntry[] {
  return sources.flatMap((s) => [...s.kpis, ...configKpis(s)].map((k) => catalogEntry(s, k)));
}

const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function catalogMarkdown(entries: readonly CatalogEntry[], sources: readonly AnySource[]): string {
  const out = [
    '# KPI catalog',
    '',
    '<!-- Generated from the KPI definitions in src/sources by `npm run generate`; do not edit. -->',
    '',
    'Stored variables are additive components (sums, counts, cumulative buckets `le_<n>`). Derived figures are',
    'never stored: the report computes them over any span from the summed components.',
    '',
  ];
  for (const s of sources) {
    const kpis = entries.filter((e) => e.source === s.name);
    out.push(`## ${s.name}`, '', s.description, '');
    if (kpis.length === 0)
      out.push('KPIs of this source are defined in the config file (see its README).', '');
    for (const e of kpis) {
      out.push(`### \`${e.id}\``, '', `${e.definition} Unit: ${e.unit}.`, '');
      if (e.requires)
        out.push(`Needs \`${e.requires}\` in the config; without it this KPI is not collected.`, '');
      if (e.notes) out.push(e.notes.trim(), '');
      out.push('| stored variable | unit | meaning |', '| --- | --- | --- |');
      for (const c of e.components) out.push(`| \`${c.variable}\` | ${c.unit} | ${cell(c.description)} |`);
      out.push('');
      if (e.derived.length > 0) {
        out.push('| derived figure | unit | formula | meaning |', '| --- | --- | --- | --- |');
        for (const d of e.derived)
          out.push(`| \`${d.variable}\` | ${d.unit} | \`${cell(d.formula)}\` | ${cell(d.description)} |`);
        out.push('');
      }
      if (e.params.length > 0) {
        out.push(`Params (config \`sources.${s.name}.kpis.${shortName(e.id)}\`):`, '');
        for (const p of e.params) {
          out.push(
            `- \`${p.name}\` (default \`${JSON.stringify(p.default)}\`)${p.description ? `: ${p.description}` : ''}`,
          );
        }
        out.push('');
      }
    }
  }
  return out.join('\n');
}

/** One line per KPI: id, unit and definition, aligned. */
export function catalogList(entries: readonly CatalogEntry[]): string {
  const idWidth = Math.max(0, ...entries.map((e) => e.id.length));
  const unitWidth = Math.max(0, ...entries.map((e) => e.unit.length));
  return entries
    .map(
      (e) =>
        `${e.id.padEnd(idWidth)}  ${e.unit.padEnd(unitWidth)}  ${e.definition}${e.requires ? ` (needs ${e.requires})` : ''}\n`,
    )
    .join('');
}
