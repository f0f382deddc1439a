import { nextLink } from './access.js';
import type { GithubClient } from './client.js';
import type { Scope } from './scope.js';
import { searchRange, splitWindow } from './time.js';

/** Search and filtered listings give at most this many results, whatever total_count says. */
export const RESULT_CAP = 1000;
/** Aliased issueCount searches per GraphQL query. */
export const COUNTS_PER_QUERY = 30;

/** An item of GET /search/issues (the fields used here). */
export interface SearchItem {
  number: number;
  created_at: string;
  closed_at: string | null;
  repository_url: string;
  user: { login: string; type?: string } | null;
  pull_request?: { merged_at: string | null };
}

interface SearchPage {
  total_count: number;
  incomplete_results: boolean;
  items: SearchItem[];
}

/** A search page of the documented shape: total_count, incomplete_results and an array of items. */
function checkSearchPage(page: SearchPage, q: string): void {
  const p = page as unknown as Record<string, unknown> | null;
  if (!p || typeof p.total_count !== 'number' || !Array.isArray(p.items)) {
    throw new Error(`GitHub search '${q}': the answer is not a search page (total_count, items)`);
  }
}

/** `owner/name` of a search item, from its repository_url (…/repos/owner/name). */
function repoOfItem(item: SearchItem): string {
  const m = /\/repos\/([^/]+\/[^/]+)$/.exec(item.repository_url);
  return m ? m[1]! : '';
}

/** How many slices to cut a window into so each holds well under the cap, given its total. */
export function slicesFor(total: number): number {
  return Math.min(64, Math.max(2, Math.ceil(total / (RESULT_CAP * 0.7))));
}

/**
 * Every item matching `query` with `field` in [from, to), over every search group of the scope, listed
 * once for the whole range. A window whose total reaches the 1,000-result cap (or whose results came back
 * incomplete) is split and each part searched again, down to one second.
 */
export async function searchAll(
  client: GithubClient,
  scope: Scope,
  query: string,
  field: string,
  from: number,
  to: number,
  timeZone: string,
): Promise<SearchItem[]> {
  const out: SearchItem[] = [];
  const walk = async (group: string, a: number, b: number): Promise<void> => {
    const q = `${query} ${group} ${field}:${searchRange(a, b, timeZone)}`;
    // octokit leaves '+' unencoded in `q` (it means a space there), which would turn a +09:00 offset into
    // ' 09:00': the query string is encoded here instead.
    const url = `GET /search/issues?q=${encodeURIComponent(q)}`;
    const guard = client.pageGuard(`search '${q}'`, RESULT_CAP / 100 + 1);
    guard.next(url);
    const first = await client.get<SearchPage>(url, { per_page: 100, sort: 'created', order: 'asc' });
    checkSearchPage(first.data, q);
    const { total_count: total } = first.data;
    const canSplit = b - a > 1000;
    if (total >= RESULT_CAP && canSplit) {
      for (const [x, y] of splitWindow(a, b, slicesFor(total))) await walk(group, x, y);
      return;
    }
    if (total >= RESULT_CAP) {
      throw new Error(
        `more than ${RESULT_CAP} search results within one second for '${q}'; cannot split further`,
      );
    }
    // incomplete_results is checked on every page (issue 14, item 7): a window whose search timed out
    // on GitHub's side is split and searched again; one that stays incomplete down to an hour fails the
    // KPI rather than store short figures.
    const found: SearchItem[] = [];
    let page = first;
    for (;;) {
      if (page.data.incomplete_results) {
        if (b - a > 3_600_000) {
          for (const [x, y] of splitWindow(a, b, 2)) await walk(group, x, y);
          return;
        }
        throw new Error(
          `GitHub search stayed incomplete (incomplete_results: true, GitHub's search timed out) for '${q}'; ` +
            'nothing stored for it rather than short figures; re-run later',
        );
      }
      for (const item of page.data.items) if (scope.has(repoOfItem(item))) found.push(item);
      const next = nextLink(page.headers.link);
      if (!next) break;
      // Relative to the base URL, so that the throttling plugin spaces it as a search (GHES included).
      const route = client.linkRoute(next);
      guard.next(route);
      page = await client.get<SearchPage>(route);
      checkSearchPage(page.data, q);
    }
    out.push(...found);
  };
  for (const group of scope.searchGroups) await walk(group, from, to);
  return out;
}

/**
 * Counts for many search queries (each summed over the scope's groups), with COUNTS_PER_QUERY aliased
 * `search(type: ISSUE) { issueCount }` per GraphQL request. Returns one count per query, in order.
 */
export async function countMany(
  client: GithubClient,
  scope: Scope,
  queries: readonly string[],
): Promise<number[]> {
  const flat: Array<{ index: number; q: string }> = [];
  queries.forEach((q, index) => {
    for (const g of scope.searchGroups) flat.push({ index, q: `${q} ${g}` });
  });
  const totals = new Array<number>(queries.length).fill(0);
  for (let i = 0; i < flat.length; i += COUNTS_PER_QUERY) {
    const batch = flat.slice(i, i + COUNTS_PER_QUERY);
    const vars = batch.map((_, j) => `$q${j}: String!`).join(', ');
    const fields = batch
      .map((_, j) => `c${j}: search(query: $q${j}, type: ISSUE, first: 1) { issueCount }`)
      .join('\n  ');
    const variables = Object.fromEntries(batch.map((b, j) => [`q${j}`, b.q]));
    const data = await client.graphqlStrict<Record<string, { issueCount: number }>>(
      `query (${vars}) {\n  ${fields}\n}`,
      variables,
    );
    batch.forEach((b, j) => {
      const c = data[`c${j}`];
      if (!c || typeof c.issueCount !== 'number')
        throw new Error(`GitHub GraphQL: no issueCount for '${b.q}'`);
      totals[b.index]! += c.issueCount;
    });
  }
  return totals;
}
