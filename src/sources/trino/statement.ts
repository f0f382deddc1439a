import { pieces } from './text.js';

const QUERY_START = new Set(['select', 'with', 'values']);

/**
 * Throws unless `sql` is one query: SELECT, WITH … SELECT or VALUES, optionally in parentheses, read as
 * Trino reads text (a `;` or a keyword inside a literal, an identifier or a comment is not code). The
 * first of two walls: the second is a read-only Trino user (README).
 */
export function assertTrinoQuery(sql: string): void {
  const code = pieces(sql)
    .map((p) => (p.kind === 'code' ? p.text : p.kind === 'comment' ? ' ' : '0'))
    .join('');
  const first = /^[\s(]*([A-Za-z_]+)/.exec(code);
  if (!first) throw new Error('the SQL holds no statement; write one SELECT (or WITH … SELECT) query');
  const word = first[1]!.toLowerCase();
  if (!QUERY_START.has(word)) {
    throw new Error(
      `the SQL is a ${word.toUpperCase()} statement, not a query; a KPI runs one SELECT (or WITH … SELECT, VALUES) and never changes data`,
    );
  }
  const semicolon = code.indexOf(';');
  if (semicolon >= 0 && code.slice(semicolon).replace(/[\s;]/g, '') !== '') {
    throw new Error(
      'the SQL holds more than one statement (code after a ;); a KPI is one query: remove everything after the first ;',
    );
  }
}
