import { sqlSource } from '../sql/source.js';
import { createPostgresDriver } from './driver.js';

/**
 * PostgreSQL: KPIs defined in the config file as SQL queries (see src/sources/sql/README.md), run with
 * `pg` on one pool per run, from the `postgres-url` secret.
 */
export const postgresSource = sqlSource({
  name: 'postgres',
  description:
    'KPIs computed by SQL queries on a PostgreSQL database (postgres-url), defined in the config file.',
  dialect: 'postgres',
  requiredSecrets: ['postgres-url'],
  connect: ({ secrets, settings }) =>
    createPostgresDriver({
      url: secrets['postgres-url'] ?? '',
      poolSize: settings.concurrency,
      connectTimeoutMs: Math.round(settings.connect_timeout_seconds * 1000),
    }),
});
