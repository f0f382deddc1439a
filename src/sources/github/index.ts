import { UserError } from '../../errors.js';
import { registerSecret } from '../../redact.js';
import type { DayWindow } from '../../dates.js';
import type { SourceDefinition } from '../types.js';
import type { ClientOptions } from './client.js';
import { DEFAULT_CLIENT_OPTIONS } from './options.js';
import { commits } from './commits.js';
import { deployments } from './deployments.js';
import type { GithubRun } from './context.js';
import { incidents } from './incidents.js';
import { issues } from './issues.js';
import { leadTime } from './lead-time.js';
import { pullRequestReviews } from './pull-request-reviews.js';
import { pullRequests } from './pull-requests.js';
import { releases } from './releases.js';
import { resolveScope } from './scope.js';
import { COUNTS_PER_QUERY } from './search.js';
import { githubSettings, type GithubSettings } from './settings.js';
import { workflowRuns } from './workflow-runs.js';

export type { GithubRun } from './context.js';
export type { ClientOptions } from './client.js';
export { DEFAULT_CLIENT_OPTIONS } from './options.js';

const GITHUB_KPIS = [
  pullRequests,
  pullRequestReviews,
  issues,
  workflowRuns,
  releases,
  commits,
  deployments,
  leadTime,
  incidents,
] as const;

/** The fewest requests a run can take, per resource, with the data volume unknown (every list one page). */
function estimateRequests(
  repos: number,
  groups: number,
  days: number,
): { core: number; graphql: number; search: number } {
  const perRepo = Math.ceil(repos / 50);
  return {
    // workflow runs: one listing per repository
    core: repos,
    // counts (PRs: 2 a day, issues: 1 a day), review candidates, releases, commits
    graphql:
      Math.ceil((2 * days * groups) / COUNTS_PER_QUERY) +
      Math.ceil((days * groups) / COUNTS_PER_QUERY) +
      groups +
      2 * perRepo,
    // merged PRs and closed issues, listed once for the range
    search: 2 * groups,
  };
}

function describeLimit(
  name: string,
  l: { limit: number; remaining: number; reset: number } | undefined,
): string {
  if (!l) return `${name} n/a`;
  return `${name} ${l.remaining}/${l.limit} (resets ${new Date(l.reset * 1000).toISOString().slice(11, 16)} UTC)`;
}

/**
 * Builds the source. Production uses `githubSource`; tests and the benchmark pass shorter waits (the
 * secondary-limit floor, request spacing) through `options`.
 */
export function createGithubSource(
  options: Partial<ClientOptions> = {},
): SourceDefinition<GithubRun, GithubSettings> {
  const clientOptions: ClientOptions = { ...DEFAULT_CLIENT_OPTIONS, ...options };
  return {
    name: 'github',
    description:
      'Pull requests, reviews, issues, Actions runs, releases and commits of GitHub repositories (REST and GraphQL).',
    inputs: [
      {
        name: 'github-token',
        description:
          "Token to read the repositories: the workflow's own token by default; a GitHub App or fine-grained token for organisation-wide scopes.",
        secret: true,
        env: 'GITHUB_TOKEN',
        workflowSecret: 'KPI_GITHUB_TOKEN',
        required: true,
        actionDefault: '${{ github.token }}',
      },
    ],
    settings: githubSettings,
    kpis: GITHUB_KPIS,
    async createRun(ctx) {
      const token = ctx.inputs['github-token'];
      if (!token) throw new UserError('github-token: is required for source github');
      registerSecret(token);
      const settings = ctx.settings;
      const baseUrl = (settings.api_url ?? ctx.env.GITHUB_API_URL ?? 'https://api.github.com').replace(
        /\/+$/,
        '',
      );
      const timeout = settings.request_timeout_seconds;
      // Octokit and the network layer load only when this source runs.
      const { GithubClient } = await import('./client.js');
      const client = new GithubClient(
        token,
        baseUrl,
        timeout === undefined ? clientOptions : { ...clientOptions, requestTimeoutMs: timeout * 1000 },
        ctx.log,
        ctx.signal,
      );
      try {
        await client.fetchRateLimits();
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status === 401)
          throw new UserError(
            'github-token: GitHub refused the token (401 Bad credentials); pass a valid token',
          );
        // GHES with rate limiting disabled answers 404 here: go on without a budget.
        if (status !== 404) throw e;
      }
      const scope = await resolveScope(client, settings, ctx.env);
      ctx.log.info(
        `github: ${scope.describe}; ${describeLimit('core', client.stats.limits.core)}, ${describeLimit('graphql', client.stats.limits.graphql)}`,
      );
      return { client, scope, settings };
    },
    rangeWarnings(windows: readonly DayWindow[], _now: number, run: GithubRun) {
      const need = estimateRequests(run.scope.repos.length, run.scope.searchGroups.length, windows.length);
      const { core, graphql } = run.client.stats.limits;
      const short: string[] = [];
      if (core && core.remaining < need.core) short.push(`REST ${need.core} (${core.remaining} left)`);
      if (graphql && graphql.remaining < need.graphql)
        short.push(`GraphQL ${need.graphql} (${graphql.remaining} left)`);
      if (short.length === 0) return [];
      const message =
        `github: this run needs at least ${short.join(', ')} requests for ${run.scope.repos.length} repositories and ` +
        `${windows.length} day(s), more than the rate-limit budget left; it would wait for the reset or fail halfway. ` +
        'Split the range, narrow the scope, or use a GitHub App token';
      if (run.settings.budget_check === 'fail') throw new UserError(message);
      return [message];
    },
    summaryLines(run) {
      const { requests, retries, errorRetries, limits } = run.client.stats;
      const total = requests.core + requests.search + requests.graphql;
      return [
        `GitHub API: ${total} requests (REST ${requests.core}, search ${requests.search}, GraphQL ${requests.graphql}) for ${run.scope.repos.length} repositories; ${retries} rate-limit wait(s), ${errorRetries} retried error(s)`,
        `GitHub rate limit left: ${describeLimit('core', limits.core)}, ${describeLimit('search', limits.search)}, ${describeLimit('graphql', limits.graphql)}`,
      ];
    },
  };
}

/** The GitHub source with production settings. */
export const githubSource = createGithubSource();
