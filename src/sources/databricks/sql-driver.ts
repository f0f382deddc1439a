import { errorMessage } from '../../errors.js';
import { scanPlaceholders, type BindValue } from '../sql/binds.js';
import { SqlError, type ColumnKind, type SqlDriver, type SqlQuery, type SqlResult } from '../sql/driver.js';
import { assertSingleQuery } from '../sql/statement.js';
import { databricksDialect } from './dialect.js';
import type { StatementClient, StatementParameter } from './statements.js';

const NUMBER_TYPES = new Set(['BYTE', 'SHORT', 'INT', 'LONG', 'FLOAT', 'DOUBLE', 'DECIMAL']);
const TEXT_TYPES = new Set(['STRING', 'CHAR']);
const DATE_TYPES = new Set(['DATE', 'TIMESTAMP', 'TIMESTAMP_NTZ']);

/** The typed parameters of a statement: one per marker as written, its value from the run's binds. */
function statementParameters(sql: string, binds: Partial<Record<string, BindValue>>): StatementParameter[] {
  const out = new Map<string, StatementParameter>();
  for (const p of scanPlaceholders(sql, databricksDialect)) {
    if (out.has(p.text)) continue;
    const v = binds[p.name];
    if (!v) throw new Error(`bind variable :${p.text} has no value`);
    out.set(
      p.text,
      v.kind === 'date'
        ? { name: p.text, type: 'DATE', value: v.date }
        : { name: p.text, type: 'TIMESTAMP', value: new Date(v.ms).toISOString() },
    );
  }
  return [...out.values()];
}

/**
 * The SQL-KPI driver of the Databricks source: each query is one statement on the SQL warehouse, with the
 * native `:name` markers and typed parameters (TIMESTAMP for instants, DATE for :day). TIMESTAMP values
 * come back as ISO-8601 UTC text and are handed to the engine as instants; numbers stay exact decimal text.
 */
export function statementDriver(client: StatementClient): SqlDriver {
  return {
    dialect: databricksDialect,
    async query(q: SqlQuery): Promise<SqlResult> {
      // Checked here too (the config check runs it first): nothing is sent unless it is one query. The
      // warehouse would run whatever the token may do, so this is the wall that keeps KPIs read-only.
      try {
        assertSingleQuery(q.sql, databricksDialect);
      } catch (e) {
        throw new SqlError(errorMessage(e), undefined);
      }
      const result = await client.execute({
        sql: q.sql,
        parameters: statementParameters(q.sql, q.binds),
        timeoutMs: q.timeoutMs,
        label: 'Databricks',
      });
      const kinds = result.columns.map((c) => columnKind(c.typeName));
      return {
        columns: result.columns.map((c, i) => ({ name: c.name, kind: kinds[i]!, type: c.typeText })),
        rows: result.rows.map((row) =>
          row.map((v, i) =>
            v !== null && result.columns[i]!.typeName === 'TIMESTAMP'
              ? new Date(Date.parse(v.replace(' ', 'T')))
              : v,
          ),
        ),
      };
    },
    // HTTP failures are retried by the statement client; a FAILED statement fails the same way again.
    isTransient: () => false,
    close: async () => {},
  };
}

function columnKind(typeName: string): ColumnKind {
  if (NUMBER_TYPES.has(typeName)) return 'number';
  if (TEXT_TYPES.has(typeName)) return 'text';
  if (DATE_TYPES.has(typeName)) return 'date';
  return 'other';
}
