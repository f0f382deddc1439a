import { sqlSource } from '../sql/source.js';
import { createOracleDriver } from './driver.js';

/**
 * Oracle: KPIs defined in the config file as SQL queries (see src/sources/sql/README.md), run with
 * node-oracledb in Thin mode (no Instant Client) on one pool per run.
 */
export const oracleSource = sqlSource({
  name: 'oracle',
  description:
    'KPIs computed by SQL queries on an Oracle database (node-oracledb Thin mode), defined in the config file.',
  dialect: 'oracle',
  requiredSecrets: ['oracle-user', 'oracle-password', 'oracle-connect-string'],
  connect: ({ secrets, settings }) =>
    createOracleDriver({
      user: secrets['oracle-user'] ?? '',
      password: secrets['oracle-password'] ?? '',
      connectString: secrets['oracle-connect-string'] ?? '',
      poolSize: settings.concurrency,
      connectTimeoutSeconds: settings.connect_timeout_seconds,
    }),
});
