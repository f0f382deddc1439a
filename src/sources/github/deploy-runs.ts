import { mapLimit } from '../../concurrency.js';
import { explainAccess } from './access.js';
import type { GithubRun } from './context.js';
import type { DeploymentHistory, DeploymentRecord } from './deployment-history.js';
import type { Repo } from './scope.js';
import { ms } from './time.js';
import { FAILED_CONCLUSIONS, listRuns, type Run } from './workflow-runs.js';

/** The fields of a workflow run this reads besides those of workflow_runs. */
type DeployRun = Run & { id: number; head_branch: string | null; head_sha: string; created_at: string };

/** Default branch names of the scope, 50 repositories per GraphQL request. */
async function defaultBranches(run: GithubRun): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  const repos = run.scope.repos;
  for (let i = 0; i < repos.length; i += 50) {
    const batch = repos.slice(i, i + 50);
    const vars = batch.map((_, j) => `$o${j}: String!, $n${j}: String!`).join(', ');
    const fields = batch
      .map((_, j) => `r${j}: repository(owner: $o${j}, name: $n${j}) { defaultBranchRef { name } }`)
      .join('\n  ');
    const variables = Object.fromEntries(
      batch.flatMap((r, j) => [
        [`o${j}`, r.owner],
        [`n${j}`, r.name],
      ]),
    );
    const data = await run.client.graphqlStrict<
      Record<string, { defaultBranchRef: { name: string } | null }>
    >(`query (${vars}) {\n  ${fields}\n}`, variables);
    batch.forEach((r, j) => out.set(r.fullName, data[`r${j}`]?.defaultBranchRef?.name));
  }
  return out;
}

/**
 * Deploy workflows as deployments, for teams without environments: completed runs of the named workflow files on
 * the default branch, listed per repository like github.workflow_runs (created from `since`, split at the 1,000
 * cap). A run's outcome is its latest attempt's: success, or failure / timed_out / startup_failure (a failed
 * deployment); cancelled and other conclusions are neither. Its day is that of updated_at (completion).
 */
export async function listDeployRuns(
  run: GithubRun,
  workflows: readonly string[],
  since: number,
  range: { from: number; to: number },
  timeZone: string,
): Promise<DeploymentHistory> {
  const files = new Set(workflows.map((w) => w.toLowerCase()));
  const branches = await defaultBranches(run);
  const out: DeploymentHistory = new Map();
  let failed = false;
  const each = async (repo: Repo): Promise<void> => {
    const runs: Run[] = [];
    try {
      await listRuns(run.client, repo, since, range.to, timeZone, runs, () => failed);
    } catch (e) {
      failed = true;
      throw explainAccess(e, repo.fullName, 'Actions workflow runs', 'actions: read');
    }
    const records: DeploymentRecord[] = [];
    for (const r of runs as DeployRun[]) {
      const file = (r.path.replace(/@.*$/, '').split('/').pop() ?? '').toLowerCase();
      if (!files.has(file) || r.head_branch !== branches.get(repo.fullName)) continue;
      const conclusion = r.conclusion ?? '';
      const outcome =
        conclusion === 'success'
          ? 'success'
          : (FAILED_CONCLUSIONS as readonly string[]).includes(conclusion)
            ? 'failure'
            : undefined;
      records.push({
        repo,
        environment: `workflow:${file}`,
        id: r.id,
        sha: r.head_sha,
        created: ms(r.created_at),
        final: outcome ? { state: outcome, at: ms(r.updated_at) } : undefined,
      });
    }
    out.set(
      repo.fullName,
      records.sort((a, b) => b.created - a.created),
    );
  };
  await mapLimit(run.scope.repos, run.settings.concurrency, each, run.client.signal);
  return out;
}
