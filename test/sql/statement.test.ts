import { describe, expect, it } from '@jest/globals';
import { oracleSource } from '../../src/sources/oracle/index.js';
import { postgresSource } from '../../src/sources/postgres/index.js';
import { oracleDialect } from '../../src/sources/oracle/dialect.js';
import { postgresDialect } from '../../src/sources/postgres/dialect.js';
import { assertSingleQuery } from '../../src/sources/sql/statement.js';

const DIALECTS = { postgres: postgresDialect, oracle: oracleDialect };
const ok = (sql: string, dialect: 'postgres' | 'oracle') => () => assertSingleQuery(sql, DIALECTS[dialect]);

describe('issue 14 item 4: one statement, a query only (src/sources/sql/statement.ts)', () => {
  it.each([
    ['postgres', 'select 1'],
    ['postgres', 'SELECT 1;'],
    ['postgres', 'select 1 ;  ;\n -- trailing comment; with a semicolon\n'],
    ['postgres', '  /* lead */ (select 1) union (select 2)'],
    ['postgres', 'WITH x AS (SELECT 1 AS n) SELECT n FROM x'],
    ['postgres', "select ';' as s, 'it''s; fine' as t"],
    ['postgres', 'select "a;b" from t'],
    ['postgres', 'select $$ ; delete from t $$, $tag$;$tag$ as x'],
    ['postgres', "select E'\\'; delete from t; --' as s"], // one E'…' string: \' is a quote inside it
    ['postgres', 'select 1 /* outer /* nested; */ still comment; */'],
    ['oracle', "SELECT q'[it's; here]' AS s FROM dual"],
    ['oracle', "SELECT nq'{;}' AS s FROM dual;"],
    ['oracle', 'WITH function AS (SELECT 1 AS n FROM dual) SELECT n FROM function'],
  ] as const)('accepts %s: %s', (dialect, sql) => {
    expect(ok(sql, dialect)).not.toThrow();
  });

  it.each([
    ['postgres', 'select 1 as n; commit; delete from t', /more than one statement/],
    ['postgres', 'select 1; select 2', /more than one statement/],
    ['postgres', "select '\\'; delete from t; --'", /more than one statement/], // standard strings: \ is no escape
    ['postgres', 'select 1 /* a */; /* b */ delete from t', /more than one statement/],
    ['postgres', 'delete from t', /a DELETE statement, not a query/],
    ['postgres', 'INSERT INTO t VALUES (1)', /an INSERT statement, not a query/],
    ['postgres', 'commit', /a COMMIT statement/],
    ['postgres', 'DO $$ BEGIN DELETE FROM t; END $$', /anonymous code block/],
    ['postgres', 'set role admin', /a SET statement/],
    ['postgres', '-- only a comment', /no statement/],
    ['oracle', "select '\\'; delete from t; --' from dual", /more than one statement/],
    ['oracle', 'BEGIN DELETE FROM t; COMMIT; END;', /PL\/SQL block/],
    ['oracle', 'begin null; end', /PL\/SQL block/],
    ['oracle', 'DECLARE n NUMBER; BEGIN SELECT 1 INTO n FROM dual; END;', /PL\/SQL block/],
    ['oracle', 'CALL purge_orders()', /procedure call/],
    ['oracle', 'WITH FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; END; SELECT f FROM dual', /WITH FUNCTION/],
    ['oracle', 'UPDATE t SET n = 1', /an UPDATE statement/],
    ['oracle', 'ALTER SESSION SET current_schema = x', /an ALTER statement/],
    ['oracle', "SELECT q'[unterminated FROM dual", /unterminated/],
  ] as const)('refuses %s: %s', (dialect, sql, message) => {
    expect(ok(sql, dialect)).toThrow(message);
  });

  it('takes a declared dialect lexer (as SqlDialect declares it) as well as a name', () => {
    const sparkLike = {
      name: 'spark',
      lexer: { ...oracleDialect.lexer, qQuotes: false, backslashStrings: true, backtickIdentifiers: true },
    };
    expect(() => assertSingleQuery("select 'it\\'s; x', `a;b` from t", sparkLike)).not.toThrow();
    expect(() => assertSingleQuery('select `a`; drop table t', sparkLike)).toThrow(/more than one statement/);
  });

  it.each([
    ['postgres', postgresSource],
    ['oracle', oracleSource],
  ] as const)('a bad %s KPI is a config error naming the KPI', (_name, source) => {
    const r = source.settings.safeParse({
      kpis: [
        { id: 'fine', description: 'd', unit: 'u', sql: 'select 1 as n' },
        { id: 'sneaky', description: 'd', unit: 'u', sql: 'select 1 as n; commit; delete from t' },
      ],
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      expect.stringMatching(/^kpis\.1\.sql: KPI 'sneaky': the SQL holds more than one statement/),
    ]);
  });
});
