/** A piece of Trino SQL text: code, a '…' literal, a "…" identifier or a comment. */
export interface Piece {
  kind: 'code' | 'string' | 'ident' | 'comment';
  text: string;
}

/**
 * Splits SQL as Trino's lexer reads it: '…' literals with '' escapes (also U&'…' and X'…', whose prefix
 * stays code), "…" identifiers with "" escapes, -- line comments and /* *\/ comments, which do not nest.
 * Throws on an unterminated literal, identifier or comment.
 */
export function pieces(sql: string): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  let i = 0;
  const push = (kind: Piece['kind'], end: number): void => {
    if (i > from) out.push({ kind: 'code', text: sql.slice(from, i) });
    out.push({ kind, text: sql.slice(i, end) });
    i = from = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      push('comment', nl < 0 ? sql.length : nl);
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new Error('unterminated /* comment');
      push('comment', close + 2);
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length)
          throw new Error(`unterminated ${c}…${c} ${c === "'" ? 'literal' : 'identifier'}`);
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      push(c === "'" ? 'string' : 'ident', j + 1);
    } else i++;
  }
  if (sql.length > from) out.push({ kind: 'code', text: sql.slice(from) });
  return out;
}
