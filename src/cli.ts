import * as path from 'node:path';
import { coreInputs, sourceInputs } from './action-spec.js';
import { parseFlags } from './cli-args.js';
import type { EngineDeps } from './engine.js';
import { UserError, errorMessage } from './errors.js';
import { DEFAULTS, Inputs, parseInputs } from './inputs.js';
import type { Logger } from './log.js';
import { redact, registerSecret } from './redact.js';
import { SOURCES } from './sources/index.js';
import type { AnySource } from './sources/types.js';
import { didYouMean } from './suggest.js';

// Each command loads its own modules when it runs, so `--help` and `--version` start fast (bench/startup.ts).
import { VERSION } from './version.js';

const COMMANDS = ['collect', 'report', 'catalog'];

/** Wraps a description to the help's width, indented under its flag. */
function wrap(text: string, indent: number, width = 100): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent + line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The CLI's help, from the same declarations as action.yml: the shared inputs and each source's own. */
export function helpText(sources: readonly AnySource[] = SOURCES): string {
  const flags = coreInputs(sources)
    .map((i) => {
      const text = i.default === undefined ? i.description : `${i.description} Default: ${i.default}.`;
      return `  --${i.name.padEnd(14)} ${wrap(text, 19)}`;
    })
    .join('\n');
  const envs = sources
    .map((s) => {
      const vars = s.inputs.map((i) => `${i.env}${i.required ? '' : ' (optional)'}`).join(', ');
      return `  ${s.name.padEnd(12)} ${vars || '(none)'}`;
    })
    .join('\n');
  return `kpi-collector ${VERSION}: collect KPIs into long-format rows (date,source,variable,value)

Usage:
  kpi-collector collect --source <name> [--date YYYY-MM-DD | --start-date D --end-date D] [options]
  kpi-collector report --store <folder | s3://bucket/prefix> --from D --to D [--every day|week|month|all] [...]
  kpi-collector catalog [--list | --format markdown|json] [--config FILE]
  kpi-collector <command> --help
  kpi-collector --version

Options of collect (the action's inputs):
${flags}

Each source reads its connection inputs from environment variables, never from flags:
${envs}
AWS credentials come from the AWS SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...).
`;
}

/** Terminal progress: one line per step on stderr, so stdout keeps the summary. */
function terminalLogger(stderr: NodeJS.WritableStream = process.stderr): Logger {
  const write = (prefix: string, m: string): void => void stderr.write(`${prefix}${redact(m)}\n`);
  return {
    info: (m) => write('', m),
    warning: (m) => write('warning: ', m),
    error: (m) => write('error: ', m),
    group: async (name, fn) => {
      write('▸ ', name);
      return fn();
    },
  };
}

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI and returns the exit code. */
export async function cli(
  argv: string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env },
  deps: Partial<EngineDeps> = {},
): Promise<number> {
  const sources = deps.sources ?? SOURCES;
  for (const input of sourceInputs(sources)) {
    const value = io.env[input.env];
    if (!input.secret || !value) continue;
    for (const part of [value, ...(input.secretParts?.(value) ?? [])]) registerSecret(part);
  }
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(helpText(sources));
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout.write(`kpi-collector ${VERSION}\n`);
    return 0;
  }
  try {
    if (command === 'catalog') return await catalogCommand(rest, io, sources);
    if (command === 'report') return await (await import('./report/command.js')).reportCommand(rest, io);
    if (command !== 'collect') {
      throw new UserError(
        `'${command}' is not a command${didYouMean(command, COMMANDS)}; use ${COMMANDS.join(', ')} (see --help)`,
      );
    }
    return await collectCommand(rest, io, { ...deps, sources });
  } catch (e) {
    const message = e instanceof UserError ? e.message : errorMessage(e);
    io.stderr.write(`kpi-collector: ${redact(message)}\n`);
    return 1;
  }
}

async function collectCommand(
  args: string[],
  io: CliIO,
  deps: Partial<EngineDeps> & { sources: readonly AnySource[] },
): Promise<number> {
  const values = parseFlags('collect', args, {
    ...Object.fromEntries(
      coreInputs(deps.sources).map((i) => [
        i.name,
        i.name === Inputs.DryRun ? { type: 'boolean' as const } : { type: 'string' as const },
      ]),
    ),
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(helpText(deps.sources));
    return 0;
  }
  const envOf = new Map(sourceInputs(deps.sources).map((i) => [i.name, i.env]));
  const get = (name: string): string => {
    const env = envOf.get(name);
    if (env) return io.env[env] ?? '';
    const v = values[name];
    return v === undefined ? '' : String(v);
  };
  const options = parseInputs(get, { sources: deps.sources });
  // One at a time: jest's VM modules fail to link imports that run concurrently.
  const { collectAndStore } = await import('./engine.js');
  const { onTermination, runFailure } = await import('./lifecycle.js');
  const { renderSummary } = await import('./summary.js');
  const log = terminalLogger(io.stderr);
  const stop = deps.signal ? undefined : onTermination();
  const report = await collectAndStore(options, {
    log,
    env: io.env,
    signal: stop?.signal,
    ...deps,
  }).finally(() => stop?.dispose());
  io.stdout.write(redact(renderSummary(report)) + '\n');
  if (report.dryRun) {
    for (const r of report.rows) io.stdout.write(`${r.date},${r.source},${r.variable},${r.value}\n`);
  }
  const failure = runFailure(report);
  if (failure) io.stderr.write(`kpi-collector: ${redact(failure)}\n`);
  return failure ? 1 : 0;
}

const CATALOG_HELP = `kpi-collector catalog: every KPI, its components, derived figures and params

Usage:
  kpi-collector catalog [--list | --format markdown|json] [--config FILE]

Options:
  --list     one line per KPI: id, unit and definition
  --format   markdown (default) or json
  --config   YAML config file, for the KPIs it defines (default: ${DEFAULTS.configFile} when it exists)
`;

/** `catalog`: every built-in KPI and the KPIs a config defines, as Markdown, JSON or one line each. */
async function catalogCommand(args: string[], io: CliIO, sources: readonly AnySource[]): Promise<number> {
  const values = parseFlags('catalog', args, {
    format: { type: 'string', default: 'markdown' },
    config: { type: 'string' },
    list: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(CATALOG_HELP);
    return 0;
  }
  const format = String(values.format);
  if (format !== 'markdown' && format !== 'json') {
    throw new UserError(`format: '${format}' is not a catalog format; use markdown or json`);
  }
  const { loadConfig, sourceConfig, sourceKpis } = await import('./config.js');
  const { buildCatalog, catalogList, catalogMarkdown } = await import('./catalog.js');
  const config = await loadConfig(
    typeof values.config === 'string' ? path.resolve(values.config) : undefined,
    path.resolve(DEFAULTS.configFile),
    sources,
  );
  const entries = buildCatalog(sources, (s) =>
    sourceKpis(s, sourceConfig(config, s).settings).filter((k) => !s.kpis.includes(k)),
  );
  let out: string;
  if (values.list) out = catalogList(entries);
  else if (format === 'json') out = JSON.stringify(entries, null, 2) + '\n';
  else out = catalogMarkdown(entries, sources);
  io.stdout.write(out);
  return 0;
}
