import { z } from 'zod';
import { bucketComponents, type KpiDefinition } from '../../kpi.js';
import { mapLimit } from '../../concurrency.js';
import { deliveredChanges } from './changes.js';
import { explainAccess } from './access.js';
import { rangeOf, type GithubRun } from './context.js';
import { DELIVERY_BUCKETS, deliveryFields, type DeliveryParams } from './delivery-params.js';
import { deploymentHistory, successesByEnvironment } from './deployment-history.js';

const params = z.strictObject(deliveryFields);

export const leadTime: KpiDefinition<GithubRun, DeliveryParams> = {
  id: 'github.lead_time',
  definition:
    'DORA lead time for changes: commits that reached production per day, and the time from commit to successful deployment.',
  unit: 'seconds',
  components: [
    {
      name: 'commits',
      description: 'Commits first deployed to production by a deployment that succeeded that day',
      unit: 'count',
    },
    {
      name: 'seconds',
      description: "Sum over those commits of the deployment's success time − the commit's committer date",
      unit: 'seconds',
    },
    ...bucketComponents(DELIVERY_BUCKETS, 'Commits deployed that day', 'seconds'),
  ],
  derived: [
    {
      name: 'avg_seconds',
      description: 'Average lead time for changes',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['seconds'],
      denominator: ['commits'],
    },
    {
      name: 'p50_seconds',
      description: 'Median lead time for changes (DORA reports the median; from buckets)',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.5,
      buckets: 'le_',
      total: ['commits'],
    },
    {
      name: 'p90_seconds',
      description: '90th percentile of lead time for changes (from buckets)',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.9,
      buckets: 'le_',
      total: ['commits'],
    },
  ],
  params,
  notes:
    'DORA\'s lead time for changes: "the amount of time it takes a commit to get into production"; Four Keys takes, per ' +
    'deployment, the commits since the previous deployment and their commit times, and reports the median. Here, per ' +
    'repository and environment, the successful deployments (see github.deployments for what a deployment is, and its ' +
    'params, which this KPI shares) are ordered by the time of their success; the commits of one are those reachable from ' +
    'its commit and from neither the previous successful deployment nor any earlier one in the range, listed with the ' +
    'compare API (base...head, paged past 250 commits), so a redeploy of the same commit or a rollback adds none and no ' +
    'commit counts twice within the range collected (a commit rolled back in one run and deployed again in a later one counts again). Each counts on the day (run time zone) of the success status, with seconds = that time − the ' +
    "commit's committer date (the date it was made on its branch; a rebase or squash on GitHub sets it; the author date " +
    'is not used), at least 0; buckets le_<s> from an hour to 30 days (p50 beyond 30 days reads "> 2592000"). The ' +
    'previous deployment of the first one in the range is read too (one extra page at most); with none, the first ' +
    "deployment's commits are not counted (a repository's whole history is never read). When the previous deployment's " +
    'commit is unknown to GitHub (a force-push) or not an ancestor (history rewritten), that deployment is not counted and ' +
    'a warning names it. The token needs deployments: read and contents: read.',
  fillZeros: true,
  async collect(ctx) {
    const run = ctx.run;
    const range = rangeOf(ctx);
    const history = await deploymentHistory(run, ctx.params, range, ctx.timeZone);
    const work = [...history.values()].flatMap((records) =>
      [...successesByEnvironment(records)].map(([environment, successes]) => ({ environment, successes })),
    );
    let done = 0;
    await mapLimit(
      work,
      run.settings.concurrency,
      async ({ environment, successes }) => {
        const repo = successes[0]!.repo;
        let changes;
        try {
          changes = await deliveredChanges({
            client: run.client,
            repo,
            environment,
            successes,
            from: range.from,
            to: range.to,
            warn: (m) => ctx.log.warning(m),
          });
        } catch (e) {
          throw explainAccess(e, repo.fullName, 'commits (compare)', 'contents: read');
        }
        for (const { deployment, commits } of changes) {
          const at = deployment.final!.at;
          const date = ctx.days.dateOf(at);
          if (!date) continue;
          for (const c of commits) {
            const seconds = Number.isFinite(c.committed) ? Math.max(0, (at - c.committed) / 1000) : 0;
            ctx.acc.add(date, 'commits', 1);
            ctx.acc.add(date, 'seconds', seconds);
            ctx.acc.addToBuckets(date, DELIVERY_BUCKETS, seconds);
          }
        }
        ctx.progress?.(++done, work.length, 'repository environments');
      },
      ctx.signal,
    );
  },
};
