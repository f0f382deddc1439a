import { describe, expect, it } from '@jest/globals';
import { parseConfigText } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { oracleSource } from '../../src/sources/oracle/index.js';
import { postgresSource } from '../../src/sources/postgres/index.js';
import { scanPlaceholders, type SqlDialect } from '../../src/sources/sql/binds.js';
import { oracleDialect } from '../../src/sources/oracle/dialect.js';
import { postgresDialect, toPostgres } from '../../src/sources/postgres/dialect.js';
import { parseFormula } from '../../src/sources/sql/config.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import { mapLimit } from '../../src/concurrency.js';

const DIALECTS: Record<string, SqlDialect> = { postgres: postgresDialect, oracle: oracleDialect };
const names = (sql: string, dialect: 'postgres' | 'oracle' = 'postgres'): string[] =>
  scanPlaceholders(sql, DIALECTS[dialect]!).map((p) => p.text);

describe('bind placeholders', () => {
  it('finds :name outside literals, identifiers, comments, dollar strings and casts', () => {
    expect(
      names(
        `SELECT :day_start, ':day', ":day", x::date, E'\\':day' -- :day\n /* :day /* nested :day */ */ $$ :day $$ $t$ :day $t$ FROM t WHERE :Day_End`,
      ),
    ).toEqual(['day_start', 'Day_End']);
    expect(names(`SELECT q'[ :day ]', Q'{:day}', 'it''s :day', :day FROM dual`, 'oracle')).toEqual(['day']);
    expect(names('SELECT arr[1:2], a:=1, x:b FROM t')).toEqual([]);
  });

  it('rejects unterminated literals and positional $1 parameters', () => {
    expect(() => names("SELECT ':day")).toThrow(/unterminated '…' literal/);
    expect(() => names('SELECT 1 /* :day')).toThrow(/unterminated \/\* comment/);
    expect(() => names('SELECT $1')).toThrow(/positional parameters/);
  });

  it("skips Oracle national q-quoted literals nq'…' and Nq'…' like q'…'", () => {
    expect(
      names(
        `SELECT nq'[it's :x]', Nq'{:y}', NQ'<:z>', nQ'!:w!', n'it''s :v' FROM dual WHERE d = :day`,
        'oracle',
      ),
    ).toEqual(['day']);
    // A column ending in n before a plain literal is not a national q-literal: 'q' follows an identifier.
    expect(names(`SELECT colnq FROM dual WHERE a = :day_start`, 'oracle')).toEqual(['day_start']);
    expect(() => names(`SELECT nq'[never closed FROM dual`, 'oracle')).toThrow(/unterminated q'…' literal/);
  });

  it('rejects Oracle positional :1 binds, but not digits after an identifier or inside literals', () => {
    expect(() => names('SELECT :1 FROM dual', 'oracle')).toThrow(
      /positional bind :1 is not allowed; use the named binds/,
    );
    expect(() => names('SELECT x FROM t WHERE a >= :day_start AND b = :2', 'oracle')).toThrow(/:2/);
    expect(names(`SELECT '10:30', q'[:1]', "a:1" FROM t -- :1\n WHERE :day IS NOT NULL`, 'oracle')).toEqual([
      'day',
    ]);
    // PostgreSQL array slices keep working: arr[:2] is a slice bound there, not a bind.
    expect(names('SELECT arr[:2], arr[1:2] FROM t')).toEqual([]);
  });

  it('rewrites :name as $n::type, one number per name, values as text', () => {
    const start = Date.parse('2026-03-28T23:00:00Z');
    const out = toPostgres("SELECT ':day' AS s, :day_start, :day, :DAY_START - interval '1 hour'", {
      day_start: { kind: 'timestamptz', ms: start },
      day: { kind: 'date', date: '2026-03-29' },
    });
    expect(out).toEqual({
      text: "SELECT ':day' AS s, $1::timestamptz, $2::date, $1::timestamptz - interval '1 hour'",
      values: ['2026-03-28T23:00:00.000Z', '2026-03-29'],
    });
  });
});

describe('derived formulas', () => {
  it('reads sums over sums', () => {
    expect(parseFormula('revenue / orders')).toEqual({ numerator: ['revenue'], denominator: ['orders'] });
    expect(parseFormula('(a + b) / (c + d)')).toEqual({ numerator: ['a', 'b'], denominator: ['c', 'd'] });
    expect(parseFormula('a + b / c')).toEqual({ numerator: ['a', 'b'], denominator: ['c'] });
  });
  it.each(['a * b', 'a / b / c', 'a - b / c', 'A / b', 'a / '])('rejects %s', (f) => {
    expect(() => parseFormula(f)).toThrow(/must be one division|is not a component name/);
  });
});

