import { sqlSource } from '../sql/source.js';
import { postgresDialect } from './dialect.js';

/**
 * PostgreSQL: KPIs defined in the config file as SQL queries (see src/sources/sql/README.md), run with
 * `pg` on one pool per run, from the `postgres-url` secret.
 */
export const postgresSource = sqlSource({
  name: 'postgres',
  description:
    'KPIs computed by SQL queries on a PostgreSQL database (postgres-url), defined in the config file.',
  dialect: postgresDialect,
  inputs: [
    {
      name: 'postgres-url',
      description: 'Connection URL, postgres://user:password@host:5432/db (sslmode in the query string).',
      secret: true,
      env: 'POSTGRES_URL',
      required: true,
    },
  ],
  // The driver (and its library) loads only when this source runs: start-up stays fast for the others.
  connect: async ({ inputs, settings }) =>
    (await import('./driver.js')).createPostgresDriver({
      url: inputs['postgres-url'] ?? '',
      poolSize: settings.concurrency,
      connectTimeoutMs: Math.round(settings.connect_timeout_seconds * 1000),
    }),
});
