import type { SqlDialect } from '../sql/binds.js';

/**
 * Databricks SQL (Spark SQL) text: bracketed comments nest, '…' and "…" strings take backslash escapes,
 * `…` quotes identifiers; no E'…', $tag$ or q'…' literals. The statement check (src/sources/sql/statement.ts)
 * reads all of that. The placeholder scanner (binds.ts) reads only the four shared options: a `:word` or `?`
 * written inside a backslash-escaped literal or a backtick identifier is read as a marker there, which fails
 * the config check with a message, never silently.
 */
const lexer = {
  nestedComments: true,
  backslashEStrings: false,
  dollarQuotes: false,
  qQuotes: false,
  backslashStrings: true,
  backtickIdentifiers: true,
};

/** `?` markers would bypass the named binds (and the Statement Execution API does not take them). */
export const databricksDialect: SqlDialect = { name: 'databricks', lexer, positional: ['?'] };
