import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import type { GithubClient } from './client.js';
import { explainAccess } from './access.js';
import { rangeOf, type GithubRun } from './context.js';
import { RESULT_CAP, slicesFor } from './search.js';
import type { Scope } from './scope.js';
import { isoWithOffset, ms, searchRange, splitWindow } from './time.js';

/** GitHub's launch: the lower bound of "created before" windows, so they can be split. */
const EPOCH = Date.UTC(2008, 0, 1);
/** Reviews fetched with each pull request; more are read over REST only when these hold no valid one. */
const REVIEWS_INLINE = 10;

interface ReviewNode {
  createdAt: string;
  submittedAt: string | null;
  author: { login: string; __typename: string } | null;
}
interface PrNode {
  number?: number;
  createdAt: string;
  author: { login: string } | null;
  repository: { nameWithOwner: string };
  reviews: { totalCount: number; nodes: ReviewNode[] };
}
interface SearchResult {
  search: {
    issueCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<PrNode | Record<string, never>>;
  };
}

const QUERY = `query ($q: String!, $after: String) {
  search(query: $q, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on PullRequest {
        number
        createdAt
        author { login }
        repository { nameWithOwner }
        reviews(first: ${REVIEWS_INLINE}) { totalCount nodes { createdAt submittedAt author { login __typename } } }
      }
    }
  }
}`;

/** A review that counts: submitted, by someone other than the PR's author, and not by a bot. */
function countsAsReview(
  author: string | undefined,
  reviewer: { login: string; type: string } | null,
  submittedAt: string | null,
): boolean {
  if (!submittedAt) return false;
  if (!reviewer) return true; // a deleted account ("ghost") was a person
  if (reviewer.type === 'Bot' || /\[bot\]$/i.test(reviewer.login)) return false;
  return !author || reviewer.login.toLowerCase() !== author.toLowerCase();
}

async function restFirstReview(client: GithubClient, pr: PrNode): Promise<number> {
  const [owner, repo] = pr.repository.nameWithOwner.split('/') as [string, string];
  let first = Number.NaN;
  try {
    await client.paginate<
      Array<{ submitted_at?: string | null; user: { login: string; type: string } | null }>
    >(
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      { owner, repo, pull_number: pr.number },
      (page) => {
        for (const r of page) {
          if (countsAsReview(pr.author?.login, r.user, r.submitted_at ?? null)) {
            const t = ms(r.submitted_at);
            if (!(t >= first)) first = t;
          }
        }
      },
    );
  } catch (e) {
    throw explainAccess(e, pr.repository.nameWithOwner, 'pull request reviews', 'pull requests: read');
  }
  return first;
}

/** Candidate pull requests: created before the range ends and updated since it began (a review updates a PR). */
async function candidates(
  client: GithubClient,
  scope: Scope,
  from: number,
  to: number,
  timeZone: string,
): Promise<PrNode[]> {
  const out: PrNode[] = [];
  const since = isoWithOffset(from, timeZone);
  const walk = async (group: string, a: number, b: number): Promise<void> => {
    const q = `is:pr ${group} updated:>=${since} created:${searchRange(a, b, timeZone)}`;
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const data: SearchResult = await client.graphqlStrict<SearchResult>(QUERY, { q, after });
      const total = data.search.issueCount;
      if (page === 0 && total >= RESULT_CAP) {
        if (b - a <= 1000)
          throw new Error(`more than ${RESULT_CAP} pull requests created within one second for '${q}'`);
        for (const [x, y] of splitWindow(a, b, slicesFor(total))) await walk(group, x, y);
        return;
      }
      for (const n of data.search.nodes) {
        if ('repository' in n && n.repository && scope.has(n.repository.nameWithOwner)) out.push(n as PrNode);
      }
      const { hasNextPage, endCursor } = data.search.pageInfo;
      if (!hasNextPage) return;
      // Asking again with a null cursor would read the first page again, for ever.
      if (!endCursor)
        throw new Error(`GitHub GraphQL: search reported a next page without an endCursor for '${q}'`);
      after = endCursor;
    }
  };
  for (const group of scope.searchGroups) await walk(group, EPOCH, to);
  return out;
}

/**
 * The earliest submittedAt of the inline reviews that count (NaN when none does). They come in creation
 * order, not submission order: a review kept pending for days is listed before one created and submitted
 * meanwhile, so every one is looked at.
 */
function firstInline(pr: PrNode): number {
  let first = Number.NaN;
  for (const r of pr.reviews.nodes) {
    const reviewer = r.author ? { login: r.author.login, type: r.author.__typename } : null;
    if (countsAsReview(pr.author?.login, reviewer, r.submittedAt)) {
      const t = ms(r.submittedAt);
      if (!(t >= first)) first = t;
    }
  }
  return first;
}

const params = z.strictObject({});

export const pullRequestReviews: KpiDefinition<GithubRun, z.infer<typeof params>> = {
  id: 'github.pull_request_reviews',
  definition:
    'Time from opening a pull request to its first review, for pull requests first reviewed that day.',
  unit: 'seconds',
  components: [
    {
      name: 'first_reviews',
      description: 'Pull requests whose first review was submitted that day',
      unit: 'count',
    },
    {
      name: 'first_review_seconds',
      description: 'Sum of created→first review of those pull requests',
      unit: 'seconds',
    },
  ],
  derived: [
    {
      name: 'avg_first_review_seconds',
      description: 'Average time to first review',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['first_review_seconds'],
      denominator: ['first_reviews'],
    },
  ],
  params,
  notes:
    'A pull request counts once, on the day (run time zone) its first review was submitted: the earliest submitted review ' +
    "(approve, request changes or comment) by someone other than the PR's author and not by a bot (account type Bot or a " +
    "login ending in [bot]); pending reviews do not count. first_review_seconds is that review's submitted_at − the PR's " +
    'created_at. Candidates are listed once for the range with GraphQL search (created before the end, updated since the ' +
    'start), with their first 10 reviews inline (in creation order: the earliest submitted of them is taken); when a PR has ' +
    'more reviews and a later-created one could have been submitted earlier, all its reviews are read over REST.',
  fillZeros: true,
  async collect(ctx) {
    const { client, scope } = ctx.run;
    const { from, to } = rangeOf(ctx);
    for (const pr of await candidates(client, scope, from, to, ctx.timeZone)) {
      let first = firstInline(pr);
      // GraphQL lists reviews in creation order, and a review is submitted no earlier than it was
      // created: the reviews not fetched inline (created after the last inline one) cannot beat an inline
      // review submitted before that creation time. Otherwise read them all over REST.
      const lastCreated = Math.max(...pr.reviews.nodes.map((r) => ms(r.createdAt)));
      if (pr.reviews.totalCount > pr.reviews.nodes.length && !(first <= lastCreated))
        first = await restFirstReview(client, pr);
      const date = ctx.days.dateOf(first);
      if (!date) continue;
      ctx.acc.add(date, 'first_reviews', 1);
      ctx.acc.add(date, 'first_review_seconds', Math.max(0, (first - ms(pr.createdAt)) / 1000));
    }
  },
};
