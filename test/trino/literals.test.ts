import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dateLiteral, timestampLiteral } from '../../src/sources/trino/literals.js';
import { DuckEngine } from '../fakes/trino/engine.js';
import { toDuckDb } from '../fakes/trino/sql.js';

let engine: DuckEngine;
beforeAll(async () => {
  engine = await DuckEngine.create();
});
afterAll(() => engine.close());

/** The instant a literal denotes, read back by DuckDB (ICU time zones), independently of our code. */
async function instantOf(lit: string): Promise<number> {
  const { result } = engine.run(`SELECT epoch_ms(${toDuckDb(lit)}) AS ms`, lit, { timeZone: 'UTC' });
  const out = await result;
  return Number(out.rows[0]![0]);
}

describe('Trino literals of typed parameters', () => {
  const cases: Array<[string, string, string]> = [
    // [instant, zone, literal]
    ['2026-03-28T23:00:00Z', 'Europe/Paris', "TIMESTAMP '2026-03-29 00:00:00.000 Europe/Paris'"],
    ['2026-03-29T22:00:00Z', 'Europe/Paris', "TIMESTAMP '2026-03-30 00:00:00.000 Europe/Paris'"],
    ['2026-11-01T04:00:00Z', 'America/New_York', "TIMESTAMP '2026-11-01 00:00:00.000 America/New_York'"],
    ['2026-01-01T00:00:00.123Z', 'UTC', "TIMESTAMP '2026-01-01 00:00:00.123 UTC'"],
    ['2026-06-30T18:30:00Z', 'Asia/Kolkata', "TIMESTAMP '2026-07-01 00:00:00.000 Asia/Kolkata'"],
    // 02:30 happens twice in Paris on 2026-10-25: the offset says which one.
    ['2026-10-25T00:30:00Z', 'Europe/Paris', "TIMESTAMP '2026-10-25 02:30:00.000 +02:00'"],
    ['2026-10-25T01:30:00Z', 'Europe/Paris', "TIMESTAMP '2026-10-25 02:30:00.000 +01:00'"],
  ];
  it.each(cases)('%s in %s is %s, which denotes that instant', async (iso, zone, expected) => {
    const lit = timestampLiteral(Date.parse(iso), zone);
    expect(lit).toBe(expected);
    expect(await instantOf(lit)).toBe(Date.parse(iso));
  });

  it('writes dates and refuses anything that is not a date or a zone name', () => {
    expect(dateLiteral('2026-02-28')).toBe("DATE '2026-02-28'");
    expect(() => dateLiteral("2026-02-28' OR '1'='1")).toThrow(/not a YYYY-MM-DD date/);
    expect(() => timestampLiteral(0, "UTC' OR 1=1 --")).toThrow(/not a time zone name/);
    expect(() => timestampLiteral(Number.NaN, 'UTC')).toThrow(/not a finite instant/);
  });
});
