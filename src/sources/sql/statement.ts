/**
 * The statement check every SQL driver runs before sending anything: the text is exactly one statement,
 * and that statement is a query (SELECT, or WITH … SELECT). It is the first of three walls around a KPI
 * query, with the driver's protocol (PostgreSQL: the extended protocol, which takes one statement) and its
 * read-only transaction; see src/sources/sql/README.md "Read-only".
 *
 * The lexer reads text that is not SQL code the way the placeholder scanner (binds.ts) does, with the
 * same options, so a `;` or a keyword inside a literal, a quoted identifier or a comment is never taken for
 * code, and nothing that one of them skips can hide a second statement from the other.
 */

import { qQuoteLength, skipQuoted, type SqlDialect } from './binds.js';

/**
 * How a dialect writes text that is not SQL code: the `lexer` of its SqlDialect (binds.ts), plus two
 * options the placeholder scanner does not need yet (Databricks/Spark SQL).
 */
type SqlLexer = SqlDialect['lexer'] & {
  /** Every '…' and "…" string takes backslash escapes (Databricks/Spark SQL). */
  backslashStrings?: boolean;
  /** `…` quoted identifiers (Databricks/Spark SQL). */
  backtickIdentifiers?: boolean;
};

/** What the check needs of a dialect: its name and its lexer (any SqlDialect fits). */
export interface StatementDialect {
  name: string;
  lexer: SqlLexer;
  /** The first words a query may start with (default: select, with). */
  queryStarts?: readonly string[];
}

const IDENT_PART = /[A-Za-z0-9_$#]/;
const Q_PAIRS: Record<string, string> = { '[': ']', '{': '}', '(': ')', '<': '>' };

/**
 * The code of the text (outside '…' and "…" literals and identifiers, comments and the dialect's other
 * quoting), in order: a comment becomes a space and a literal or quoted identifier a `0`, so words on
 * either side never run together. Throws on anything left unterminated.
 */
function codeOf(sql: string, lx: SqlLexer): string {
  let code = '';
  const n = sql.length;
  let from = 0;
  let i = 0;
  const prevIsIdent = (at: number): boolean => at > 0 && IDENT_PART.test(sql[at - 1]!);
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    let end = -1;
    let filler = ' ';
    if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      end = nl < 0 ? n : nl + 1;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
        } else if (lx.nestedComments && sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else j++;
      }
      if (depth > 0) throw new Error('unterminated /* comment');
      end = j;
    } else if (c === "'" || c === '"') {
      const eString =
        lx.backslashEStrings && c === "'" && i > 0 && /[eE]/.test(sql[i - 1]!) && !prevIsIdent(i - 1);
      end = skipQuoted(sql, i, c, eString || lx.backslashStrings === true);
      filler = '0';
    } else if (c === '`' && lx.backtickIdentifiers) {
      end = skipQuoted(sql, i, '`', false);
      filler = '0';
    } else if (lx.qQuotes && !prevIsIdent(i) && qQuoteLength(sql, i) > 0) {
      const body = i + qQuoteLength(sql, i);
      const open = sql[body];
      if (open === undefined) throw new Error("unterminated q'…' literal");
      const close = `${Q_PAIRS[open] ?? open}'`;
      const at = sql.indexOf(close, body + 1);
      if (at < 0) throw new Error("unterminated q'…' literal");
      end = at + 2;
      filler = '0';
    } else if (lx.dollarQuotes && c === '$' && !prevIsIdent(i)) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66));
      if (m) {
        const at = sql.indexOf(m[0], i + m[0].length);
        if (at < 0) throw new Error(`unterminated ${m[0]} string`);
        end = at + m[0].length;
        filler = '0';
      }
    }
    if (end < 0) {
      i++;
      continue;
    }
    code += sql.slice(from, i) + filler;
    i = end;
    from = end;
  }
  return code + sql.slice(from);
}

const QUERY_START: readonly string[] = ['select', 'with'];
/** Statements people may try in a KPI and what to say about them. */
const NOT_A_QUERY_HINT: Record<string, string> = {
  begin: 'a PL/SQL block',
  declare: 'a PL/SQL block',
  call: 'a procedure call',
  exec: 'a procedure call',
  execute: 'a procedure call',
  do: 'an anonymous code block',
};

/**
 * Throws an Error with a clear message unless `sql` is exactly one query: SELECT or WITH … SELECT,
 * optionally in parentheses, with trailing semicolons and comments allowed. Refuses a second statement
 * after a `;` (`select 1; commit; delete from t`), anything that is not a query (INSERT, COMMIT, SET,
 * PL/SQL blocks BEGIN/DECLARE, CALL, DO), and, on Oracle, PL/SQL declared in a WITH clause
 * (`WITH FUNCTION …`), which can run an autonomous transaction that commits on its own.
 */
export function assertSingleQuery(sql: string, dialect: StatementDialect): void {
  const code = codeOf(sql, dialect.lexer);
  const first = /^[\s(]*([A-Za-z_]+)/.exec(code);
  if (!first) throw new Error('the SQL holds no statement; write one SELECT (or WITH … SELECT) query');
  const word = first[1]!.toLowerCase();
  const starts = dialect.queryStarts ?? QUERY_START;
  if (!starts.includes(word)) {
    const what =
      NOT_A_QUERY_HINT[word] ?? `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word.toUpperCase()} statement`;
    const allowed = starts.includes('values')
      ? 'SELECT (or WITH … SELECT, VALUES)'
      : 'SELECT (or WITH … SELECT)';
    throw new Error(`the SQL is ${what}, not a query; a KPI runs one ${allowed} and never changes data`);
  }
  // Oracle's WITH FUNCTION f(…) RETURN …; a CTE that happens to be named function is followed by AS or (.
  if (word === 'with' && /^[\s(]*with\s+(function|procedure)\s+(?!as\b)[A-Za-z_0]/i.test(code)) {
    throw new Error(
      'the SQL declares PL/SQL in its WITH clause (WITH FUNCTION/PROCEDURE), which may commit on its own; use a plain SELECT',
    );
  }
  const semicolon = code.indexOf(';');
  if (semicolon >= 0 && code.slice(semicolon).replace(/[\s;]/g, '') !== '') {
    throw new Error(
      'the SQL holds more than one statement (code after a ;); a KPI is one query: remove everything after the first ;',
    );
  }
}
