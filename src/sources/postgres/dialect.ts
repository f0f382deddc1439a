import { scanPlaceholders, type BindName, type BindValue, type SqlDialect } from '../sql/binds.js';

/** PostgreSQL's SQL text: nested comments, E'…' strings, $tag$ strings; `$1` would bypass the named binds. */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  lexer: { nestedComments: true, backslashEStrings: true, dollarQuotes: true, qQuotes: false },
  positional: ['$n'],
};

const PG_CASTS: Record<BindName, string> = {
  day_start: 'timestamptz',
  day_end: 'timestamptz',
  day: 'date',
  range_start: 'timestamptz',
  range_end: 'timestamptz',
};

/**
 * Rewrites `:name` placeholders as PostgreSQL `$n::type` parameters (one number per distinct name) and
 * returns the parameter values in order. Timestamps travel as ISO-8601 UTC strings, dates as YYYY-MM-DD.
 */
export function toPostgres(
  sql: string,
  binds: Partial<Record<string, BindValue>>,
): { text: string; values: string[] } {
  const order: string[] = [];
  let text = '';
  let last = 0;
  for (const p of scanPlaceholders(sql, postgresDialect)) {
    const value = binds[p.name];
    const cast = PG_CASTS[p.name as BindName];
    if (!value || !cast) throw new Error(`bind variable :${p.text} has no value`);
    let index = order.indexOf(p.name);
    if (index < 0) index = order.push(p.name) - 1;
    text += `${sql.slice(last, p.start)}$${index + 1}::${cast}`;
    last = p.end;
  }
  text += sql.slice(last);
  const values = order.map((name) => {
    const v = binds[name]!;
    return v.kind === 'date' ? v.date : new Date(v.ms).toISOString();
  });
  return { text, values };
}
