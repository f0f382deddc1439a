import { nextLink } from './access.js';
import type { GithubClient } from './client.js';
import type { Repo } from './scope.js';
import { ms } from './time.js';

/** A commit as the compare API lists it (the fields used here). */
export interface ComparedCommit {
  sha: string;
  parents: string[];
  /** Committer date (when the commit was made on its branch: rebase, squash and merge on GitHub set it). */
  committed: number;
}

interface Comparison {
  /** identical, ahead, behind or diverged (GitHub's words). */
  status: string;
  /** Every commit reachable from head and not from base. */
  commits: ComparedCommit[];
}

interface ComparePage {
  status: string;
  total_commits: number;
  commits: Array<{
    sha: string;
    parents?: Array<{ sha: string }>;
    commit: { committer?: { date?: string } | null; author?: { date?: string } | null };
  }>;
}

const toCommit = (c: ComparePage['commits'][number]): ComparedCommit => ({
  sha: c.sha,
  parents: (c.parents ?? []).map((p) => p.sha),
  committed: ms(c.commit.committer?.date ?? c.commit.author?.date),
});

/**
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}`: the commits reachable from head and not from base. One
 * request when they are at most 250 (the unpaged answer, which holds the most recent 250); else the earlier ones
 * come from pages of 100 in chronological order (per_page, Link headers): 1 + ⌈(n − 250) / 100⌉ requests for n. Returns undefined when GitHub does not know one of the commits (404:
 * e.g. a base that a force-push left unreachable and that was collected).
 */
export async function compareCommits(
  client: GithubClient,
  repo: Repo,
  base: string,
  head: string,
): Promise<Comparison | undefined> {
  const route = 'GET /repos/{owner}/{repo}/compare/{basehead}';
  const params = { owner: repo.owner, repo: repo.name, basehead: `${base}...${head}` };
  let first: ComparePage;
  try {
    first = (await client.get<ComparePage>(route, params)).data;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
  if (first.total_commits <= first.commits.length)
    return { status: first.status, commits: first.commits.map(toCommit) };
  // The unpaged answer holds the last 250 commits; pages of 100 (chronological) fill in the ones before them.
  const bySha = new Map(first.commits.map((c) => [c.sha, toCommit(c)]));
  const needPages = Math.ceil((first.total_commits - first.commits.length) / 100);
  let res = await client.get<ComparePage>(route, { ...params, per_page: 100, page: 1 });
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    for (const c of res.data.commits) if (!bySha.has(c.sha)) bySha.set(c.sha, toCommit(c));
    const next = nextLink(res.headers.link);
    if (!next || res.data.commits.length === 0 || page >= needPages) break;
    if (seen.has(next)) throw new Error(`GitHub compare of ${repo.fullName}: page ${page} links to itself`);
    seen.add(next);
    client.signal.throwIfAborted();
    res = await client.get<ComparePage>(client.linkRoute(next));
  }
  const commits = [...bySha.values()];
  if (commits.length < first.total_commits)
    throw new Error(
      `GitHub compare of ${repo.fullName} ${base.slice(0, 7)}...${head.slice(0, 7)} listed ${commits.length} of ${first.total_commits} commits`,
    );
  return { status: first.status, commits };
}
