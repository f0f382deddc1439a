import type { SqlDialect } from '../sql/binds.js';

/**
 * Databricks SQL text as the placeholder scanner reads it: bracketed comments nest (Spark SQL), no E'…',
 * $tag$ or q'…' literals; `?` markers would bypass the named binds (and the Statement Execution API does not
 * take them). Named `:name` markers go to the API as they are, with typed parameters.
 * Not modelled by the shared lexer: backslash escapes inside '…' and backtick identifiers. A `:word` or `?`
 * written inside those is read as a marker, which fails the config check with a message, never silently.
 */
export const databricksDialect: SqlDialect = {
  name: 'databricks',
  lexer: { nestedComments: true, backslashEStrings: false, dollarQuotes: false, qQuotes: false },
  positional: ['?'],
};
