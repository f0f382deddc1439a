/**
 * The delivery part of the GitHub fake: a repository's git commits (parents, author and committer dates),
 * deployments with their statuses, and the endpoints that read them, written from docs.github.com:
 * - GraphQL `Repository.deployments(environments:, orderBy:, first:, after:)` (graphql/reference/objects#repository;
 *   `DeploymentOrderField` has only CREATED_AT, and GitHub's resolver defaults to CREATED_AT ASC) and the
 *   `Deployment` object: `databaseId`, `commitOid` ("the oid of the deployment commit, even if the commit has been
 *   deleted"), `createdAt`, `environment`, `latestStatus`, `statuses` (a connection; its order is not documented:
 *   here the order of creation) — graphql/reference/objects#deployment, #deploymentstatus.
 * - REST `GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses` (rest/deployments/statuses: per_page ≤ 100,
 *   states error, failure, inactive, in_progress, queued, pending, success; here newest first).
 * - REST `GET /repos/{owner}/{repo}/compare/{basehead}` (rest/commits/commits#compare-two-commits): `BASE...HEAD`;
 *   the commits reachable from HEAD and not from BASE (`git log BASE..HEAD`) in chronological order; `status`
 *   identical / ahead / behind / diverged, `ahead_by`, `behind_by`, `total_commits`; "without any paging parameter
 *   (per_page or page), the returned list is limited to 250 commits, and the last commit in the list is the most
 *   recent of the entire comparison"; with per_page/page, Link-header pages (per_page ≤ 100, default 30) and the
 *   files only on the first page. An unknown commit (e.g. one a force-push left unreachable and GitHub collected)
 *   is a 404. The pagination came in 2021 (github.blog/changelog/2021-03-22-compare-rest-api-now-supports-pagination).
 */
import { GqlError, paginate, type GqlObject } from './graphql.js';

type DeploymentState =
  'queued' | 'pending' | 'in_progress' | 'waiting' | 'success' | 'failure' | 'error' | 'inactive';

export interface FakeGitCommit {
  repo: string;
  sha: string;
  parents: string[];
  authored: number;
  committed: number;
}
export interface FakeDeploymentStatus {
  state: DeploymentState;
  created: number;
}
export interface FakeDeployment {
  repo: string;
  id: number;
  /** The deployed commit (commitOid). */
  sha: string;
  environment: string;
  created: number;
  /** In the order they were created. */
  statuses: FakeDeploymentStatus[];
}

/** What the server lends the delivery routes: its base URL, repository lookup (404 when hidden), errors. */
interface DeliveryHost {
  url(): string;
  /** Throws the server's 404 when the repository does not exist or is not visible. */
  visibleRepo(owner: string, name: string): { owner: string; name: string };
  notFound(message?: string): Error;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A page of a list with GitHub's Link header (next/last/first/prev). */
function linkPage<T>(
  url: string,
  path: string,
  q: URLSearchParams,
  all: readonly T[],
): { items: T[]; link?: string } {
  const perPage = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 30)));
  const page = Math.max(1, Number(q.get('page') ?? 1));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const rel = (n: number, r: string): string => {
    const p = new URLSearchParams(q);
    p.set('page', String(n));
    p.set('per_page', String(perPage));
    return `<${url}${path}?${p.toString()}>; rel="${r}"`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(rel(page - 1, 'prev'));
  if (page < last) parts.push(rel(page + 1, 'next'), rel(last, 'last'));
  if (page > 1) parts.push(rel(1, 'first'));
  return { items, link: parts.length ? parts.join(', ') : undefined };
}

export class FakeDelivery {
  private readonly commits = new Map<string, Map<string, FakeGitCommit>>();
  private readonly deploymentsByRepo = new Map<string, FakeDeployment[]>();

  constructor(
    gitCommits: readonly FakeGitCommit[],
    deployments: readonly FakeDeployment[],
    private readonly host: DeliveryHost,
  ) {
    for (const c of gitCommits) {
      const k = c.repo.toLowerCase();
      if (!this.commits.has(k)) this.commits.set(k, new Map());
      this.commits.get(k)!.set(c.sha, c);
    }
    for (const d of [...deployments].sort((a, b) => a.created - b.created || a.id - b.id)) {
      const k = d.repo.toLowerCase();
      if (!this.deploymentsByRepo.has(k)) this.deploymentsByRepo.set(k, []);
      this.deploymentsByRepo.get(k)!.push(d);
    }
  }

