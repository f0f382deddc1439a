import { describe, expect, it } from '@jest/globals';
import * as net from 'node:net';
import oracledb from 'oracledb';
import { UserError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/log.js';
import { createOracleDriver, type OracleLib } from '../../src/sources/oracle/driver.js';
import { oracleSource } from '../../src/sources/oracle/index.js';
import type { SqlRun } from '../../src/sources/sql/engine.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import { runKpi } from './harness.js';
import {
  FakeOracle,
  callTimeoutError,
  col,
  lib,
  oraError,
  type Answer,
  type ExecuteCall,
} from './oracle-stub.js';

const SECRET = {
  user: 'kpi_reader',
  password: 'Oracle-S3cret!',
  connectString: 'db.example.com:1521/KPIPDB',
};
// Paris midnights (CET +1 before 2026-03-29 02:00, CEST +2 after), written out independently of src/dates.ts.
const PARIS = {
  '2026-03-28': Date.parse('2026-03-27T23:00:00Z'),
  '2026-03-29': Date.parse('2026-03-28T23:00:00Z'),
  '2026-03-30': Date.parse('2026-03-29T22:00:00Z'),
};
const RANGE = { start: '2026-03-28', end: '2026-03-29', timeZone: 'Europe/Paris' };

async function connect(fake: FakeOracle, settings: Record<string, unknown> = {}): Promise<SqlRun> {
  const s = oracleSource.settings.parse(settings) as SqlSettings;
  const driver = await createOracleDriver(
    { ...SECRET, poolSize: s.concurrency, connectTimeoutSeconds: s.connect_timeout_seconds },
    fake.lib(),
  );
  return {
    driver,
    concurrency: s.concurrency,
    queryTimeoutMs: s.query_timeout_seconds * 1000,
    sleep: async () => {},
  };
}

const kpi = (sql: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'k',
  description: 'd',
  unit: 'count',
  sql,
  ...extra,
});
const queries = (fake: FakeOracle): ExecuteCall[] => fake.calls.filter((c) => c.binds !== undefined);

/**
 * The instant of a wall-clock 'YYYY-MM-DD hh:mm:ss' in an Oracle session time zone: a fixed offset
 * ('+01:00', Thin's '-00:0') or a region, by Intl (independent of src/dates.ts).
 */
function wallToInstant(wall: string, zone: string): number {
  const [y, mo, d, h, mi, se] = wall.split(/[- :]/).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, se);
  const fixed = /^([+-])(\d{1,2}):(\d{1,2})$/.exec(zone);
  if (fixed) return asUtc - (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
  const offsetAt = (ms: number): number => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
        .formatToParts(new Date(ms))
        .map((p) => [p.type, Number(p.value)]),
    ) as Record<string, number>;
    return (
      Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - ms
    );
  };
  const first = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(first);
}

