import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import { mapLimit } from '../../concurrency.js';
import { explainAccess } from './access.js';
import type { GithubClient } from './client.js';
import { rangeOf, type GithubRun } from './context.js';
import type { Repo } from './scope.js';
import { RESULT_CAP, slicesFor } from './search.js';
import { ms, searchRange, splitWindow } from './time.js';

export const FAILED_CONCLUSIONS = ['failure', 'timed_out', 'startup_failure'] as const;

export interface Run {
  name: string | null;
  path: string;
  conclusion: string | null;
  run_started_at: string;
  updated_at: string;
}
interface RunsPage {
  total_count: number;
  workflow_runs: Run[];
}

const params = z.strictObject({
  workflows: z
    .array(z.string().min(1))
    .default([])
    .describe('Workflows to count, by name or file (ci.yml or .github/workflows/ci.yml); empty: all.'),
  lookback_hours: z
    .number()
    .int()
    .min(0)
    .max(24 * 35)
    .default(24)
    .describe(
      'Runs created up to this long before a day and completed on it are counted (runs longer than this are missed).',
    ),
});
type Params = z.infer<typeof params>;

function workflowMatcher(workflows: readonly string[]): (run: Pick<Run, 'name' | 'path'>) => boolean {
  if (workflows.length === 0) return () => true;
  const wanted = new Set(workflows.map((w) => w.toLowerCase()));
  return (run) => {
    const path = run.path.toLowerCase().replace(/@.*$/, '');
    const file = path.split('/').pop() ?? path;
    return wanted.has((run.name ?? '').toLowerCase()) || wanted.has(path) || wanted.has(file);
  };
}

/** Thrown by a listing that stops because another repository's listing already failed the KPI. */
class Stopped extends Error {
  override name = 'Stopped';
}

/**
 * Every completed run of a repository created in [a, b), split wherever a window reaches the 1,000 cap.
 * `stop()` is checked before each further page or window: once true, the listing throws Stopped.
 */
export async function listRuns(
  client: GithubClient,
  repo: Repo,
  a: number,
  b: number,
  timeZone: string,
  out: Run[],
  stop: () => boolean,
): Promise<void> {
  if (stop()) throw new Stopped('stopped: another repository failed');
  const created = searchRange(a, b, timeZone);
  const query = {
    owner: repo.owner,
    repo: repo.name,
    created,
    status: 'completed',
    exclude_pull_requests: true,
  };
  let total = 0;
  let split = false;
  const pageRuns: Run[] = [];
  await client.paginate<RunsPage>('GET /repos/{owner}/{repo}/actions/runs', query, (page, n) => {
    if (stop()) throw new Stopped('stopped: another repository failed');
    if (n === 1) {
      total = page.total_count;
      if (total >= RESULT_CAP && b - a > 1000) {
        split = true;
        return false;
      }
    }
    pageRuns.push(...page.workflow_runs);
  });
  if (split) {
    for (const [x, y] of splitWindow(a, b, slicesFor(total)))
      await listRuns(client, repo, x, y, timeZone, out, stop);
    return;
  }
  if (total >= RESULT_CAP)
    throw new Error(`${repo.fullName}: more than ${RESULT_CAP} workflow runs created within one second`);
  out.push(...pageRuns);
}

export const workflowRuns: KpiDefinition<GithubRun, Params> = {
  id: 'github.workflow_runs',
  definition:
    'GitHub Actions workflow runs completed per day: how many, how many failed, and how long they took.',
  unit: 'count',
  components: [
    { name: 'count', description: 'Workflow runs completed that day', unit: 'count' },
    {
      name: 'failed',
      description: 'Of those, runs that concluded failure, timed_out or startup_failure',
      unit: 'count',
    },
    { name: 'seconds', description: 'Sum of run_started_at→updated_at of those runs', unit: 'seconds' },
  ],
  derived: [
    {
      name: 'failure_rate',
      description: 'Share of completed runs that failed',
      unit: 'ratio',
      kind: 'ratio',
      numerator: ['failed'],
      denominator: ['count'],
    },
    {
      name: 'avg_seconds',
      description: 'Average run duration',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['seconds'],
      denominator: ['count'],
    },
  ],
  params,
  notes:
    'A run counts on the day (run time zone) of its updated_at, which for a completed run is when it completed (its latest ' +
    'attempt). Cancelled, skipped and successful runs count in count but not in failed. seconds is updated_at − run_started_at ' +
    '(the latest attempt). Runs are listed per repository (GET /repos/{owner}/{repo}/actions/runs?status=completed&created=…), ' +
    'created from lookback_hours before the range; a run created earlier than that is not seen. The workflows param keeps ' +
    'runs whose workflow name, file name or path matches. The token needs actions: read.',
  fillZeros: true,
  async collect(ctx) {
    const { client, scope, settings } = ctx.run;
    const { from, to } = rangeOf(ctx);
    const match = workflowMatcher(ctx.params.workflows);
    const lookback = ctx.params.lookback_hours * 3_600_000;
    // The first failure fails the KPI: no repository is started after it, and listings under way stop
    // before their next request (mapLimit rethrows that first failure once they have settled).
    let failed = false;
    let reposDone = 0;
    const stop = (): boolean => failed;
    const each = async (repo: Repo): Promise<void> => {
      const runs: Run[] = [];
      try {
        await listRuns(client, repo, from - lookback, to, ctx.timeZone, runs, stop);
      } catch (e) {
        failed = true;
        throw explainAccess(e, repo.fullName, 'Actions workflow runs', 'actions: read');
      }
      for (const run of runs) {
        if (!match(run)) continue;
        const done = ms(run.updated_at);
        const date = ctx.days.dateOf(done);
        if (!date) continue;
        ctx.acc.add(date, 'count', 1);
        if ((FAILED_CONCLUSIONS as readonly string[]).includes(run.conclusion ?? ''))
          ctx.acc.add(date, 'failed', 1);
        const started = ms(run.run_started_at);
        if (started <= done) ctx.acc.add(date, 'seconds', (done - started) / 1000);
      }
      ctx.progress?.(++reposDone, scope.repos.length, 'repositories');
    };
    await mapLimit(scope.repos, settings.concurrency, each, ctx.signal);
  },
};
