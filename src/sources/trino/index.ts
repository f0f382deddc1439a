import { z } from 'zod';
import { sqlSettingsSchema, type SqlSettings } from '../sql/config.js';
import { sqlSource } from '../sql/source.js';
import { trinoDialect } from './dialect.js';
import { parseServerUrl } from './server-url.js';

/** A catalog or schema name as it travels in a header: a plain Trino identifier. */
const NAME = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/, 'a plain identifier (letters, digits, _ and -)');

const settings = (sql: ReturnType<typeof sqlSettingsSchema>) =>
  sql
    .extend({
      catalog: NAME.optional().describe(
        'Catalog of unqualified table names (X-Trino-Catalog), e.g. hive. Without it, name tables catalog.schema.table.',
      ),
      schema: NAME.optional().describe('Schema of unqualified table names (X-Trino-Schema); needs catalog.'),
      protocol: z
        .enum(['trino', 'presto'])
        .default('trino')
        .describe(
          'presto for a Presto coordinator (X-Presto-* headers); the protocol is otherwise the same.',
        ),
    })
    .refine((s) => s.schema === undefined || s.catalog !== undefined, {
      message: 'schema needs catalog: set sources.trino.catalog too',
      path: ['schema'],
    });

type TrinoSettings = SqlSettings & { catalog?: string; schema?: string; protocol: 'trino' | 'presto' };

/**
 * Trino (and Presto): KPIs defined in the config file as SQL queries (src/sources/sql/README.md), run
 * through the client REST protocol with the binds as typed parameters of a prepared statement (README.md
 * in this folder). The settings are the SQL ones plus catalog, schema and protocol.
 */
export const trinoSource = sqlSource({
  name: 'trino',
  description:
    'KPIs computed by SQL queries on Trino or Presto (client REST protocol, prepared statements), defined in the config file.',
  dialect: trinoDialect,
  settings,
  inputs: [
    {
      name: 'trino-server',
      description:
        'Coordinator URL, e.g. https://trino.example.com:8443 (http only on localhost). A path is kept as a gateway prefix.',
      secret: false,
      env: 'TRINO_SERVER',
      required: true,
      parse: (value) => parseServerUrl(value).href,
    },
    {
      name: 'trino-user',
      description:
        'Trino user the queries run as (X-Trino-User); give it read-only access to the KPI tables.',
      secret: false,
      env: 'TRINO_USER',
      required: true,
    },
    {
      name: 'trino-password',
      description: 'Password of trino-user for HTTP basic authentication; sent only over https.',
      secret: true,
      env: 'TRINO_PASSWORD',
    },
  ],
  // The driver and the protocol client load only when this source runs, like the other SQL drivers.
  connect: async ({ inputs, settings: s, signal, log }) => {
    const t = s as TrinoSettings;
    return (await import('./driver.js')).createTrinoDriver({
      server: parseServerUrl(inputs['trino-server'] ?? ''),
      user: inputs['trino-user'] ?? '',
      password: inputs['trino-password'],
      catalog: t.catalog,
      schema: t.schema,
      flavor: t.protocol,
      connectTimeoutMs: Math.round(t.connect_timeout_seconds * 1000),
      onRetry: (message) => log.warning(message),
      signal,
    });
  },
});
