/**
 * Bind variables of SQL KPIs. Queries are written with `:name` placeholders in every SQL source; the
 * scanner finds them outside string literals, quoted identifiers and comments, as the driver's declared
 * dialect reads them, and each driver rewrites them into its database's parameters (PostgreSQL `$n`,
 * Trino `?`; Oracle and Databricks take `:name` as is). Values only ever travel as binds: nothing is
 * spliced into SQL.
 */

/** The binds of a per-day query: the day window [day_start, day_end) and the date. */
export const DAY_BINDS = ['day_start', 'day_end', 'day'] as const;
/** The binds of a range query (`per_day: false`): [range_start, range_end) over the whole run. */
export const RANGE_BINDS = ['range_start', 'range_end'] as const;
export type BindName = (typeof DAY_BINDS)[number] | (typeof RANGE_BINDS)[number];

/** A bind value: an instant (timestamp with time zone) or a calendar date. */
export type BindValue = { kind: 'timestamptz'; ms: number } | { kind: 'date'; date: string };

/** How a database's SQL text reads, as far as finding placeholders goes. Each driver declares its own. */
export interface SqlDialect {
  name: string;
  lexer: {
    /** `/* /* *\/ *\/` nests (PostgreSQL). */
    nestedComments: boolean;
    /** `E'…'` strings with backslash escapes (PostgreSQL). */
    backslashEStrings: boolean;
    /** `$tag$…$tag$` strings (PostgreSQL). */
    dollarQuotes: boolean;
    /** `q'[…]'` and `nq'[…]'` literals (Oracle). */
    qQuotes: boolean;
  };
  /**
   * Positional parameter markers the database would bind on its own, refused so that only the named
   * binds carry values: `$1` (PostgreSQL), `:1` (Oracle), `?` (Trino, Databricks).
   */
  positional: ReadonlyArray<'$n' | ':n' | '?'>;
  /** The first words a query may start with (default: select, with); Trino adds values. */
  queryStarts?: readonly string[];
}

/** One `:name` placeholder: its lowercased name, the text as written and its span in the SQL. */
export interface Placeholder {
  name: string;
  text: string;
  start: number;
  end: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_$#]/;
const ORACLE_Q_PAIRS: Record<string, string> = { '[': ']', '{': '}', '(': ')', '<': '>' };

/**
 * Finds the `:name` placeholders of a query. Skips '…' literals (with '' escapes; PostgreSQL E'…' with
 * backslash escapes; Oracle q'[…]' and national nq'[…]'), "…" identifiers, -- and /* *\/ comments (nested
 * in PostgreSQL), PostgreSQL $tag$…$tag$ strings and `::` casts. Throws on an unterminated literal or
 * comment, and on positional parameters (PostgreSQL `$1`, Oracle `:1`), which would bypass the named binds.
 */
export function scanPlaceholders(sql: string, dialect: SqlDialect): Placeholder[] {
  const { lexer, positional } = dialect;
  const out: Placeholder[] = [];
  const n = sql.length;
  let i = 0;
  const prevIsIdent = (at: number): boolean => at > 0 && IDENT_PART.test(sql[at - 1]!);
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else if (lexer.nestedComments && sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else i++;
      }
      if (depth > 0) throw new Error('unterminated /* comment');
    } else if (c === "'") {
      const backslash = lexer.backslashEStrings && i > 0 && /[eE]/.test(sql[i - 1]!) && !prevIsIdent(i - 1);
      i = skipQuoted(sql, i, "'", backslash);
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (lexer.qQuotes && !prevIsIdent(i) && qQuoteLength(sql, i) > 0) {
      // q'[…]' or the national nq'[…]': the text up to the closing delimiter and quote, '' not special.
      const body = i + qQuoteLength(sql, i);
      const open = sql[body];
      if (open === undefined) throw new Error("unterminated q'…' literal");
      const close = ORACLE_Q_PAIRS[open] ?? open;
      const end = sql.indexOf(`${close}'`, body + 1);
      if (end < 0) throw new Error("unterminated q'…' literal");
      i = end + 2;
    } else if ((lexer.dollarQuotes || positional.includes('$n')) && c === '$' && !prevIsIdent(i)) {
      const m = lexer.dollarQuotes ? /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i)) : null;
      if (m) {
        const end = sql.indexOf(m[0], i + m[0].length);
        if (end < 0) throw new Error(`unterminated ${m[0]} string`);
        i = end + m[0].length;
      } else if (positional.includes('$n') && /^\$\d/.test(sql.slice(i))) {
        throw new Error(
          'positional parameters ($1) are not allowed; use the named binds :day_start, :day_end, :day',
        );
      } else i++;
    } else if (c === ':' && next === ':') {
      i += 2;
    } else if (c === '?' && positional.includes('?')) {
      throw new Error(
        'positional parameters (?) are not allowed; use the named binds :day_start, :day_end, :day (per_day: false: :range_start, :range_end)',
      );
    } else if (
      positional.includes(':n') &&
      c === ':' &&
      next !== undefined &&
      /\d/.test(next) &&
      !prevIsIdent(i)
    ) {
      const digits = /^\d+/.exec(sql.slice(i + 1))![0];
      throw new Error(
        `positional bind :${digits} is not allowed; use the named binds :day_start, :day_end, :day (per_day: false: :range_start, :range_end)`,
      );
    } else if (c === ':' && next !== undefined && IDENT_START.test(next) && !prevIsIdent(i)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(sql[j]!)) j++;
      const text = sql.slice(i + 1, j);
      out.push({ name: text.toLowerCase(), text, start: i, end: j });
      i = j;
    } else i++;
  }
  return out;
}

/** Length of an Oracle q-quote opening at `at` (q' or Q' → 2, nq'/Nq'/nQ'/NQ' → 3), or 0. */
export function qQuoteLength(sql: string, at: number): number {
  const c = sql[at]!;
  if (/[qQ]/.test(c) && sql[at + 1] === "'") return 2;
  if (/[nN]/.test(c) && /[qQ]/.test(sql[at + 1] ?? '') && sql[at + 2] === "'") return 3;
  return 0;
}

/** The index just past a quoted literal or identifier opening at `from` (doubled quotes escape). */
export function skipQuoted(sql: string, from: number, quote: string, backslash: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslash && c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  throw new Error(`unterminated ${quote}…${quote} ${quote === "'" ? 'literal' : 'identifier'}`);
}

/** Strips trailing semicolons and whitespace (Oracle rejects a trailing ';' with ORA-00933/ORA-00911). */
export function trimStatement(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}
