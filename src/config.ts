import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { parseDocument } from 'yaml';
import { UserError } from './errors.js';
import { didYouMean } from './suggest.js';
import type { AnyKpi, AnySource } from './sources/types.js';

/** Config files larger than this are refused before parsing. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The short name of a KPI inside its source block: `databricks.cluster_startup` → `cluster_startup`. */
export function shortName(kpiId: string): string {
  return kpiId.slice(kpiId.indexOf('.') + 1);
}

function kpiEntrySchema(kpi: AnyKpi): z.ZodType {
  const params = kpi.params as unknown as z.ZodObject;
  const entry = params.extend({
    enabled: z
      .boolean()
      .optional()
      .describe('Collect this KPI when the run does not name KPIs (default true).'),
  });
  return z
    .union([z.boolean().describe('true or false: enable or disable this KPI.'), entry])
    .describe(kpi.definition);
}

function sourceSchema(source: AnySource): z.ZodObject {
  if (source.kpis.length === 0) return source.settings;
  const kpis = z
    .strictObject(Object.fromEntries(source.kpis.map((k) => [shortName(k.id), kpiEntrySchema(k)])))
    .partial()
    .describe(`Per-KPI switches and params of ${source.name}.`);
  return source.settings.extend({ kpis: kpis.optional() });
}

/** The one schema of the config file, built from the registered sources and KPIs. */
function configSchema(sources: readonly AnySource[]): z.ZodObject {
  const shape = Object.fromEntries(sources.map((s) => [s.name, sourceSchema(s).describe(s.description)]));
  return z
    .strictObject({
      sources: z
        .strictObject(shape)
        .partial()
        .optional()
        .describe('Settings per source, keyed by source name.'),
    })
    .describe('kpi-collector configuration');
}

/** The JSON Schema published for editor completion (schema/kpis.schema.json). */
export function configJsonSchema(sources: readonly AnySource[]): object {
  return {
    ...z.toJSONSchema(configSchema(sources), { io: 'input', unrepresentable: 'any' }),
    title: 'kpi-collector config (.github/kpis.yml)',
  };
}

export interface SourceConfig {
  /** Source-level settings with defaults applied. */
  settings: Record<string, unknown>;
  /** Per KPI short name: enabled flag and raw params (validated later against the KPI). */
  kpis: Record<string, { enabled: boolean; params: Record<string, unknown> }>;
}

export interface LoadedConfig {
  /** The file it came from, or undefined for the built-in defaults. */
  file?: string;
  raw: { sources?: Record<string, unknown> };
}

/**
 * Formats a zod issue as `path: message`, descending into unions to the branch that matched furthest. An
 * unknown key comes first (a misspelt key also leaves a required one missing: the spelling is the cause),
 * with the closest known key at that place.
 */
function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  root: z.ZodType,
  prefix: PropertyKey[] = [],
): string {
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (!issue) return 'invalid';
  const at = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
    return describeIssues(best, root, at);
  }
  const where = at.length ? at.map(String).join('.') : '(top level)';
  let message = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(root, at);
    const hint = issue.keys.length === 1 ? didYouMean(issue.keys[0]!, known) : '';
    message = `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}${hint}`;
  }
  return `${where}: ${message}`;
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(
    0,
    ...issues.map((i) => i.path.length + (i.code === 'invalid_type' && i.path.length === 0 ? 0 : 1)),
  );
}

