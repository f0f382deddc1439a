import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { buildCatalog, catalogMarkdown } from './catalog.js';
import { loadConfig, sourceConfig } from './config.js';
import { reportCommand } from './report/command.js';
import { collectAndStore, type EngineDeps } from './engine.js';
import { UserError, errorMessage } from './errors.js';
import { DEFAULTS, Inputs, SECRETS, parseInputs, type InputName } from './inputs.js';
import type { Logger } from './log.js';
import { onTermination, runFailure } from './lifecycle.js';
import { redact, registerSecret } from './redact.js';
import { SOURCES } from './sources/index.js';
import { renderSummary } from './summary.js';

const FLAG_INPUTS = Object.values(Inputs).filter((n) => !(n in SECRETS));

export const HELP = `kpi-collector: collect KPIs into long-format rows (date,source,variable,value)

Usage:
  kpi-collector collect --source <name> [--date YYYY-MM-DD | --start-date D --end-date D] [options]
  kpi-collector report --store <folder | s3://bucket/prefix> --from D --to D [--every day|week|month|all] [...]
  kpi-collector catalog [--format markdown|json] [--config FILE]
  kpi-collector --help

Options of collect (the same as the action's inputs):
  --source          github | databricks | oracle | postgres (required)
  --date            the day to collect (default: yesterday in --timezone)
  --start-date, --end-date
                    an inclusive range, one object per day
  --kpis            comma-separated KPI ids (default: all enabled in the config)
  --config          YAML config file (default: .github/kpis.yml when it exists)
  --timezone        IANA time zone of the days (default: UTC)
  --s3-bucket       write to this bucket; without it rows go to ./kpi-data
  --s3-prefix       key prefix (default: kpis)
  --s3-endpoint     S3-compatible endpoint (MinIO, R2, Ceph)
  --aws-region      AWS region of the bucket
  --output-dir      write the same layout to this folder (default ./kpi-data without a bucket)
  --dry-run         collect and print, write nothing
  --max-days        refuse longer ranges (default 3660)

Secrets come from environment variables, never flags:
  ${Object.values(SECRETS).join(', ')}
AWS credentials come from the AWS SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...).
`;

/** Terminal progress: one line per step on stderr, so stdout keeps the summary. */
export function terminalLogger(stderr: NodeJS.WritableStream = process.stderr): Logger {
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
  for (const [, env] of Object.entries(SECRETS)) registerSecret(io.env[env]);
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(HELP);
    return command ? 0 : 1;
  }
  try {
    if (command === 'catalog') return await catalogCommand(rest, io);
    if (command === 'report') return await reportCommand(rest, io);
    if (command !== 'collect')
      throw new UserError(`'${command}' is not a command; use collect, report or catalog (see --help)`);
    const { values } = parseArgs({
      args: rest,
      options: {
        ...Object.fromEntries(
          FLAG_INPUTS.map((name) => [
            name,
            name === Inputs.DryRun ? { type: 'boolean' as const } : { type: 'string' as const },
          ]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const get = (name: InputName): string => {
      if (name in SECRETS) return io.env[SECRETS[name as keyof typeof SECRETS]] ?? '';
      const v = (values as Record<string, string | boolean | undefined>)[name];
      return v === undefined ? '' : String(v);
    };
    const options = parseInputs(get);
    const log = terminalLogger(io.stderr);
    const stop = deps.signal ? undefined : onTermination();
    const report = await collectAndStore(options, {
      sources: SOURCES,
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
  } catch (e) {
    const message = e instanceof UserError ? e.message : errorMessage(e);
    io.stderr.write(`kpi-collector: ${redact(message)}\n`);
    return 1;
  }
}

/** `catalog`: every built-in KPI and the SQL KPIs of a config, as Markdown or JSON. */
async function catalogCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'markdown' }, config: { type: 'string' } },
    strict: true,
  });
  if (values.format !== 'markdown' && values.format !== 'json') {
    throw new UserError(`format: '${values.format}' is not a catalog format; use markdown or json`);
  }
  const config = await loadConfig(
    values.config ? path.resolve(values.config) : undefined,
    path.resolve(DEFAULTS.configFile),
    SOURCES,
  );
  const entries = buildCatalog(SOURCES, (s) => s.configKpis?.(sourceConfig(config, s).settings) ?? []);
  io.stdout.write(
    values.format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : catalogMarkdown(entries, SOURCES),
  );
  return 0;
}
