import type { SqlDialect } from '../sql/binds.js';

/** Oracle's SQL text: q'[…]' literals; `:1` would bypass the named binds. Oracle binds `:name` natively. */
export const oracleDialect: SqlDialect = {
  name: 'oracle',
  lexer: { nestedComments: false, backslashEStrings: false, dollarQuotes: false, qQuotes: true },
  positional: [':n'],
};