describe('oracle adapter (node-oracledb, stubbed connection)', () => {
  it('uses the real driver in Thin mode and passes the connect options to createPool', async () => {
    expect((oracledb as OracleLib).thin).toBe(true);
    const fake = new FakeOracle(() => ({ metaData: [], rows: [] }));
    await connect(fake, { concurrency: 3, connect_timeout_seconds: 2.5 });
    expect(fake.poolOptions).toEqual([
      {
        user: SECRET.user,
        password: SECRET.password,
        connectString: SECRET.connectString,
        poolMin: 0,
        poolMax: 3,
        poolIncrement: 1,
        connectTimeout: 3,
        transportConnectTimeout: 3,
        queueTimeout: 0,
      },
    ]);
    // The connection is checked once at start, then returned to the pool.
    expect(fake.calls.map((c) => c.sql)).toEqual(['SELECT 1 FROM DUAL']);
    expect(fake.events).toEqual(['close 1']);
  });

  it('binds the day window as TIMESTAMP WITH TIME ZONE and :day as DATE, by the names the SQL uses', async () => {
    const fake = new FakeOracle(() => ({ metaData: [col('ORDERS', lib.DB_TYPE_NUMBER)], rows: [[5]] }));
    const client = await connect(fake);
    const r = await runKpi(
      oracleSource,
      client,
      kpi(`SELECT COUNT(*) AS orders FROM t WHERE ts >= :DAY_START AND ts < :day_end AND d = :Day AND d2 = :day -- :ignored
           AND note <> ':not_a_bind' AND q'[:nor_this]' IS NOT NULL;`),
      RANGE,
    );
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual(
      new Map([
        ['2026-03-28 orders', 5],
        ['2026-03-29 orders', 5],
      ]),
    );
    const calls = queries(fake).sort((a, b) =>
      (a.binds!.DAY_START!.val as Date) < (b.binds!.DAY_START!.val as Date) ? -1 : 1,
    );
    expect(calls).toHaveLength(2);
    for (const [i, date] of (['2026-03-28', '2026-03-29'] as const).entries()) {
      const binds = calls[i]!.binds!;
      expect(Object.keys(binds).sort()).toEqual(['DAY_START', 'Day', 'day_end']);
      expect(binds.DAY_START).toEqual({ type: lib.DB_TYPE_TIMESTAMP_TZ, val: new Date(PARIS[date]) });
      const next = date === '2026-03-28' ? '2026-03-29' : '2026-03-30';
      expect(binds.day_end).toEqual({ type: lib.DB_TYPE_TIMESTAMP_TZ, val: new Date(PARIS[next]) });
      expect(binds.Day!.type).toBe(lib.DB_TYPE_DATE);
      // node-oracledb writes a DATE from the Date's local fields.
      const d = binds.Day!.val as Date;
      expect([d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours()]).toEqual([
        2026,
        3,
        Number(date.slice(8)),
        0,
      ]);
      expect(calls[i]!.sql.endsWith('IS NOT NULL')).toBe(true); // trailing ';' removed (ORA-00933 otherwise)
    }
  });

  it('runs each query read-only with callTimeout and array rows, then rolls back and releases the connection', async () => {
    const fake = new FakeOracle(() => ({ metaData: [col('N', lib.DB_TYPE_NUMBER)], rows: [[1]] }));
    const client = await connect(fake, { concurrency: 1 });
    fake.calls.length = 0;
    fake.events.length = 0;
    const r = await runKpi(
      oracleSource,
      client,
      kpi('SELECT 1 AS n FROM dual WHERE :day IS NOT NULL', { timeout: 2.5 }),
      {
        ...RANGE,
        end: RANGE.start,
      },
    );
    expect(r.error).toBeUndefined();
    expect(fake.calls.map((c) => [c.sql, c.callTimeout])).toEqual([
      ['SET TRANSACTION READ ONLY', 2500],
      ['SELECT 1 AS n FROM dual WHERE :day IS NOT NULL', 2500],
    ]);
    expect(fake.calls[1]!.options?.outFormat).toBe(lib.OUT_FORMAT_ARRAY);
    expect(fake.events).toEqual(['rollback 2', 'close 2']);
  });

  it('maps NUMBER to numbers, rejects VARCHAR2 values and reads DATE day columns by their wall clock', async () => {
    let answer: Answer = { metaData: [col('LABEL', lib.DB_TYPE_VARCHAR)], rows: [['abc']] };
    const fake = new FakeOracle(() => answer);
    const client = await connect(fake);
    const text = await runKpi(oracleSource, client, kpi('SELECT label FROM t WHERE d = :day'), RANGE);
    expect(text.error?.message).toMatch(/column 'label' on 2026-03-2\d is not numeric \(type VARCHAR2/);

    answer = {
      metaData: [
        col('DAY', lib.DB_TYPE_DATE),
        col('VARIABLE', lib.DB_TYPE_VARCHAR),
        col('VALUE', lib.DB_TYPE_NUMBER),
      ],
      // Thin mode returns DATE as a Date built from local fields.
      rows: [
        [new Date(2026, 2, 28), 'paid', 3],
        [new Date(2026, 2, 29), 'paid', 4],
        [new Date(2026, 2, 29), 'refunded', null],
      ],
    };
    const range = await runKpi(
      oracleSource,
      client,
      kpi(
        'SELECT TRUNC(d) AS day, status AS variable, COUNT(*) AS value FROM t WHERE ts >= :range_start AND ts < :range_end',
        {
          per_day: false,
        },
      ),
      RANGE,
    );
    expect(range.error).toBeUndefined();
    expect(range.values).toEqual(
      new Map([
        ['2026-03-28 paid', 3],
        ['2026-03-29 paid', 4],
      ]),
    );
    expect(range.warnings).toEqual([
      "oracle.k: variable 'refunded' is NULL on 2026-03-29: not stored (NULL is no value, not zero)",
    ]);
    const binds = queries(fake).at(-1)!.binds!;
    expect(binds).toEqual({
      range_start: { type: lib.DB_TYPE_TIMESTAMP_TZ, val: new Date(PARIS['2026-03-28']) },
      range_end: { type: lib.DB_TYPE_TIMESTAMP_TZ, val: new Date(PARIS['2026-03-30']) },
    });
  });

  it('sets the session time zone to the run zone, so TIMESTAMP columns compare by the local day (DST too)', async () => {
    // A TIMESTAMP (no time zone) column holding Paris wall-clock times, around midnights and the spring gap.
    // In a New York session the evening rows would move to the next day (and 03-28 would count 2, not 3).
    const walls = [
      '2026-03-28 00:00:00',
      '2026-03-28 12:00:00',
      '2026-03-28 23:30:00',
      '2026-03-29 00:00:00',
      '2026-03-29 03:30:00',
      '2026-03-29 22:30:00',
      '2026-03-30 00:00:00',
    ];
    // Oracle compares TIMESTAMP with a TIMESTAMP WITH TIME ZONE bind by converting the TIMESTAMP with the
    // session time zone: do the same with the zone the call ran under.
    const fake = new FakeOracle((call) => {
      const start = (call.binds!.day_start!.val as Date).getTime();
      const end = (call.binds!.day_end!.val as Date).getTime();
      const n = walls.filter((w) => {
        const at = wallToInstant(w, call.timeZone);
        return at >= start && at < end;
      }).length;
      return { metaData: [col('EVENTS', lib.DB_TYPE_NUMBER)], rows: [[n]] };
    });
    // Sessions start in ORA_SDTZ when it is set (else node's offset): set it far from Paris meanwhile.
    const saved = process.env.ORA_SDTZ;
    process.env.ORA_SDTZ = 'America/New_York';
    let r: Awaited<ReturnType<typeof runKpi>>;
    try {
      const client = await connect(fake, { concurrency: 2 });
      r = await runKpi(
        oracleSource,
        client,
        kpi('SELECT COUNT(*) AS events FROM t WHERE at_local >= :day_start AND at_local < :day_end'),
        RANGE,
      );
    } finally {
      if (saved === undefined) delete process.env.ORA_SDTZ;
      else process.env.ORA_SDTZ = saved;
    }
    expect(r.error).toBeUndefined();
    // Reference: the day is the wall clock's date.
    const expected = new Map<string, number>();
    for (const d of ['2026-03-28', '2026-03-29'])
      expected.set(`${d} events`, walls.filter((w) => w.startsWith(d)).length);
    expect(r.values).toEqual(expected);
    expect(queries(fake).map((c) => c.timeZone)).toEqual(['Europe/Paris', 'Europe/Paris']);
    // Every query's connection set the zone first, with the query's call timeout.
    expect(fake.sessionStatements.map((x) => [x.sql, x.callTimeout])).toEqual([
      ["ALTER SESSION SET TIME_ZONE = 'Europe/Paris'", 60_000],
      ["ALTER SESSION SET TIME_ZONE = 'Europe/Paris'", 60_000],
    ]);
    expect(new Set(fake.sessionStatements.map((x) => x.connection))).toEqual(
      new Set(queries(fake).map((c) => c.connection)),
    );
  });

  it('refuses a zone that is not an IANA name before connecting, and reports ORA-01882 with the zone', async () => {
    const fake = new FakeOracle(() => ({ metaData: [col('N', lib.DB_TYPE_NUMBER)], rows: [[1]] }));
    const client = await connect(fake, { concurrency: 1 });
    const q = (timeZone: string) =>
      client.driver.query({
        sql: 'SELECT 1 AS n FROM dual WHERE :day IS NOT NULL',
        binds: { day: { kind: 'date', date: '2026-03-28' } },
        timeoutMs: 1000,
        timeZone,
      });
    const before = fake.connections;
    for (const bad of ["Europe/Paris'; DROP TABLE t --", 'Europe/Paris ', '', '../etc']) {
      await expect(q(bad)).rejects.toThrow(/is not an IANA zone name/);
    }
    expect(fake.connections).toBe(before);
    expect(fake.sessionStatements).toEqual([]);

    fake.events.length = 0;
    const e = await q('Mars/Olympus_Mons').catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      'cannot set the session time zone to Mars/Olympus_Mons: ORA-01882: timezone region not found',
    );
    expect((e as { code?: string }).code).toBe('ORA-01882');
    expect(queries(fake)).toEqual([]);
    expect(fake.events).toEqual([`rollback ${fake.connections}`, `close ${fake.connections}`]);
    await expect(q('UTC')).resolves.toMatchObject({ rows: [[1]] });
    expect(queries(fake).at(-1)!.timeZone).toBe('UTC');
  });

  it('issue 14 item 4: refuses PL/SQL blocks, CALL and anything not a query before any connection is used', async () => {
    const fake = new FakeOracle(() => ({ metaData: [col('N', lib.DB_TYPE_NUMBER)], rows: [[1]] }));
    const client = await connect(fake, { concurrency: 1 });
    const sent = fake.calls.length;
    for (const [sql, message] of [
      ['BEGIN DELETE FROM orders; COMMIT; END;', /PL\/SQL block/],
      ['DECLARE PRAGMA AUTONOMOUS_TRANSACTION; BEGIN DELETE FROM orders; COMMIT; END;', /PL\/SQL block/],
      ['CALL purge_orders()', /procedure call/],
      ['DELETE FROM orders', /a DELETE statement, not a query/],
      ['SELECT 1 AS n FROM dual; DELETE FROM orders', /more than one statement/],
      [
        'WITH FUNCTION f RETURN NUMBER IS PRAGMA AUTONOMOUS_TRANSACTION; BEGIN DELETE FROM orders; COMMIT; RETURN 1; END; SELECT f AS n FROM dual',
        /WITH FUNCTION/,
      ],
    ] as const) {
      const e = await client.driver
        .query({ sql, binds: {}, timeoutMs: 1000, timeZone: 'UTC' })
        .catch((x: unknown) => x);
      expect([sql, (e as Error).message]).toEqual([sql, expect.stringMatching(message)]);
      // And as config: an error naming the KPI.
      expect(() => oracleSource.settings.parse({ kpis: [kpi(sql, { id: 'plsql' })] })).toThrow(/KPI 'plsql'/);
    }
    expect(fake.calls.slice(sent)).toEqual([]);
  });

  it('reports ORA- errors by their first line and code', async () => {
    const fake = new FakeOracle(() => {
      throw oraError('ORA-00942: table or view does not exist');
    });
    const client = await connect(fake, { concurrency: 1 });
    const r = await runKpi(oracleSource, client, kpi('SELECT n FROM nope WHERE d = :day'), RANGE);
    expect(r.error?.message).toBe('query for 2026-03-28 failed: ORA-00942: table or view does not exist');
    expect((r.error as { code?: string }).code).toBe('ORA-00942');
  });

  it('turns a call timeout (NJS-123) into a timeout error and drops the connection', async () => {
    const fake = new FakeOracle((call) => {
      throw callTimeoutError(call.callTimeout);
    });
    const client = await connect(fake, { concurrency: 1 });
    fake.events.length = 0;
    const r = await runKpi(oracleSource, client, kpi('SELECT n FROM slow WHERE d = :day', { timeout: 0.5 }), {
      ...RANGE,
      end: RANGE.start,
    });
    expect(r.error?.message).toBe(
      'query for 2026-03-28 timed out after 0.5 s: NJS-123: call timeout of 500 ms exceeded',
    );
    expect(fake.events).toEqual(['close 2 drop']);
  });

  it('retries a dropped connection (ORA-03113 → NJS-500) and then succeeds', async () => {
    let failures = 1;
    const fake = new FakeOracle(() => {
      if (failures-- > 0) throw oraError('ORA-03113: end-of-file on communication channel');
      return { metaData: [col('N', lib.DB_TYPE_NUMBER)], rows: [[9]] };
    });
    const client = await connect(fake, { concurrency: 1 });
    const r = await runKpi(oracleSource, client, kpi('SELECT 9 AS n FROM dual WHERE :day IS NOT NULL'), {
      ...RANGE,
      end: RANGE.start,
    });
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual(new Map([['2026-03-28 n', 9]]));
    expect(r.warnings[0]).toMatch(
      /oracle.k query for 2026-03-28: NJS-500: connection to Oracle Database was closed or broken; retry 1\/2/,
    );
  });

  it('fails the run with a UserError on bad credentials, without the password or the connect string', async () => {
    const fake = new FakeOracle(() => ({ metaData: [], rows: [] }));
    fake.connectError = oraError(
      `ORA-01017: invalid credential or not authorized; logon denied (${SECRET.connectString}, ${SECRET.password})`,
    );
    const e = await connect(fake).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    const message = (e as Error).message;
    expect(message).toMatch(
      /^oracle-connect-string: cannot connect as kpi_reader: ORA-01017: invalid credential/,
    );
    expect(message).not.toContain(SECRET.password);
    expect(message).not.toContain(SECRET.connectString);
    expect(message).not.toContain('Help:');
    expect(fake.events).toContain('pool.close(0)');
  });
});

describe('oracle adapter (real node-oracledb, no server)', () => {
  const settings = (s: Record<string, unknown>) => oracleSource.settings.parse(s) as SqlSettings;
  const create = (connectString: string, connect_timeout_seconds = 1) =>
    oracleSource.createRun({
      inputs: {
        'oracle-user': 'u',
        'oracle-password': SECRET.password,
        'oracle-connect-string': connectString,
      },
      settings: settings({ connect_timeout_seconds }),
      log: new MemoryLogger(),
      signal: new AbortController().signal,
      env: {},
      timeZone: 'UTC',
    });

  it('fails fast on a closed port and times out on a silent listener (connectTimeout)', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const refused = await create(`127.0.0.1:${closedPort}/FREEPDB1`).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toMatch(/^oracle-connect-string: cannot connect as u: NJS-50\d/);
    expect((refused as Error).message).not.toContain(SECRET.password);

    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    const timedOut = await create(`127.0.0.1:${port}/FREEPDB1`).catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(timedOut).toBeInstanceOf(UserError);
    expect((timedOut as Error).message).toMatch(/NJS-510/);
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
});