  /** Every commit reachable from sha (itself included), in this repository's graph. */
  ancestors(repo: string, sha: string): Set<string> {
    const graph = this.commits.get(repo.toLowerCase()) ?? new Map<string, FakeGitCommit>();
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s) || !graph.has(s)) continue;
      seen.add(s);
      stack.push(...graph.get(s)!.parents);
    }
    return seen;
  }

  /** REST routes of this part; undefined when the path is not one of them. */
  rest(path: string, q: URLSearchParams): { body: unknown; link?: string } | undefined {
    let m: RegExpExecArray | null;
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/.exec(path)))
      return this.compare(m[1]!, m[2]!, decodeURIComponent(m[3]!), path, q);
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(path))) {
      const repo = this.host.visibleRepo(m[1]!, m[2]!);
      const full = `${repo.owner}/${repo.name}`;
      const d = (this.deploymentsByRepo.get(full.toLowerCase()) ?? []).find((x) => x.id === Number(m![3]));
      if (!d) throw this.host.notFound();
      const newestFirst = d.statuses.map((s, i) => ({ s, i })).reverse();
      const { items, link } = linkPage(this.host.url(), path, q, newestFirst);
      return {
        body: items.map(({ s, i }) => ({
          id: d.id * 1000 + i,
          state: s.state,
          environment: d.environment,
          created_at: iso(s.created),
          updated_at: iso(s.created),
          deployment_url: `${this.host.url()}/repos/${full}/deployments/${d.id}`,
        })),
        link,
      };
    }
    return undefined;
  }

  private compare(
    owner: string,
    name: string,
    basehead: string,
    path: string,
    q: URLSearchParams,
  ): { body: unknown; link?: string } {
    const repo = this.host.visibleRepo(owner, name);
    const full = `${repo.owner}/${repo.name}`;
    const m = /^(.+?)\.\.\.(.+)$/.exec(basehead);
    if (!m) throw this.host.notFound();
    const graph = this.commits.get(full.toLowerCase()) ?? new Map<string, FakeGitCommit>();
    const [base, head] = [m[1]!, m[2]!];
    if (!graph.has(base) || !graph.has(head)) throw this.host.notFound();
    const fromHead = this.ancestors(full, head);
    const fromBase = this.ancestors(full, base);
    const ahead = [...fromHead].filter((s) => !fromBase.has(s)).map((s) => graph.get(s)!);
    const behindBy = [...fromBase].filter((s) => !fromHead.has(s)).length;
    ahead.sort((a, b) => a.committed - b.committed || a.authored - b.authored);
    const status =
      base === head ? 'identical' : fromHead.has(base) ? 'ahead' : fromBase.has(head) ? 'behind' : 'diverged';
    const paged = q.has('per_page') || q.has('page');
    const { items, link } = paged
      ? linkPage(this.host.url(), path, q, ahead)
      : { items: ahead.slice(-250), link: undefined };
    const json = (c: FakeGitCommit): Record<string, unknown> => ({
      sha: c.sha,
      url: `${this.host.url()}/repos/${full}/commits/${c.sha}`,
      commit: {
        author: { name: 'Ada', email: 'ada@example.com', date: iso(c.authored) },
        committer: { name: 'GitHub', email: 'noreply@github.com', date: iso(c.committed) },
        message: `commit ${c.sha.slice(0, 7)}`,
      },
      parents: c.parents.map((p) => ({ sha: p, url: `${this.host.url()}/repos/${full}/commits/${p}` })),
    });
    const firstPage = !paged || Number(q.get('page') ?? 1) === 1;
    return {
      body: {
        url: `${this.host.url()}/repos/${full}/compare/${basehead}`,
        status,
        ahead_by: ahead.length,
        behind_by: behindBy,
        total_commits: ahead.length,
        base_commit: json(graph.get(base)!),
        commits: items.map(json),
        files: firstPage ? [] : undefined,
      },
      link,
    };
  }

  /** `Repository.deployments` of one repository. */
  deploymentsField(fullName: string, denied = false): (args: Record<string, unknown>) => unknown {
    return (args) => {
      // A token without deployments: read gets the field as null and an error naming its path.
      if (denied) throw new GqlError('Resource not accessible by integration', 'FORBIDDEN');
      const envs = args.environments as string[] | null | undefined;
      const order = args.orderBy as { field?: string; direction?: string } | null | undefined;
      if (order && order.field !== 'CREATED_AT')
        throw new GqlError(
          `Argument 'field' on InputObject 'DeploymentOrder' has an invalid value (${String(order.field)}).`,
          'argumentLiteralsIncompatible',
          true,
        );
      let all = (this.deploymentsByRepo.get(fullName.toLowerCase()) ?? []).filter(
        (d) => !envs || envs.includes(d.environment),
      );
      if (order?.direction === 'DESC') all = [...all].reverse();
      const page = paginate(all, args, 'deployments');
      return {
        __typename: 'DeploymentConnection',
        totalCount: all.length,
        pageInfo: { __typename: 'PageInfo', hasNextPage: page.hasNextPage, endCursor: page.endCursor },
        nodes: page.nodes.map((d) => this.deploymentNode(d)),
      };
    };
  }

  private deploymentNode(d: FakeDeployment): GqlObject {
    const status = (s: FakeDeploymentStatus): GqlObject => ({
      __typename: 'DeploymentStatus',
      state: s.state.toUpperCase(),
      createdAt: iso(s.created),
      environment: d.environment,
    });
    const latest = d.statuses[d.statuses.length - 1];
    return {
      __typename: 'Deployment',
      databaseId: d.id,
      commitOid: d.sha,
      createdAt: iso(d.created),
      environment: d.environment,
      latestEnvironment: d.environment,
      originalEnvironment: d.environment,
      latestStatus: latest ? status(latest) : null,
      statuses: (args: Record<string, unknown>) => {
        const page = paginate(d.statuses, args, 'statuses');
        return {
          __typename: 'DeploymentStatusConnection',
          totalCount: d.statuses.length,
          pageInfo: { __typename: 'PageInfo', hasNextPage: page.hasNextPage, endCursor: page.endCursor },
          nodes: page.nodes.map(status),
        };
      },
    };
  }
}
