import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import { rangeOf, type GithubRun } from './context.js';
import { deliveryFields, type DeliveryParams } from './delivery-params.js';
import { deploymentHistory } from './deployment-history.js';

const params = z.strictObject(deliveryFields);

export const deployments: KpiDefinition<GithubRun, DeliveryParams> = {
  id: 'github.deployments',
  definition:
    'DORA deployment frequency and change failure rate: deployments to production per day of their outcome, succeeded and failed.',
  unit: 'count',
  components: [
    {
      name: 'succeeded',
      description: 'Deployments to production whose final status that day was success',
      unit: 'count',
    },
    {
      name: 'failed',
      description: 'Deployments to production whose final status that day was failure or error',
      unit: 'count',
    },
    {
      name: 'collected_days',
      description: 'Days collected (1 a day): the denominator of deployments per day',
      unit: 'days',
    },
  ],
  derived: [
    {
      name: 'per_day',
      description: 'Deployment frequency: successful deployments per day over the period',
      unit: 'count',
      kind: 'ratio',
      numerator: ['succeeded'],
      denominator: ['collected_days'],
    },
    {
      name: 'change_failure_rate',
      description: 'Share of deployments that failed: failed / (succeeded + failed)',
      unit: 'ratio',
      kind: 'ratio',
      numerator: ['failed'],
      denominator: ['succeeded', 'failed'],
    },
  ],
  params,
  notes:
    'DORA\'s deployment frequency ("how often an organization successfully releases to production") and change failure ' +
    'rate ("the percentage of deployments causing a failure in production"); Four Keys counts deployments from ' +
    'deployment events the same way. A deployment is a GitHub deployment to one of `environments` (default production, ' +
    'prod; a GitHub Actions job with `environment:` creates one). It counts once, on the day (run time zone) of its final ' +
    'status: the last success, failure or error status (error counts as failed); a later inactive, which GitHub sets when ' +
    'a newer deployment succeeds, does not change it, and a deployment still queued or in progress counts when it ends. ' +
    'With `workflows` (deploy.yml …), completed runs of those workflow files on the default branch are the deployments, on ' +
    'the day they completed (latest attempt): success succeeded; failure, timed_out, startup_failure failed; cancelled and ' +
    'skipped neither. Deployments created up to lookback_days before the range are read. Deployment frequency is ' +
    'per_day, successful deployments per day of the period (a week: × 7); collected_days counts the days collected, so a span with ' +
    'missing days is not diluted. Read with GraphQL repository.deployments(environments:, orderBy: CREATED_AT DESC), 25 ' +
    'repositories a request. The token needs deployments: read (workflows: actions: read).',
  fillZeros: true,
  async collect(ctx) {
    const run = ctx.run;
    const range = rangeOf(ctx);
    const history = await deploymentHistory(run, ctx.params, range, ctx.timeZone);
    for (const w of ctx.windows) ctx.acc.add(w.date, 'collected_days', 1);
    for (const records of history.values()) {
      for (const r of records) {
        if (!r.final) continue;
        const date = ctx.days.dateOf(r.final.at);
        if (date) ctx.acc.add(date, r.final.state === 'success' ? 'succeeded' : 'failed', 1);
      }
    }
  },
};
