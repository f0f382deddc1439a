import { sqlSource } from '../sql/source.js';
import { oracleDialect } from './dialect.js';

/**
 * Oracle: KPIs defined in the config file as SQL queries (see src/sources/sql/README.md), run with
 * node-oracledb in Thin mode (no Instant Client) on one pool per run.
 */
export const oracleSource = sqlSource({
  name: 'oracle',
  description:
    'KPIs computed by SQL queries on an Oracle database (node-oracledb Thin mode), defined in the config file.',
  dialect: oracleDialect,
  inputs: [
    { name: 'oracle-user', description: 'Database user.', secret: true, env: 'ORACLE_USER', required: true },
    {
      name: 'oracle-password',
      description: "The user's password.",
      secret: true,
      env: 'ORACLE_PASSWORD',
      required: true,
    },
    {
      name: 'oracle-connect-string',
      description: 'Easy Connect string or TNS descriptor (host:port/service).',
      secret: true,
      env: 'ORACLE_CONNECT_STRING',
      required: true,
      multiline: true,
    },
  ],
  // The driver (and its library) loads only when this source runs: start-up stays fast for the others.
  connect: async ({ inputs, settings }) =>
    (await import('./driver.js')).createOracleDriver({
      user: inputs['oracle-user'] ?? '',
      password: inputs['oracle-password'] ?? '',
      connectString: inputs['oracle-connect-string'] ?? '',
      poolSize: settings.concurrency,
      connectTimeoutSeconds: settings.connect_timeout_seconds,
    }),
});
