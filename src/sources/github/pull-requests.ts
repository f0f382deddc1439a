import { z } from 'zod';
import { bucketComponents, type KpiDefinition } from '../../kpi.js';
import { rangeOf, type GithubRun } from './context.js';
import { countMany, searchAll } from './search.js';
import { ms, searchRange } from './time.js';

/** Upper bounds (seconds) of the merge-time histogram: 10 min … 30 days. */
export const MERGE_BUCKETS = [
  600, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 345600, 604800, 1209600, 2592000,
] as const;

const params = z.strictObject({});

export const pullRequests: KpiDefinition<GithubRun, z.infer<typeof params>> = {
  id: 'github.pull_requests',
  definition:
    'Pull requests opened, merged and closed without merge per day, and the time from opening to merge.',
  unit: 'count',
  components: [
    { name: 'opened', description: 'Pull requests created that day', unit: 'count' },
    { name: 'merged', description: 'Pull requests merged that day', unit: 'count' },
    { name: 'closed_unmerged', description: 'Pull requests closed without merge that day', unit: 'count' },
    {
      name: 'merge_seconds',
      description: 'Sum of created→merged of the pull requests merged that day',
      unit: 'seconds',
    },
    ...bucketComponents(MERGE_BUCKETS, 'Pull requests merged that day', 'seconds'),
  ],
  derived: [
    {
      name: 'avg_merge_seconds',
      description: 'Average time to merge',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['merge_seconds'],
      denominator: ['merged'],
    },
    {
      name: 'p50_merge_seconds',
      description: 'Median time to merge (from buckets)',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.5,
      buckets: 'le_',
      total: ['merged'],
    },
    {
      name: 'p90_merge_seconds',
      description: '90th percentile of time to merge (from buckets)',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.9,
      buckets: 'le_',
      total: ['merged'],
    },
  ],
  params,
  notes:
    'Summed over the scope. opened counts on the day of created_at, merged on the day of merged_at, closed_unmerged on the ' +
    'day of closed_at for pull requests closed without merge (a PR reopened later no longer counts: GitHub clears closed_at). ' +
    'merge_seconds is merged_at − created_at of the PRs merged that day (drafts included). Days are in the run time zone. ' +
    'Counts come from GraphQL issueCount (30 per request); merged PRs are listed once for the whole range by search, ' +
    'split wherever a window reaches the 1,000-result cap.',
  fillZeros: true,
  async collect(ctx) {
    const { client, scope } = ctx.run;
    const { from, to } = rangeOf(ctx);
    const queries: string[] = [];
    for (const w of ctx.windows) {
      const r = searchRange(w.start, w.end, ctx.timeZone);
      queries.push(`is:pr created:${r}`, `is:pr is:unmerged closed:${r}`);
    }
    const counts = await countMany(client, scope, queries);
    ctx.windows.forEach((w, i) => {
      ctx.acc.add(w.date, 'opened', counts[2 * i]!);
      ctx.acc.add(w.date, 'closed_unmerged', counts[2 * i + 1]!);
    });
    const merged = await searchAll(client, scope, 'is:pr is:merged', 'merged', from, to, ctx.timeZone);
    for (const pr of merged) {
      const mergedAt = ms(pr.pull_request?.merged_at);
      const date = ctx.days.dateOf(mergedAt);
      if (!date) continue;
      const seconds = Math.max(0, (mergedAt - ms(pr.created_at)) / 1000);
      ctx.acc.add(date, 'merged', 1);
      ctx.acc.add(date, 'merge_seconds', seconds);
      ctx.acc.addToBuckets(date, MERGE_BUCKETS, seconds);
    }
  },
};
