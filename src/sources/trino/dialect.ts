import { scanPlaceholders, type BindValue, type SqlDialect } from '../sql/binds.js';
import type { TrinoParam } from './literals.js';

/**
 * Trino's SQL text: '…' literals with '' escapes, "…" identifiers, -- and non-nesting /* *\/ comments
 * (https://trino.io/docs/current/language/reserved.html, the SqlBase grammar). `?` is its own parameter
 * marker, refused in KPI text so that only the named binds carry values.
 */
export const trinoDialect: SqlDialect = {
  name: 'trino',
  lexer: { nestedComments: false, backslashEStrings: false, dollarQuotes: false, qQuotes: false },
  positional: ['?'],
  queryStarts: ['select', 'with', 'values'],
};

/**
 * Rewrites the `:name` placeholders of a KPI query as `?` markers of a prepared statement, in order of
 * appearance (a name used twice is two markers with the same value), and returns the typed values for
 * `EXECUTE … USING`. Instants carry the run's time zone.
 */
export function toTrino(
  sql: string,
  binds: Partial<Record<string, BindValue>>,
  timeZone: string,
): { sql: string; params: TrinoParam[] } {
  const params: TrinoParam[] = [];
  let text = '';
  let last = 0;
  for (const p of scanPlaceholders(sql, trinoDialect)) {
    const value = binds[p.name];
    if (!value) throw new Error(`bind variable :${p.text} has no value`);
    params.push(
      value.kind === 'date'
        ? { kind: 'date', date: value.date }
        : { kind: 'timestamptz', ms: value.ms, timeZone },
    );
    text += `${sql.slice(last, p.start)}?`;
    last = p.end;
  }
  return { sql: text + sql.slice(last), params };
}
