import { z } from 'zod';
import { bucketComponents, type KpiDefinition } from '../../kpi.js';
import { rangeOf, type GithubRun } from './context.js';
import { DELIVERY_BUCKETS, deliveryFields } from './delivery-params.js';
import { deploymentHistory, type DeploymentRecord } from './deployment-history.js';
import { countMany, searchAll } from './search.js';
import { ms, searchRange } from './time.js';

/**
 * GitHub refuses search queries over 256 characters; the scope takes up to 146 of them (scope.ts) and
 * `is:issue created:<range with offsets>` 71 more: the label qualifier gets the rest.
 */
const LABELS_MAX_CHARS = 39;

/** `label:"a","b"`: any of the labels (GitHub's comma syntax is a logical OR). */
function labelQualifier(labels: readonly string[]): string {
  return `label:${labels.map((l) => `"${l}"`).join(',')}`;
}

const params = z.strictObject({
  labels: z
    .array(
      z
        .string()
        .regex(/^[^\s",]{1,50}$/, 'is not a label this KPI can search for (no spaces, commas or quotes)'),
    )
    .min(1)
    .max(5)
    .refine((labels) => labelQualifier(labels).length <= LABELS_MAX_CHARS, {
      message: `together take more than the ${LABELS_MAX_CHARS} characters a search query leaves them (label:"a","b"); use fewer or shorter labels`,
    })
    .default(['incident'])
    .describe(
      'Labels that mark an incident issue (any of them; matched case-insensitively, as GitHub search does).',
    ),
  from_deployments: z
    .boolean()
    .default(false)
    .describe(
      'Also count each failed deployment as an incident, resolved by the next successful deployment to the same environment.',
    ),
  ...deliveryFields,
});
type Params = z.infer<typeof params>;

/** Each failed deployment with the next success of its repository and environment, if any. */
function deploymentIncidents(
  records: readonly DeploymentRecord[],
): Array<{ failed: number; restored?: number }> {
  const byEnv = new Map<string, DeploymentRecord[]>();
  for (const r of records) {
    if (!r.final) continue;
    if (!byEnv.has(r.environment)) byEnv.set(r.environment, []);
    byEnv.get(r.environment)!.push(r);
  }
  const out: Array<{ failed: number; restored?: number }> = [];
  for (const list of byEnv.values()) {
    list.sort((a, b) => a.final!.at - b.final!.at);
    list.forEach((r, i) => {
      if (r.final!.state !== 'failure') return;
      const next = list.slice(i + 1).find((x) => x.final!.state === 'success');
      out.push({ failed: r.final!.at, restored: next?.final!.at });
    });
  }
  return out;
}

export const incidents: KpiDefinition<GithubRun, Params> = {
  id: 'github.incidents',
  definition:
    'DORA time to restore service: incident issues opened and resolved per day, and the time from opening to resolution.',
  unit: 'count',
  components: [
    { name: 'opened', description: 'Incidents opened that day', unit: 'count' },
    { name: 'resolved', description: 'Incidents resolved that day', unit: 'count' },
    {
      name: 'restore_seconds',
      description: 'Sum of opened→resolved of the incidents resolved that day',
      unit: 'seconds',
    },
    ...bucketComponents(DELIVERY_BUCKETS, 'Incidents resolved that day', 'seconds'),
  ],
  derived: [
    {
      name: 'avg_restore_seconds',
      description: 'Mean time to restore',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['restore_seconds'],
      denominator: ['resolved'],
    },
    {
      name: 'p50_restore_seconds',
      description: 'Median time to restore (from buckets)',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.5,
      buckets: 'le_',
      total: ['resolved'],
    },
  ],
  params,
  notes:
    'DORA\'s time to restore service ("how long it takes an organization to recover from a failure in production", since ' +
    '2023 failed deployment recovery time); Four Keys reads incidents from issues labelled as incidents and measures ' +
    'creation to resolution. Here an incident is an issue (not a pull request) with any of `labels` (default incident; ' +
    'case-insensitive), summed over the scope. opened counts on the day (run time zone) of created_at; resolved and ' +
    'restore_seconds (closed_at − created_at) on the day of closed_at, which for an issue reopened and closed again is its ' +
    'last close; an incident open now is not resolved, whenever it was closed before. With from_deployments, each failed ' +
    'deployment (see github.deployments and its params, shared here) is an incident too, opened at its failure and ' +
    'resolved by the next successful deployment to the same environment. Counts come from GraphQL issueCount (30 per ' +
    'request); resolved incidents are listed once for the range with search (`is:issue label:"incident" closed:…`), split ' +
    'at the 1,000-result cap. Change failure rate is github.deployments.change_failure_rate. The token needs issues: read.',
  fillZeros: true,
  async collect(ctx) {
    const run = ctx.run;
    const { client, scope } = run;
    const range = rangeOf(ctx);
    const label = labelQualifier(ctx.params.labels);
    const counts = await countMany(
      client,
      scope,
      ctx.windows.map((w) => `is:issue ${label} created:${searchRange(w.start, w.end, ctx.timeZone)}`),
    );
    ctx.windows.forEach((w, i) => ctx.acc.add(w.date, 'opened', counts[i]!));
    const resolve = (opened: number, closed: number): void => {
      const date = ctx.days.dateOf(closed);
      if (!date) return;
      const seconds = Math.max(0, (closed - opened) / 1000);
      ctx.acc.add(date, 'resolved', 1);
      ctx.acc.add(date, 'restore_seconds', seconds);
      ctx.acc.addToBuckets(date, DELIVERY_BUCKETS, seconds);
    };
    const closed = await searchAll(
      client,
      scope,
      `is:issue ${label}`,
      'closed',
      range.from,
      range.to,
      ctx.timeZone,
    );
    for (const issue of closed) {
      if (issue.pull_request) continue;
      resolve(ms(issue.created_at), ms(issue.closed_at));
    }
    if (!ctx.params.from_deployments) return;
    const history = await deploymentHistory(run, ctx.params, range, ctx.timeZone);
    for (const records of history.values()) {
      for (const incident of deploymentIncidents(records)) {
        const date = ctx.days.dateOf(incident.failed);
        if (date) ctx.acc.add(date, 'opened', 1);
        if (incident.restored !== undefined) resolve(incident.failed, incident.restored);
      }
    }
  },
};
