import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sourceInputs } from '../src/action-spec.js';
import { helpText } from '../src/cli.js';
import { parseConfigText } from '../src/config.js';
import { SOURCES } from '../src/sources/index.js';
import { VERSION } from '../src/version.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const all = { sources: SOURCES };

describe('the CLI helps', () => {
  it('prints its version, equal to package.json', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag], {}, all);
      expect([r.code, r.stdout]).toEqual([0, `kpi-collector ${pkg.version}\n`]);
    }
  });

  it('has --help and -h on every subcommand', async () => {
    for (const command of ['collect', 'report', 'catalog']) {
      for (const flag of ['--help', '-h']) {
        const r = await runCli([command, flag], {}, all);
        expect([command, flag, r.code, r.stderr]).toEqual([command, flag, 0, '']);
        expect(r.stdout).toMatch(new RegExp(`kpi-collector (${VERSION}|${command})`));
        expect(r.stdout).toContain('Usage:');
      }
    }
  });

  it('derives the help from the sources: every source and every input environment variable', () => {
    const help = helpText(SOURCES);
    for (const s of SOURCES) expect(help).toContain(s.name);
    for (const i of sourceInputs(SOURCES)) expect(help).toContain(i.env);
  });

  it('suggests the closest command, and shows no Node error codes', async () => {
    const r = await runCli(['colect'], {}, all);
    expect([r.code, r.stderr.trim()]).toEqual([
      1,
      "kpi-collector: 'colect' is not a command; did you mean 'collect'?; use collect, report, catalog (see --help)",
    ]);
    const bad = await runCli(['catalog', '--lst'], {}, all);
    expect(bad.stderr.trim()).toBe(
      "kpi-collector: catalog: unknown option '--lst'; did you mean '--list'?; see kpi-collector catalog --help",
    );
    const missing = await runCli(['collect', '--source'], {}, all);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toMatch(/ERR_|To specify/);
  });

  it('suggests the closest source and KPI id', async () => {
    const r = await runCli(['collect', '--source', 'githb', '--dry-run'], {}, all);
    expect(r.stderr).toContain("source: 'githb' is not a source; did you mean 'github'?");
    const k = await runCli(['collect', '--source', 'testsrc', '--kpis', 'testsrc.event'], {
      DATABRICKS_HOST: 'http://127.0.0.1:9',
      DATABRICKS_TOKEN: 'dapi-x-1234',
    });
    expect(k.stderr).toContain(
      "kpis: 'testsrc.event' is not a KPI of source testsrc; did you mean 'testsrc.events'?",
    );
  });

  it('lists the catalog one line per KPI', async () => {
    const r = await runCli(['catalog', '--list'], {}, all);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const ids = SOURCES.flatMap((s) => s.kpis.map((k) => k.id));
    expect(lines).toHaveLength(ids.length);
    lines.forEach((line, i) => expect(line.startsWith(`${ids[i]} `)).toBe(true));
    const startup = lines.find((l) => l.startsWith('databricks.cluster_startup'))!;
    expect(startup).toMatch(/databricks\.cluster_startup\s+seconds\s+\S/);
  });

  it.each([
    [
      'sources:\n  github:\n    org: acme\n    concurency: 3\n',
      "sources.github: unknown key 'concurency'; did you mean 'concurrency'?",
    ],
    ['sources:\n  githb:\n    org: acme\n', "sources: unknown key 'githb'; did you mean 'github'?"],
    [
      'sources:\n  github:\n    kpis:\n      workflow_runs: { workflow: [ci.yml] }\n',
      "sources.github.kpis.workflow_runs: unknown key 'workflow'; did you mean 'workflows'?",
    ],
    [
      'sources:\n  postgres:\n    kpis:\n      - { id: a, description: d, unit: u, sql: "select 1 as n", per_dy: true }\n',
      "sources.postgres.kpis.0: unknown key 'per_dy'; did you mean 'per_day'?",
    ],
    ['sources:\n  github:\n    xyzzy: 1\n', "sources.github: unknown key 'xyzzy'; see schema"],
  ])('suggests the closest config key (%#)', (text, message) => {
    expect(() => parseConfigText(text, 'kpis.yml', SOURCES)).toThrow(`config: kpis.yml: ${message}`);
  });

  it('refuses a config KPI that takes the id of a built-in one (it would never run)', async () => {
    const dir = await tempDir();
    const config = path.join(dir, 'kpis.yml');
    await fs.writeFile(
      config,
      'sources:\n  databricks:\n    warehouse_id: abc123\n    sql_kpis:\n      - { id: cost, description: mine, unit: EUR, sql: "select 1 as n" }\n',
    );
    const r = await runCli(['catalog', '--list', '--config', config], {}, all);
    expect([r.code, r.stderr.trim()]).toEqual([
      1,
      "kpi-collector: config: sources.databricks: 'cost' is the id of a built-in KPI (databricks.cost); give your KPI another id",
    ]);
  });
});
