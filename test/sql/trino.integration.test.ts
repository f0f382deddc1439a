import { afterAll, describe, it } from '@jest/globals';
import { MemoryLogger } from '../../src/log.js';
import type { SqlRun } from '../../src/sources/sql/engine.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import { trinoSource } from '../../src/sources/trino/index.js';
import { sqlEngineSuite } from './engine-suite.js';

/**
 * The shared engine suite against a real Trino when TRINO_SERVER is set, e.g. the trinodb/trino container:
 *   docker run -d -p 8080:8080 trinodb/trino
 *   TRINO_SERVER=http://localhost:8080 TRINO_USER=kpi npm test -- test/sql/trino.integration
 * TRINO_PASSWORD (https only), TRINO_CATALOG (default memory) and TRINO_SCHEMA (default kpi_test) are
 * optional. The test creates the schema if needed and replaces the tables KPI_ORDERS, KPI_TARGETS and
 * KPI_NUMBERS in it; the catalog must accept CREATE TABLE (the memory connector does).
 */
const env = {
  server: process.env.TRINO_SERVER,
  user: process.env.TRINO_USER ?? 'kpi',
  password: process.env.TRINO_PASSWORD,
  catalog: process.env.TRINO_CATALOG ?? 'memory',
  schema: process.env.TRINO_SCHEMA ?? 'kpi_test',
};

/** Setup statements by the plain protocol (POST, then nextUri to the end), outside the code under test. */
async function admin(sql: string): Promise<void> {
  const headers: Record<string, string> = {
    'X-Trino-User': env.user,
    'X-Trino-Catalog': env.catalog,
    'X-Trino-Schema': env.schema,
  };
  if (env.password) {
    headers.authorization = `Basic ${Buffer.from(`${env.user}:${env.password}`).toString('base64')}`;
  }
  const base = env.server!.replace(/\/?$/, '/');
  let doc = (await (await fetch(`${base}v1/statement`, { method: 'POST', body: sql, headers })).json()) as {
    nextUri?: string;
    error?: { message: string; errorName: string };
  };
  while (doc.nextUri) doc = (await (await fetch(doc.nextUri, { headers })).json()) as typeof doc;
  if (doc.error) throw new Error(`${sql.slice(0, 60)}: ${doc.error.message} (${doc.error.errorName})`);
}

if (!env.server) {
  console.warn(
    'Trino integration test skipped: set TRINO_SERVER (and TRINO_USER) to run it against a real Trino.',
  );
  describe('trino integration', () => {
    it.skip('skipped: TRINO_SERVER is not set (no Trino server here)', () => {});
  });
} else {
  const runs: SqlRun[] = [];
  afterAll(async () => {
    for (const r of runs) await r.driver.close().catch(() => {});
  });
  const table = (name: string): string => `${env.catalog}.${env.schema}.${name}`;
  sqlEngineSuite('trino', {
    source: trinoSource,
    async start(settings) {
      await admin(`CREATE SCHEMA IF NOT EXISTS ${env.catalog}.${env.schema}`);
      for (const t of ['kpi_orders', 'kpi_targets', 'kpi_numbers'])
        await admin(`DROP TABLE IF EXISTS ${table(t)}`);
      await admin(
        `CREATE TABLE ${table('kpi_orders')} (id integer, created_at timestamp(3) with time zone, amount decimal(12,2), status varchar)`,
      );
      await admin(`CREATE TABLE ${table('kpi_targets')} (day date, target decimal(10,2))`);
      await admin(
        `CREATE TABLE ${table('kpi_numbers')} AS SELECT n FROM UNNEST(sequence(1, 100000)) AS t(n)`,
      );
      const run = await trinoSource.createRun({
        inputs: { 'trino-server': env.server, 'trino-user': env.user, 'trino-password': env.password },
        settings: trinoSource.settings.parse({
          catalog: env.catalog,
          schema: env.schema,
          ...settings,
        }) as SqlSettings,
        log: new MemoryLogger(),
        signal: new AbortController().signal,
        env: {},
        timeZone: 'UTC',
      });
      runs.push(run);
      return run;
    },
    async insertOrders(orders) {
      for (let i = 0; i < orders.length; i += 200) {
        const values = orders
          .slice(i, i + 200)
          .map(
            (o) =>
              `(${o.id}, TIMESTAMP '${new Date(o.at).toISOString().replace('T', ' ').replace('Z', '')} UTC', ${o.amount}, '${o.status}')`,
          );
        await admin(`INSERT INTO ${table('kpi_orders')} VALUES ${values.join(', ')}`);
      }
    },
    async insertTargets(rows) {
      const values = rows.map((r) => `(DATE '${r.day}', ${r.target})`);
      await admin(`INSERT INTO ${table('kpi_targets')} VALUES ${values.join(', ')}`);
    },
    async stop() {},
    parisDate: (col) => `CAST(${col} AT TIME ZONE 'Europe/Paris' AS DATE)`,
    fromDual: '',
    slowQuery:
      'SELECT count(*) AS x FROM kpi_numbers a CROSS JOIN kpi_numbers b WHERE a.n * b.n % 7 = 3 AND :day_start < :day_end',
    missingTableCode: /does not exist \(TABLE_NOT_FOUND 46\)/,
    timeoutCode: /EXCEEDED_TIME_LIMIT 131075/,
  });
}
