import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import { rangeOf, type GithubRun } from './context.js';
import { countMany, searchAll } from './search.js';
import { ms, searchRange } from './time.js';

const params = z.strictObject({});

export const issues: KpiDefinition<GithubRun, z.infer<typeof params>> = {
  id: 'github.issues',
  definition:
    'Issues opened and closed per day, and the time from opening to close (pull requests excluded).',
  unit: 'count',
  components: [
    { name: 'opened', description: 'Issues created that day', unit: 'count' },
    { name: 'closed', description: 'Issues closed that day', unit: 'count' },
    {
      name: 'close_seconds',
      description: 'Sum of created→closed of the issues closed that day',
      unit: 'seconds',
    },
  ],
  derived: [
    {
      name: 'avg_close_seconds',
      description: 'Average time to close',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['close_seconds'],
      denominator: ['closed'],
    },
  ],
  params,
  notes:
    'Summed over the scope; pull requests are not issues here (is:issue). opened counts on the day of created_at; closed and ' +
    'close_seconds (closed_at − created_at) on the day of closed_at, any close reason (completed or not planned). An issue ' +
    'reopened since no longer has a closed_at and does not count as closed. Transferred issues count in their current repository.',
  fillZeros: true,
  async collect(ctx) {
    const { client, scope } = ctx.run;
    const { from, to } = rangeOf(ctx);
    const counts = await countMany(
      client,
      scope,
      ctx.windows.map((w) => `is:issue created:${searchRange(w.start, w.end, ctx.timeZone)}`),
    );
    ctx.windows.forEach((w, i) => ctx.acc.add(w.date, 'opened', counts[i]!));
    const closed = await searchAll(client, scope, 'is:issue', 'closed', from, to, ctx.timeZone);
    for (const issue of closed) {
      if (issue.pull_request) continue;
      const closedAt = ms(issue.closed_at);
      const date = ctx.days.dateOf(closedAt);
      if (!date) continue;
      ctx.acc.add(date, 'closed', 1);
      ctx.acc.add(date, 'close_seconds', Math.max(0, (closedAt - ms(issue.created_at)) / 1000));
    }
  },
};
