/**
 * The little of Trino's SQL the fake coordinator must understand itself before DuckDB runs a statement:
 * PREPARE / EXECUTE … USING / SET SESSION, `?` parameters, and the literals DuckDB spells differently
 * (`TIMESTAMP '2026-03-28 00:00:00.000 Europe/Paris'` is a timestamp WITH time zone in Trino:
 * https://trino.io/docs/current/language/types.html#timestamp-with-time-zone). Everything else goes to
 * DuckDB as written, so a query either runs or fails there, as it would on a real engine.
 */

/** A piece of SQL text: code, a '…' literal, a "…" identifier or a comment. */
interface Piece {
  kind: 'code' | 'string' | 'ident' | 'comment';
  text: string;
  /** Offset of the piece in the text it was read from. */
  at: number;
}

/** Splits SQL into code, literals, identifiers and comments (Trino: '' escapes, no nested comments). */
function pieces(sql: string): Piece[] {
  const out: Piece[] = [];
  let code = '';
  let codeAt = 0;
  const flush = (i: number): void => {
    if (code) out.push({ kind: 'code', text: code, at: codeAt });
    code = '';
    codeAt = i;
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      flush(i);
      const nl = sql.indexOf('\n', i);
      const end = nl < 0 ? sql.length : nl;
      out.push({ kind: 'comment', text: sql.slice(i, end), at: i });
      i = codeAt = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      flush(i);
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new SqlSyntaxError('unterminated comment', i);
      out.push({ kind: 'comment', text: sql.slice(i, close + 2), at: i });
      i = codeAt = close + 2;
    } else if (c === "'" || c === '"') {
      flush(i);
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new SqlSyntaxError(`unterminated ${c}`, i);
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out.push({ kind: c === "'" ? 'string' : 'ident', text: sql.slice(i, j + 1), at: i });
      i = codeAt = j + 1;
    } else {
      code += c;
      i++;
    }
  }
  flush(sql.length);
  return out;
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Trino's `line L:C:` prefix of a position in the statement. */
export function lineCol(sql: string, offset: number): string {
  const before = sql.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `line ${line}:${col}`;
}

const unquote = (s: string): string => s.slice(1, -1).replace(/''/g, "'");
const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const ZONE_RE =
  /^(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2}(?:\.\d{1,12})?)?)?) ([A-Za-z][A-Za-z0-9_/+-]*|[+-]\d{2}:\d{2})$/;

/**
 * Rewrites the statement for DuckDB: a TIMESTAMP literal whose text ends in a zone becomes TIMESTAMPTZ
 * (a numeric offset is written without the space, as DuckDB reads it), and each `?` outside literals
 * becomes the given parameter text. Throws when the number of `?` and parameters differ.
 */
export function toDuckDb(sql: string, params: string[] = []): string {
  const parts = pieces(sql);
  let out = '';
  let used = 0;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    if (p.kind !== 'code') {
      out += p.text;
      continue;
    }
    let text = p.text;
    const next = parts[k + 1];
    const m = /\bTIMESTAMP\s*$/i.exec(text);
    if (m && next?.kind === 'string') {
      const zoned = ZONE_RE.exec(unquote(next.text));
      if (zoned) {
        const [, local, zone] = zoned;
        text = text.slice(0, m.index) + 'TIMESTAMPTZ ';
        parts[k + 1] = { ...next, text: quote(/^[+-]/.test(zone!) ? `${local}${zone}` : `${local} ${zone}`) };
      }
    }
    text = text.replace(/\?/g, () => {
      if (used >= params.length) {
        used++;
        return '?';
      }
      return `(${params[used++]})`;
    });
    out += text;
  }
  if (used !== params.length) {
    throw new ParameterCountError(used, params.length);
  }
  return out;
}

export class ParameterCountError extends Error {
  constructor(
    readonly expected: number,
    readonly found: number,
  ) {
    super(`Incorrect number of parameters: expected ${expected} but found ${found}`);
  }
}

/** The statement forms the coordinator handles itself; anything else runs on DuckDB. */
export type Statement =
  | { kind: 'prepare'; name: string; sql: string }
  | { kind: 'execute'; name: string; params: string[] }
  | { kind: 'deallocate'; name: string }
  | { kind: 'set_session'; name: string; value: string }
  | { kind: 'query'; sql: string };

/** Splits a comma-separated list at top level (outside literals and parentheses). */
function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  for (const p of pieces(text)) {
    if (p.kind !== 'code') {
      cur += p.text;
      continue;
    }
    for (const c of p.text) {
      if (c === '(') depth++;
      if (c === ')') depth--;
      if (c === ',' && depth === 0) {
        items.push(cur.trim());
        cur = '';
      } else cur += c;
    }
  }
  if (cur.trim()) items.push(cur.trim());
  return items;
}

/** Reads the statement kind. A `;` anywhere in code fails as Trino's parser does (one statement per request). */
export function parseStatement(sql: string): Statement {
  for (const p of pieces(sql)) {
    const semi = p.kind === 'code' ? p.text.indexOf(';') : -1;
    if (semi >= 0) throw new SqlSyntaxError("mismatched input ';'. Expecting: <EOF>", p.at + semi);
  }
  const text = sql.trim();
  let m = /^PREPARE\s+([A-Za-z_][A-Za-z0-9_]*)\s+FROM\s+([\s\S]+)$/i.exec(text);
  if (m) return { kind: 'prepare', name: m[1]!.toLowerCase(), sql: m[2]! };
  m = /^EXECUTE\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+USING\s+([\s\S]+))?$/i.exec(text);
  if (m) return { kind: 'execute', name: m[1]!.toLowerCase(), params: m[2] ? splitTopLevel(m[2]) : [] };
  m = /^DEALLOCATE\s+PREPARE\s+([A-Za-z_][A-Za-z0-9_]*)$/i.exec(text);
  if (m) return { kind: 'deallocate', name: m[1]!.toLowerCase() };
  m = /^SET\s+SESSION\s+([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*([\s\S]+)$/i.exec(text);
  if (m) {
    const raw = m[2]!.trim();
    return { kind: 'set_session', name: m[1]!, value: /^'.*'$/s.test(raw) ? unquote(raw) : raw };
  }
  return { kind: 'query', sql: text };
}
