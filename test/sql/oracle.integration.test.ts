import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import oracledb from 'oracledb';
import { MemoryLogger } from '../../src/log.js';
import { oracleSource } from '../../src/sources/oracle/index.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import type { SqlRun } from '../../src/sources/sql/engine.js';
import { sqlEngineSuite } from './engine-suite.js';
import { runKpi } from './harness.js';

/**
 * The shared engine suite against a real Oracle database, when ORACLE_USER, ORACLE_PASSWORD and
 * ORACLE_CONNECT_STRING are set (e.g. a gvenzl/oracle-free container: ORACLE_CONNECT_STRING=localhost:1521/FREEPDB1).
 * It creates and drops the tables KPI_ORDERS, KPI_TARGETS and KPI_EVENTS in the user's schema.
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
  let client: SqlRun | undefined;
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
      client = await oracleSource.createRun({
        inputs: {
          'oracle-user': env.user,
          'oracle-password': env.password,
          'oracle-connect-string': env.connectString,
        },
        settings: oracleSource.settings.parse(settings) as SqlSettings,
        log: new MemoryLogger(),
        signal: new AbortController().signal,
        env: {},
        timeZone: 'UTC',
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

  // Columns without a time zone (TIMESTAMP, DATE) holding Paris wall-clock times, against the day binds.
  // ORA_SDTZ is set far from Paris while the pool is built: the driver must still run every query in the
  // run's zone, or the late-evening rows land on the next day.
  describe('oracle: TIMESTAMP and DATE columns against the day binds (session time zone)', () => {
    let events: AdminConnection;
    let eventsClient: SqlRun | undefined;
    const savedSdtz = process.env.ORA_SDTZ;
    const walls = [
      '2026-03-28 00:00:00',
      '2026-03-28 12:00:00',
      '2026-03-28 23:30:00',
      '2026-03-29 00:00:00',
      '2026-03-29 03:30:00',
      '2026-03-29 22:30:00',
      '2026-03-30 23:59:59',
      '2026-10-24 23:30:00',
      '2026-10-25 02:30:00', // twice that night: either reading is 10-25
      '2026-10-25 23:30:00',
      '2026-10-26 00:00:00',
      '2026-10-26 23:00:00',
    ];
    const dropEvents = () =>
      events.execute(
        "BEGIN EXECUTE IMMEDIATE 'DROP TABLE KPI_EVENTS PURGE'; EXCEPTION WHEN OTHERS THEN IF SQLCODE != -942 THEN RAISE; END IF; END;",
      );

    beforeAll(async () => {
      events = await lib.getConnection({
        user: env.user,
        password: env.password,
        connectString: env.connectString,
      });
      await dropEvents();
      await events.execute(
        'CREATE TABLE kpi_events (id NUMBER PRIMARY KEY, at_local TIMESTAMP NOT NULL, on_day DATE NOT NULL, at_tz TIMESTAMP WITH TIME ZONE NOT NULL)',
      );
      await events.executeMany(
        "INSERT INTO kpi_events VALUES (:id, TO_TIMESTAMP(:w, 'YYYY-MM-DD HH24:MI:SS'), TO_DATE(:w, 'YYYY-MM-DD HH24:MI:SS'), FROM_TZ(TO_TIMESTAMP(:w, 'YYYY-MM-DD HH24:MI:SS'), 'Europe/Paris'))",
        walls.map((w, i) => ({ id: i + 1, w })),
        { bindDefs: { id: { type: 2010 }, w: { type: 2001, maxSize: 19 } } },
      );
      await events.commit();
      process.env.ORA_SDTZ = '-05:00';
      try {
        eventsClient = await oracleSource.createRun({
          inputs: {
            'oracle-user': env.user,
            'oracle-password': env.password,
            'oracle-connect-string': env.connectString,
          },
          settings: oracleSource.settings.parse({ concurrency: 2 }) as SqlSettings,
          log: new MemoryLogger(),
          signal: new AbortController().signal,
          env: {},
          timeZone: 'UTC',
        });
      } finally {
        if (savedSdtz === undefined) delete process.env.ORA_SDTZ;
        else process.env.ORA_SDTZ = savedSdtz;
      }
    });
    afterAll(async () => {
      await eventsClient?.driver.close();
      await dropEvents();
      await events.close();
    });

    it.each([
      ['TIMESTAMP', 'at_local >= :day_start AND at_local < :day_end'],
      ['DATE', 'on_day >= :day_start AND on_day < :day_end'],
      ['DATE by :day', 'on_day >= :day AND on_day < :day + 1'],
      ['TIMESTAMP WITH TIME ZONE', 'at_tz >= :day_start AND at_tz < :day_end'],
    ])('%s column: %s counts the local day, across both DST changes', async (_what, filter) => {
      for (const dates of [
        ['2026-03-28', '2026-03-29', '2026-03-30'],
        ['2026-10-24', '2026-10-25', '2026-10-26'],
      ] as const) {
        const [start, , end] = dates;
        const r = await runKpi(
          oracleSource,
          eventsClient!,
          {
            id: 'events',
            description: 'd',
            unit: 'count',
            sql: `SELECT COUNT(*) AS n FROM kpi_events WHERE ${filter}`,
          },
          { start, end, timeZone: 'Europe/Paris' },
        );
        expect(r.error).toBeUndefined();
        // Reference: the wall clock's date.
        const expected = new Map<string, number>();
        for (const d of dates) expected.set(`${d} n`, walls.filter((w) => w.startsWith(d)).length);
        expect(r.values).toEqual(expected);
      }
    });
  });
}
