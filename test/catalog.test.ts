import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SOURCES } from '../src/sources/index.js';
import { runCli, tempDir } from './helpers/run-cli.js';

describe('kpi-collector catalog', () => {
  it('lists every built-in KPI with its components, derived formulas and params, as JSON', async () => {
    const r = await runCli(['catalog', '--format', 'json'], {}, { sources: SOURCES });
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as Array<{
      id: string;
      components: Array<{ variable: string }>;
      derived: Array<{ variable: string; formula: string }>;
      params: Array<{ name: string; default: unknown }>;
    }>;
    expect(entries.map((e) => e.id)).toEqual(SOURCES.flatMap((s) => s.kpis.map((k) => k.id)));
    const startup = entries.find((e) => e.id === 'databricks.cluster_startup')!;
    expect(startup.components.map((c) => c.variable)).toContain('databricks.cluster_startup.le_300');
    expect(startup.derived).toContainEqual(
      expect.objectContaining({
        variable: 'databricks.cluster_startup.avg_seconds',
        formula: 'seconds / count',
      }),
    );
    expect(startup.derived.find((d) => d.variable.endsWith('p90_seconds'))?.formula).toMatch(
      /^p90 of count, interpolated/,
    );
    const runs = entries.find((e) => e.id === 'github.workflow_runs')!;
    expect(runs.params.length).toBeGreaterThan(0);
  });

  it('adds the SQL KPIs of a config, and prints Markdown by default', async () => {
    const dir = await tempDir();
    const config = path.join(dir, 'kpis.yml');
    await fs.writeFile(
      config,
      'sources:\n  postgres:\n    kpis:\n      - id: orders\n        description: Orders placed.\n        unit: EUR\n        sql: select count(*) as orders, sum(x) as revenue from t where d >= :day_start and d < :day_end\n        derived: { avg_order_value: revenue / orders }\n',
    );
    const r = await runCli(['catalog', '--config', config], {}, { sources: SOURCES });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# KPI catalog');
    expect(r.stdout).toContain('### `postgres.orders`');
    expect(r.stdout).toContain('| `postgres.orders.avg_order_value` |');
    expect(r.stdout).toContain('`revenue / orders`');
    const bad = await runCli(['catalog', '--format', 'yaml'], {}, { sources: SOURCES });
    expect([bad.code, bad.stderr.trim()]).toEqual([
      1,
      "kpi-collector: format: 'yaml' is not a catalog format; use markdown or json",
    ]);
  });
});