/** The keys an object schema accepts at a path (through optional, default, arrays, records and unions). */
function keysAt(schema: z.ZodType, at: readonly PropertyKey[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let s: any = schema;
  const unwrap = (): void => {
    for (;;) {
      const t = s?.def?.type;
      if (t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault') s = s.def.innerType;
      else if (t === 'pipe') s = s.def.in;
      else return;
    }
  };
  for (const seg of at) {
    unwrap();
    const t = s?.def?.type;
    if (t === 'object') s = s.shape[String(seg)];
    else if (t === 'array') s = s.def.element;
    else if (t === 'record') s = s.def.valueType;
    else if (t === 'union') {
      s = s.def.options
        .map((o: { def?: { type?: string }; shape?: Record<string, unknown> }) => o)
        .find(
          (o: { def?: { type?: string }; shape?: Record<string, unknown> }) =>
            o.def?.type === 'object' && o.shape && String(seg) in o.shape,
        )?.shape[String(seg)];
    } else return [];
  }
  unwrap();
  if (s?.def?.type === 'object') return Object.keys(s.shape);
  if (s?.def?.type === 'union') {
    return s.def.options.flatMap((o: { def?: { type?: string }; shape?: Record<string, unknown> }) =>
      o.def?.type === 'object' && o.shape ? Object.keys(o.shape) : [],
    );
  }
  return [];
}

/**
 * Loads the config: an explicit path must exist; otherwise the default file is used if present, else the
 * built-in defaults. Validates against the schema; errors name the file and the path inside it.
 */
export async function loadConfig(
  explicitPath: string | undefined,
  defaultPath: string,
  sources: readonly AnySource[],
): Promise<LoadedConfig> {
  let file = explicitPath;
  if (!file) {
    const exists = await fs
      .stat(defaultPath)
      .then((s) => s.isFile())
      .catch(() => false);
    if (!exists) return { raw: {} };
    file = defaultPath;
  }
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new UserError(`config: ${shown} is not a file; pass the path of a YAML file`);
    if (stat.size > MAX_CONFIG_BYTES) {
      throw new UserError(
        `config: ${shown} is ${stat.size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit; trim it`,
      );
    }
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(
      `config: ${shown} does not exist or cannot be read; fix the path or remove the input`,
    );
  }
  return { file, raw: parseConfigText(text, shown, sources) };
}

export function parseConfigText(
  text: string,
  shown: string,
  sources: readonly AnySource[],
): LoadedConfig['raw'] {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    throw new UserError(
      `config: ${shown}${line ? ` line ${line}` : ''} is not valid YAML: ${err.message.split('\n')[0]}`,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new UserError(`config: ${shown} is refused: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) data = {};
  const schema = configSchema(sources);
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new UserError(
      `config: ${shown}: ${describeIssues(result.error.issues, schema)}; see schema/kpis.schema.json`,
    );
  }
  return result.data as LoadedConfig['raw'];
}

/** The config of one source, with settings defaults applied. */
export function sourceConfig(config: LoadedConfig, source: AnySource): SourceConfig {
  const block = (config.raw.sources?.[source.name] ?? {}) as Record<string, unknown>;
  // A source without built-in KPIs (the SQL sources) keeps its `kpis` list in its own settings.
  if (source.kpis.length === 0)
    return { settings: source.settings.parse(block) as Record<string, unknown>, kpis: {} };
  const { kpis: kpiBlock, ...rest } = block;
  const settings = source.settings.parse(rest) as Record<string, unknown>;
  const kpis: SourceConfig['kpis'] = {};
  for (const [name, entry] of Object.entries((kpiBlock ?? {}) as Record<string, unknown>)) {
    if (typeof entry === 'boolean') kpis[name] = { enabled: entry, params: {} };
    else {
      const { enabled, ...params } = entry as Record<string, unknown>;
      kpis[name] = { enabled: enabled !== false, params };
    }
  }
  return { settings, kpis };
}

/**
 * A source's KPIs: built-in, then those its config defines. A config KPI may not take a built-in's id
 * (it would never run: the built-in would).
 */
export function sourceKpis(source: AnySource, settings: Record<string, unknown>): AnyKpi[] {
  const configured = source.configKpis?.(settings) ?? [];
  for (const k of configured) {
    if (source.kpis.some((b) => b.id === k.id)) {
      throw new UserError(
        `config: sources.${source.name}: '${shortName(k.id)}' is the id of a built-in KPI (${k.id}); give your KPI another id`,
      );
    }
  }
  return [...source.kpis, ...configured];
}
