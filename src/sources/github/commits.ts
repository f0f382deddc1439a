import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import { perRepoGraphql, type Connection } from './batch.js';
import { rangeOf, type GithubRun } from './context.js';
import { ms } from './time.js';

interface CommitNode {
  committedDate: string;
}

const params = z.strictObject({});

export const commits: KpiDefinition<GithubRun, z.infer<typeof params>> = {
  id: 'github.commits',
  definition: "Commits on each repository's default branch per day, summed over the scope.",
  unit: 'count',
  components: [
    {
      name: 'default_branch',
      description: 'Commits that reached the default branch that day',
      unit: 'count',
    },
  ],
  derived: [],
  params,
  notes:
    "A commit counts on the day (run time zone) of its committer date, in the history of the repository's current default " +
    'branch. Squash and rebase merges made on GitHub are committed at merge time, so they count on the day they reached the ' +
    'branch; with merge commits, the merge commit counts on the merge day and the merged commits on their own committer ' +
    'dates. History is read with GraphQL (history(since:, until:)), 50 repositories and 100 commits per request. The token ' +
    'needs contents: read.',
  fillZeros: true,
  async collect(ctx) {
    const { client, scope } = ctx.run;
    const { from, to } = rangeOf(ctx);
    await perRepoGraphql<CommitNode>(client, scope.repos, {
      size: 50,
      sharedVars: '$since: GitTimestamp!, $until: GitTimestamp!',
      sharedValues: { since: new Date(from).toISOString(), until: new Date(to - 1000).toISOString() },
      selection: (after) =>
        `defaultBranchRef { target { ... on Commit { history(first: 100, after: ${after}, since: $since, until: $until) { pageInfo { hasNextPage endCursor } nodes { committedDate } } } } }`,
      connection: (r) =>
        (r as { defaultBranchRef?: { target?: { history?: Connection<CommitNode> } } | null } | null)
          ?.defaultBranchRef?.target?.history,
      onNodes: (_repo, nodes) => {
        for (const n of nodes) {
          const date = ctx.days.dateOf(ms(n.committedDate));
          if (date) ctx.acc.add(date, 'default_branch', 1);
        }
      },
      what: 'commits',
      permission: 'contents: read',
    });
  },
};
