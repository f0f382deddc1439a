import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import { perRepoGraphql, type Connection } from './batch.js';
import { rangeOf, type GithubRun } from './context.js';
import { ms } from './time.js';

interface ReleaseNode {
  createdAt: string;
  publishedAt: string | null;
  isDraft: boolean;
  isPrerelease: boolean;
}

const params = z.strictObject({
  include_prereleases: z.boolean().default(true).describe('Count pre-releases too.'),
  draft_lookback_days: z
    .number()
    .int()
    .min(0)
    .max(3650)
    .default(90)
    .describe('A release drafted up to this many days before the range and published in it is still found.'),
});
type Params = z.infer<typeof params>;

export const releases: KpiDefinition<GithubRun, Params> = {
  id: 'github.releases',
  definition: 'Releases published per day (drafts excluded).',
  unit: 'count',
  components: [{ name: 'published', description: 'Non-draft releases published that day', unit: 'count' }],
  derived: [],
  params,
  notes:
    'A release counts on the day (run time zone) of its publishedAt; drafts never count, pre-releases unless ' +
    'include_prereleases is false. Releases are read newest-created first with GraphQL, 50 repositories per request, and ' +
    'paging stops at releases created more than draft_lookback_days before the range. The token needs contents: read.',
  fillZeros: true,
  async collect(ctx) {
    const { client, scope } = ctx.client;
    const { from } = rangeOf(ctx);
    const stopBefore = from - ctx.params.draft_lookback_days * 86_400_000;
    await perRepoGraphql<ReleaseNode>(client, scope.repos, {
      size: 50,
      selection: (after) =>
        `releases(first: 50, after: ${after}, orderBy: {field: CREATED_AT, direction: DESC}) { pageInfo { hasNextPage endCursor } nodes { createdAt publishedAt isDraft isPrerelease } }`,
      connection: (r) => (r as { releases?: Connection<ReleaseNode> } | null)?.releases,
      onNodes: (_repo, nodes) => {
        let older = false;
        for (const n of nodes) {
          if (ms(n.createdAt) < stopBefore) older = true;
          if (n.isDraft || (!ctx.params.include_prereleases && n.isPrerelease)) continue;
          const date = ctx.days.dateOf(ms(n.publishedAt));
          if (date) ctx.acc.add(date, 'published', 1);
        }
        return !older;
      },
      what: 'releases',
      permission: 'contents: read',
    });
  },
};
