import { databricksSource } from './databricks/index.js';
import { githubSource } from './github/index.js';
import { httpSource } from './http/index.js';
import { oracleSource } from './oracle/index.js';
import { postgresSource } from './postgres/index.js';
import { trinoSource } from './trino/index.js';
import type { AnySource } from './types.js';

/** Every source, in one list: the `source` input maps onto these by name. */
export const SOURCES: readonly AnySource[] = [
  githubSource,
  databricksSource,
  oracleSource,
  postgresSource,
  trinoSource,
  httpSource,
];
