import { AccessError } from './access.js';
import type { GithubClient } from './client.js';
import type { Repo } from './scope.js';

export interface Connection<N> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: N[];
}

export interface PerRepoQuery<N> {
  /** Repositories per GraphQL request (aliases r0, r1, …). */
  size: number;
  /** Extra variable declarations shared by every alias, e.g. `$since: GitTimestamp!`. */
  sharedVars?: string;
  sharedValues?: Record<string, unknown>;
  /** The selection inside `repository(...)`; `$after` is the alias's own cursor variable. */
  selection: (after: string) => string;
  /** The connection inside the repository node, or null when the repository has none (e.g. no default branch). */
  connection: (repository: unknown) => Connection<N> | null | undefined;
  /** Takes a page of nodes; returns false to stop paging this repository. */
  onNodes: (repo: Repo, nodes: N[]) => boolean | void;
  /** Names what is read and the permission it needs, for access errors. */
  what: string;
  permission: string;
}

/**
 * Reads one connection of many repositories with aliased `repository(owner:, name:)` fields, `size` per
 * GraphQL request; repositories with more pages go on in later requests with their own cursors.
 */
export async function perRepoGraphql<N>(
  client: GithubClient,
  repos: readonly Repo[],
  q: PerRepoQuery<N>,
): Promise<void> {
  let pending = repos.map((repo) => ({ repo, after: null as string | null }));
  while (pending.length > 0) {
    const batch = pending.slice(0, q.size);
    pending = pending.slice(q.size);
    const vars = batch.map((_, j) => `$o${j}: String!, $n${j}: String!, $a${j}: String`).join(', ');
    const fields = batch
      .map((_, j) => `r${j}: repository(owner: $o${j}, name: $n${j}) { ${q.selection(`$a${j}`)} }`)
      .join('\n  ');
    const variables: Record<string, unknown> = { ...q.sharedValues };
    batch.forEach((b, j) =>
      Object.assign(variables, { [`o${j}`]: b.repo.owner, [`n${j}`]: b.repo.name, [`a${j}`]: b.after }),
    );
    const query = `query (${vars}${q.sharedVars ? `, ${q.sharedVars}` : ''}) {\n  ${fields}\n}`;
    const { data, errors } = await client.graphql<Record<string, unknown>>(query, variables);
    for (const err of errors) {
      const alias = typeof err.path?.[0] === 'string' ? /^r(\d+)$/.exec(err.path[0]) : null;
      const repo = alias ? batch[Number(alias[1])]?.repo : undefined;
      if (repo && (err.type === 'NOT_FOUND' || err.type === 'FORBIDDEN')) {
        throw new AccessError(
          `${repo.fullName}: not found or not visible to the token (reading ${q.what}); grant ${q.permission} or remove it from the scope`,
        );
      }
      throw new Error(`GitHub GraphQL: ${err.message}${repo ? ` (${repo.fullName})` : ''}`);
    }
    batch.forEach((b, j) => {
      const conn = q.connection(data?.[`r${j}`]);
      if (!conn) return;
      const more = q.onNodes(b.repo, conn.nodes);
      if (more === false || !conn.pageInfo.hasNextPage) return;
      if (!conn.pageInfo.endCursor)
        throw new Error(
          `GitHub GraphQL: ${q.what} of ${b.repo.fullName} reported a next page without an endCursor`,
        );
      pending.push({ repo: b.repo, after: conn.pageInfo.endCursor });
    });
  }
}