describe('SQL KPI config', () => {
  const parse = (yaml: string) => parseConfigText(yaml, 'kpis.yml', [postgresSource, oracleSource]);
  const kpi = (extra: string) =>
    `sources:\n  postgres:\n    kpis:\n      - id: orders\n        description: d\n        unit: count\n${extra}`;

  it('accepts a full entry and applies defaults', () => {
    const raw = parse(
      kpi(
        `        sql: "SELECT count(*) AS orders FROM t WHERE ts >= :day_start AND ts < :day_end;"\n        derived:\n          avg: revenue / orders\n          share: { formula: paid / orders, unit: ratio }\n        timeout: 5\n`,
      ),
    );
    const settings = postgresSource.settings.parse(raw.sources!.postgres) as SqlSettings;
    expect(settings).toMatchObject({
      concurrency: 4,
      connect_timeout_seconds: 15,
      query_timeout_seconds: 60,
    });
    const [def] = postgresSource.configKpis!(settings);
    expect(def).toMatchObject({
      id: 'postgres.orders',
      definition: 'd',
      unit: 'count',
      components: [],
      fillZeros: false,
      derived: [
        { name: 'avg', kind: 'ratio', numerator: ['revenue'], denominator: ['orders'], unit: 'count' },
        { name: 'share', kind: 'ratio', numerator: ['paid'], denominator: ['orders'], unit: 'ratio' },
      ],
    });
    expect(def!.params.parse({})).toEqual({});
  });

  it.each([
    [
      'a bad id',
      '        sql: SELECT 1 AS a WHERE :day IS NULL\n',
      'id: Bad',
      /sources\.postgres\.kpis\.0\.id: must match/,
    ],
    [
      'an unknown bind',
      '        sql: SELECT 1 AS a WHERE :range_start IS NULL\n',
      '',
      /sources\.postgres\.kpis\.0\.sql: bind :range_start is not available to per-day queries/,
    ],
    [
      'a range bind in per_day: false only',
      '        per_day: false\n        sql: SELECT 1 AS a WHERE :day IS NULL\n',
      '',
      /bind :day is not available to per_day: false queries/,
    ],
    [
      'a bad formula',
      '        sql: SELECT 1 AS a\n        derived:\n          x: a * b\n',
      '',
      /sources\.postgres\.kpis\.0\.derived\.x: 'a \* b' must be one division/,
    ],
    ['an unknown key', '        sql: SELECT 1 AS a\n        query: x\n', '', /unknown key 'query'/],
    [
      'an Oracle positional :1 bind, naming the KPI',
      '        sql: SELECT n AS a FROM t WHERE d = :1\n',
      'postgres:|oracle:',
      /sources\.oracle\.kpis\.0\.sql: KPI 'orders': positional bind :1 is not allowed/,
    ],
    [
      'a positional $1 parameter, naming the KPI',
      '        sql: SELECT n AS a FROM t WHERE d = $1\n',
      '',
      /sources\.postgres\.kpis\.0\.sql: KPI 'orders': positional parameters \(\$1\) are not allowed/,
    ],
    [
      'a timeout over the limit',
      '        sql: SELECT 1 AS a\n        timeout: 4000\n',
      '',
      /kpis\.0\.timeout/,
    ],
  ])('rejects %s, naming the path', (_what, extra, replace, message) => {
    let yaml = kpi(extra);
    if (replace.includes('|')) {
      const [from, to] = replace.split('|') as [string, string];
      yaml = yaml.replace(from, to);
    } else if (replace) yaml = yaml.replace('id: orders', replace);
    expect(() => parse(yaml)).toThrow(UserError);
    expect(() => parse(yaml)).toThrow(message);
  });

  it('rejects duplicate ids and leaves disabled KPIs out of configKpis', () => {
    const two = kpi(
      '        sql: SELECT 1 AS a\n      - id: orders\n        description: d\n        unit: u\n        sql: SELECT 2 AS b\n',
    );
    expect(() => parse(two)).toThrow(/kpis\.1\.id: duplicate KPI id 'orders'/);
    const raw = parse(
      two.replace(
        /- id: orders\n(\s+)description: d\n\s+unit: u/,
        '- id: other\n$1description: d\n$1unit: u\n$1enabled: false',
      ),
    );
    const settings = postgresSource.settings.parse(raw.sources!.postgres) as SqlSettings;
    expect(postgresSource.configKpis!(settings).map((k) => k.id)).toEqual(['postgres.orders']);
  });
});

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and stops after the first failure', async () => {
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const error = await mapLimit(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (i) => {
        started.push(i);
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 2));
        active--;
        if (i === 4) throw new Error('boom');
      },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('boom');
    expect(peak).toBe(3);
    expect(started.length).toBeLessThan(10);
  });
});
