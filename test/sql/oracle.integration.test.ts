import { describe, it } from '@jest/globals';
import oracledb from 'oracledb';
import { MemoryLogger } from '../../src/log.js';
import { oracleSource } from '../../src/sources/oracle/index.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import type { SqlClient } from '../../src/sources/sql/engine.js';
import { sqlEngineSuite } from './engine-suite.js';

/**
 * The shared engine suite against a real Oracle database, when ORACLE_USER, ORACLE_PASSWORD and
 * ORACLE_CONNECT_STRING are set (e.g. a gvenzl/oracle-free container: ORACLE_CONNECT_STRING=localhost:1521/FREEPDB1).
 * It creates and drops the tables KPI_ORDERS and KPI_TARGETS in the user's schema.
 */
const env = {
  user: process.env.ORACLE_USER,
  password: process.env.ORACLE_PASSWORD,
  connectString: process.env.ORACLE_CONNECT_STRING,
};

interface AdminConnection {
  execute(sql: string, binds?: unknown, options?: unknown): Promise<unknown>;
  executeMany(sql: string, binds: unknown[], options?: unknown): Promise<unknown>;
  commit(): Promise<void>;
  close(): Promise<void>;
}
const lib = oracledb as unknown as {
  getConnection(o: object): Promise<AdminConnection>;
  DB_TYPE_TIMESTAMP_TZ: unknown;
  DB_TYPE_DATE: unknown;
};

if (!env.connectString) {
  console.warn(
    'Oracle integration test skipped: set ORACLE_USER, ORACLE_PASSWORD and ORACLE_CONNECT_STRING to run it.',
  );
  describe('oracle integration', () => {
    it.skip('skipped: ORACLE_CONNECT_STRING is not set (no Oracle server here)', () => {});
  });
} else {
  let admin: AdminConnection;
  let client: SqlClient | undefined;
  const dropTables = async (): Promise<void> => {
    for (const t of ['KPI_ORDERS', 'KPI_TARGETS']) {
      await admin.execute(
        `BEGIN EXECUTE IMMEDIATE 'DROP TABLE ${t} PURGE'; EXCEPTION WHEN OTHERS THEN IF SQLCODE != -942 THEN RAISE; END IF; END;`,
      );
    }
  };
  sqlEngineSuite('oracle', {
    source: oracleSource,
    async start(settings) {
      admin = await lib.getConnection({
        user: env.user,
        password: env.password,
        connectString: env.connectString,
      });
      await dropTables();
      await admin.execute(
        'CREATE TABLE kpi_orders (id NUMBER PRIMARY KEY, created_at TIMESTAMP WITH TIME ZONE NOT NULL, amount NUMBER(12,2), status VARCHAR2(20))',
      );
      await admin.execute('CREATE TABLE kpi_targets (day DATE PRIMARY KEY, target NUMBER)');
      client = await oracleSource.createClient({
        secrets: {
          'oracle-user': env.user,
          'oracle-password': env.password,
          'oracle-connect-string': env.connectString,
        },
        settings: oracleSource.settings.parse(settings) as SqlSettings,
        log: new MemoryLogger(),
        signal: new AbortController().signal,
        env: {},
      });
      return client;
    },
    async insertOrders(orders) {
      await admin.executeMany(
        'INSERT INTO kpi_orders VALUES (:1, :2, :3, :4)',
        orders.map((o) => [o.id, new Date(o.at), o.amount, o.status]),
        {
          bindDefs: [
            { type: 2010 },
            { type: lib.DB_TYPE_TIMESTAMP_TZ },
            { type: 2010 },
            { type: 2001, maxSize: 20 },
          ],
        },
      );
      await admin.commit();
    },
    async insertTargets(rows) {
      for (const r of rows) {
        await admin.execute("INSERT INTO kpi_targets VALUES (TO_DATE(:1, 'YYYY-MM-DD'), :2)", [
          r.day,
          r.target,
        ]);
      }
      await admin.commit();
    },
    async stop() {
      await client?.driver.close();
      await dropTables();
      await admin.close();
    },
    parisDate: (c) => `TRUNC(CAST(${c} AT TIME ZONE 'Europe/Paris' AS DATE))`,
    fromDual: ' FROM dual',
    slowQuery:
      'SELECT COUNT(*) AS x FROM all_objects a, all_objects b, all_objects c WHERE :day_start < :day_end',
    missingTableCode: /ORA-00942/,
    timeoutCode: /NJS-123/,
  });
}
