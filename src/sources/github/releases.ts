import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import { perRepoGraphql, type Connection } from './batch.js';
import type { GithubRun } from './context.js';
import { ms } from './time.js';

interface ReleaseNode {
  publishedAt: string | null;
  isDraft: boolean;
  isPrerelease: boolean;
}

const params = z.strictObject({
  include_prereleases: z.boolean().default(true).describe('Count pre-releases too.'),
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
    'include_prereleases is false. Every release of every repository is read with GraphQL (100 a page, 50 repositories ' +
    "per request): GitHub's createdAt of a release is the date of its tagged commit, not of the release, and releases " +
    'cannot be ordered by publishedAt, so no ordering gives a safe place to stop. The token needs contents: read.',
  fillZeros: true,
  async collect(ctx) {
    const { client, scope } = ctx.run;
    await perRepoGraphql<ReleaseNode>(client, scope.repos, {
      size: 50,
      selection: (after) =>
        `releases(first: 100, after: ${after}, orderBy: {field: CREATED_AT, direction: DESC}) { pageInfo { hasNextPage endCursor } nodes { publishedAt isDraft isPrerelease } }`,
      connection: (r) => (r as { releases?: Connection<ReleaseNode> } | null)?.releases,
      onNodes: (_repo, nodes) => {
        for (const n of nodes) {
          if (n.isDraft || (!ctx.params.include_prereleases && n.isPrerelease)) continue;
          const date = ctx.days.dateOf(ms(n.publishedAt));
          if (date) ctx.acc.add(date, 'published', 1);
        }
      },
      what: 'releases',
      permission: 'contents: read',
    });
  },
};
