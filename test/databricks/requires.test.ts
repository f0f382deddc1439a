import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCatalog, catalogList, catalogMarkdown } from '../../src/catalog.js';
import { collectAndStore } from '../../src/engine.js';
import { parseInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { clearSecrets } from '../../src/redact.js';
import { databricksSource } from '../../src/sources/databricks/index.js';
import { LocalStore } from '../../src/store/local-store.js';
import { startSqlFake, SQL_TOKEN, WAREHOUSE, type SqlFake } from './sql-fake.js';

let fake: SqlFake;
let dir: string;
beforeAll(async () => {
  fake = await startSqlFake();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-dbsql-requires-'));
  await fs.writeFile(path.join(dir, 'none.yml'), 'sources:\n  databricks:\n    retries: 0\n');
  await fs.writeFile(
    path.join(dir, 'wh.yml'),
    `sources:\n  databricks:\n    retries: 0\n    warehouse_id: ${WAREHOUSE}\n`,
  );
});
afterAll(async () => {
  await fake.close();
  await fs.rm(dir, { recursive: true, force: true });
  clearSecrets();
});

async function kpisRun(config: string): Promise<string[]> {
  const inputs: Record<string, string> = {
    source: 'databricks',
    date: '2026-11-20',
    'output-dir': path.join(dir, 'out'),
    config: path.join(dir, config),
    'databricks-host': fake.url,
    'databricks-token': SQL_TOKEN,
  };
  const options = parseInputs((n) => inputs[n] ?? '', { sources: [databricksSource] });
  const report = await collectAndStore(options, {
    sources: [databricksSource],
    log: new MemoryLogger(),
    stores: () => [new LocalStore(path.join(dir, 'out'))],
  });
  return report.kpis.map((k) => k.id);
}

describe('KPIs that need a setting (databricks.dbu_usage and databricks.cost need warehouse_id)', () => {
  it('are not collected by default without it, and are with it', async () => {
    const without = await kpisRun('none.yml');
    expect(without).toEqual([
      'databricks.cluster_startup',
      'databricks.cluster_uptime',
      'databricks.job_runs',
    ]);
    const withWarehouse = await kpisRun('wh.yml');
    expect(withWarehouse).toEqual([...without, 'databricks.dbu_usage', 'databricks.cost']);
  });

  it('are listed in the catalog as needing it, with the list-price statement', () => {
    const entries = buildCatalog([databricksSource]);
    const cost = entries.find((e) => e.id === 'databricks.cost')!;
    expect(cost.requires).toBe('sources.databricks.warehouse_id');
    expect(entries.find((e) => e.id === 'databricks.dbu_usage')!.requires).toBe(
      'sources.databricks.warehouse_id',
    );
    expect(entries.find((e) => e.id === 'databricks.job_runs')!.requires).toBeUndefined();
    expect(cost.definition).toContain('This is list price, not the negotiated bill.');
    expect(catalogList(entries)).toMatch(
      /databricks\.cost +USD .*\(needs sources\.databricks\.warehouse_id\)\n/,
    );
    expect(catalogMarkdown(entries, [databricksSource])).toContain(
      'Needs `sources.databricks.warehouse_id` in the config; without it this KPI is not collected.',
    );
  });
});
