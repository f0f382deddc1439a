import { UserError } from '../../errors.js';
import type { GithubClient } from './client.js';
import type { GithubSettings } from './settings.js';

export interface Repo {
  owner: string;
  name: string;
  /** `owner/name` as GitHub spells it. */
  fullName: string;
}

/** The repositories a run covers, and the search qualifiers that select exactly them. */
export interface Scope {
  repos: Repo[];
  /**
   * Groups of search qualifiers; the union of their results is the scope, without overlap. Each group
   * fits in GitHub's 256-character query limit next to the rest of a query.
   */
  searchGroups: string[];
  /** Lower-cased `owner/name` of every repository in scope, to drop search results outside it. */
  has(fullName: string): boolean;
  /** One line for the log. */
  describe: string;
}

/** GitHub refuses queries longer than 256 characters; the rest of our queries takes at most this many. */
const QUERY_LIMIT = 256;
const RESERVED_FOR_QUALIFIERS = 110;

interface OrgRepo {
  name: string;
  full_name: string;
  owner: { login: string };
  archived: boolean;
  fork: boolean;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function chunkQualifiers(qualifiers: string[], budget: number): string[] {
  const groups: string[] = [];
  let current = '';
  for (const q of qualifiers) {
    if (current && current.length + 1 + q.length > budget) {
      groups.push(current);
      current = q;
    } else current = current ? `${current} ${q}` : q;
  }
  if (current) groups.push(current);
  return groups;
}

/**
 * Resolves the scope: `org` (its non-archived, non-fork repositories, narrowed by include/exclude globs),
 * plus `repos`; with neither, GITHUB_REPOSITORY. One listing request per 100 repositories of the org.
 */
export async function resolveScope(
  client: GithubClient,
  settings: GithubSettings,
  env: NodeJS.ProcessEnv,
): Promise<Scope> {
  const byName = new Map<string, Repo>();
  const add = (owner: string, name: string): void => {
    const fullName = `${owner}/${name}`;
    byName.set(fullName.toLowerCase(), { owner, name, fullName });
  };
  const budget = QUERY_LIMIT - RESERVED_FOR_QUALIFIERS;
  const groups: string[] = [];

  let orgCovered = new Set<string>();
  if (settings.org) {
    const org = settings.org;
    const include = settings.include.map(globToRegExp);
    const exclude = settings.exclude.map(globToRegExp);
    const listed: OrgRepo[] = [];
    try {
      await client.paginate<OrgRepo[]>(
        `GET /orgs/{org}/repos`,
        { org, type: 'all', sort: 'full_name' },
        (page) => {
          listed.push(...page);
        },
      );
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 404)
        throw new UserError(
          `github: organisation '${org}' not found or not visible to the token; check sources.github.org`,
        );
      throw e;
    }
    const excludedActive: OrgRepo[] = [];
    for (const r of listed) {
      const wanted =
        (settings.include_archived || !r.archived) &&
        (settings.include_forks || !r.fork) &&
        include.some((re) => re.test(r.name)) &&
        !exclude.some((re) => re.test(r.name));
      if (wanted) add(r.owner.login, r.name);
      else if (!r.archived || settings.include_archived) excludedActive.push(r);
    }
    orgCovered = new Set([...byName.keys()]);
    // Cheapest exact qualifier: the whole org minus the few repositories left out, when that fits one query.
    const base = settings.include_archived ? `org:${org}` : `org:${org} archived:false`;
    const minus = excludedActive.map((r) => `-repo:${r.full_name}`);
    const asOrg = [base, ...minus].join(' ');
    if (byName.size === 0) {
      // nothing from the org
    } else if (asOrg.length <= budget) groups.push(asOrg);
    else
      groups.push(
        ...chunkQualifiers(
          [...byName.values()].map((r) => `repo:${r.fullName}`),
          budget,
        ),
      );
  }

  const extra: string[] = [];
  const toCheck: Repo[] = [];
  const explicit =
    settings.repos.length > 0 || settings.org
      ? settings.repos
      : env.GITHUB_REPOSITORY
        ? [env.GITHUB_REPOSITORY]
        : [];
  for (const full of explicit) {
    const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full.trim());
    if (!m) throw new UserError(`github: repos: '${full}' is not owner/name`);
    if (orgCovered.has(full.toLowerCase())) continue;
    if (!byName.has(full.toLowerCase())) {
      extra.push(`repo:${m[1]}/${m[2]}`);
      toCheck.push({ owner: m[1]!, name: m[2]!, fullName: `${m[1]}/${m[2]}` });
    }
    add(m[1]!, m[2]!);
  }
  await assertVisible(client, toCheck);
  groups.push(...chunkQualifiers(extra, budget));

  if (byName.size === 0) {
    if (!settings.org && explicit.length === 0) {
      throw new UserError(
        'github: no repositories to collect; set sources.github.org or repos in the config, or run inside a workflow (GITHUB_REPOSITORY)',
      );
    }
    throw new UserError(
      `github: the scope is empty (org ${settings.org ?? '-'} has no repository matching the filters)`,
    );
  }
  const names = new Set(byName.keys());
  const repos = [...byName.values()].sort((a, b) => a.fullName.localeCompare(b.fullName));
  return {
    repos,
    searchGroups: groups,
    has: (fullName) => names.has(fullName.toLowerCase()),
    describe: `${repos.length} repositor${repos.length === 1 ? 'y' : 'ies'}${settings.org ? ` (org ${settings.org})` : ''}, ${groups.length} search quer${groups.length === 1 ? 'y' : 'ies'} per question`,
  };
}

/** Repositories one visibility check asks about (aliases of one GraphQL query). */
const CHECKED_PER_QUERY = 100;

/**
 * Fails before collecting when a repository named in `repos` (or GITHUB_REPOSITORY) does not exist or is not
 * visible to the token: one GraphQL query per 100 repositories, one message naming every such repository,
 * rather than every KPI failing on it.
 */
async function assertVisible(client: GithubClient, repos: readonly Repo[]): Promise<void> {
  const missing: string[] = [];
  for (let i = 0; i < repos.length; i += CHECKED_PER_QUERY) {
    const batch = repos.slice(i, i + CHECKED_PER_QUERY);
    // owner and name match [A-Za-z0-9_.-]+ (checked above), so they are safe inside the string literals.
    const fields = batch
      .map((r, j) => `r${j}: repository(owner: "${r.owner}", name: "${r.name}") { nameWithOwner }`)
      .join('\n');
    const { data, errors } = await client.graphql<Record<string, { nameWithOwner: string } | null>>(
      `query {\n${fields}\n}`,
    );
    const other = errors.find((e) => e.type !== 'NOT_FOUND');
    if (other) throw new Error(`GitHub GraphQL: ${other.message}`);
    batch.forEach((r, j) => {
      if (!data?.[`r${j}`]) missing.push(r.fullName);
    });
  }
  if (missing.length > 0) {
    const list = missing.map((m) => `'${m}'`).join(', ');
    throw new UserError(
      `github: ${missing.length === 1 ? 'repository' : 'repositories'} ${list} not found or not visible to the token; ` +
        'fix sources.github.repos or give the token access (a fine-grained token or GitHub App installed on them)',
    );
  }
}
