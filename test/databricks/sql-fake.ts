import { MemoryLogger } from '../../src/log.js';
import { StatementClient, type StatementClientOptions } from '../../src/sources/databricks/statements.js';
import { startFakeDatabricks, type FakeDatabricks, type FakeOptions } from '../fakes/databricks/server.js';
import { FakeStatements, type StatementFakeOptions } from '../fakes/databricks/statements.js';

export const SQL_TOKEN = 'dapi-sql-token-9876543210abcdef';
export const WAREHOUSE = 'abc123def456';
export const WORKSPACE = '1234567890123456';

export interface SqlFake {
  workspace: FakeDatabricks;
  sql: FakeStatements;
  url: string;
  close(): Promise<void>;
}

/** The workspace fake with the statement endpoints hooked in, on 127.0.0.1. */
export async function startSqlFake(
  over: Partial<StatementFakeOptions> = {},
  workspaceOver: Partial<FakeOptions> = {},
): Promise<SqlFake> {
  const sql = await FakeStatements.create({ warehouseId: WAREHOUSE, workspaceId: WORKSPACE, ...over });
  const workspace = await startFakeDatabricks(
    { clusters: [], runs: [] },
    { token: SQL_TOKEN, ...workspaceOver },
  );
  workspace.routes.push((method, url, body, res) => sql.route(method, url, body, res));
  return {
    workspace,
    sql,
    url: workspace.url,
    async close() {
      await workspace.close();
      await sql.close();
    },
  };
}

export function statementClient(fake: SqlFake, over: Partial<StatementClientOptions> = {}): StatementClient {
  return new StatementClient({
    host: fake.url,
    token: SQL_TOKEN,
    warehouseId: WAREHOUSE,
    attempts: 3,
    retryBaseMs: 1,
    requestTimeoutMs: 5000,
    pollMs: { first: 20, max: 100 },
    log: new MemoryLogger(),
    ...over,
  });
}
