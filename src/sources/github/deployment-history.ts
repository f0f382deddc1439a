import { perRepoGraphql, type Connection } from './batch.js';
import { explainAccess } from './access.js';
import type { GithubClient } from './client.js';
import type { GithubRun } from './context.js';
import { historyKey, type DeliveryParams } from './delivery-params.js';
import { listDeployRuns } from './deploy-runs.js';
import type { Repo } from './scope.js';
import { ms } from './time.js';

/** One deployment of a repository to a production environment (or one run of a deploy workflow). */
export interface DeploymentRecord {
  repo: Repo;
  /** The environment, or `workflow:<file>` for deploy workflows. */
  environment: string;
  id: number;
  /** The deployed commit. */
  sha: string;
  created: number;
  /** Its last success, failure or error status (error counts as failure); undefined while it has none. */
  final?: { state: 'success' | 'failure'; at: number };
}

/** Every deployment read for the run, per repository (`owner/name`), newest first. */
export type DeploymentHistory = Map<string, DeploymentRecord[]>;

interface StatusNode {
  state: string;
  createdAt: string;
}
interface DeploymentNode {
  databaseId: number;
  commitOid: string;
  createdAt: string;
  environment: string | null;
  latestStatus: StatusNode | null;
  statuses: { pageInfo: { hasNextPage: boolean }; nodes: StatusNode[] } | null;
}

/** Repositories per GraphQL request: 25 × 100 deployments × (1 + 10 statuses) ≈ 27,500 nodes, far below 500,000. */
export const DEPLOYMENTS_PER_QUERY = 25;
const STATUSES_INLINE = 10;

/**
 * The final status of a deployment: the latest status whose state is success, failure or error. A later
 * `inactive` (GitHub sets it on older deployments when a newer one succeeds) or a new `in_progress` without an
 * outcome yet does not change it.
 */
function finalStatus(statuses: ReadonlyArray<{ state: string; at: number }>): DeploymentRecord['final'] {
  let best: DeploymentRecord['final'];
  for (const s of statuses) {
    const state = s.state.toLowerCase();
    if (state !== 'success' && state !== 'failure' && state !== 'error') continue;
    if (!Number.isFinite(s.at)) continue;
    if (!best || s.at >= best.at) best = { state: state === 'success' ? 'success' : 'failure', at: s.at };
  }
  return best;
}

/**
 * Whether a repository's listing (newest first) reached far enough back: past `since` (the range start less the
 * look-back), and, for every environment with a success at or after `from`, to a success before `from` (the base of
 * the lead time and the end of incidents opened before the range).
 */
function readEnough(records: readonly DeploymentRecord[], since: number, from: number): boolean {
  const oldest = records[records.length - 1];
  if (!oldest || oldest.created >= since) return false;
  const needBase = new Set<string>();
  const hasBase = new Set<string>();
  for (const r of records) {
    if (r.final?.state !== 'success') continue;
    if (r.final.at >= from) needBase.add(r.environment);
    else hasBase.add(r.environment);
  }
  for (const env of needBase) if (!hasBase.has(env)) return false;
  return true;
}

/** Every status of a deployment, by REST (when it has more than the inline ones). */
async function allStatuses(
  client: GithubClient,
  repo: Repo,
  id: number,
): Promise<Array<{ state: string; at: number }>> {
  const out: Array<{ state: string; at: number }> = [];
  await client.paginate<Array<{ state: string; created_at: string }>>(
    'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    { owner: repo.owner, repo: repo.name, deployment_id: id },
    (page) => {
      for (const s of page) out.push({ state: s.state, at: ms(s.created_at) });
    },
  );
  return out;
}

/**
 * Reads the deployments to the given environments of every repository with GraphQL (`repository.deployments(
 * environments:, orderBy: {CREATED_AT, DESC})`, 100 a page, DEPLOYMENTS_PER_QUERY repositories a request, with
 * their latest status and first statuses inline), from the newest back to the range start less the look-back and
 * to the last success before the range; statuses beyond the inline ones come from REST.
 */
async function readDeployments(
  run: GithubRun,
  environments: readonly string[],
  since: number,
  from: number,
): Promise<DeploymentHistory> {
  const { client, scope } = run;
  const out: DeploymentHistory = new Map(scope.repos.map((r) => [r.fullName, []]));
  const moreStatuses: Array<{ repo: Repo; record: DeploymentRecord }> = [];
  await perRepoGraphql<DeploymentNode>(client, scope.repos, {
    size: DEPLOYMENTS_PER_QUERY,
    sharedVars: '$envs: [String!]',
    sharedValues: { envs: environments },
    selection: (after) =>
      `deployments(first: 100, after: ${after}, environments: $envs, orderBy: {field: CREATED_AT, direction: DESC}) { ` +
      'pageInfo { hasNextPage endCursor } nodes { databaseId commitOid createdAt environment ' +
      `latestStatus { state createdAt } statuses(first: ${STATUSES_INLINE}) { pageInfo { hasNextPage } nodes { state createdAt } } } }`,
    connection: (r) => (r as { deployments?: Connection<DeploymentNode> } | null)?.deployments,
    onNodes: (repo, nodes) => {
      const records = out.get(repo.fullName)!;
      for (const n of nodes) {
        const statuses = [...(n.statuses?.nodes ?? []), ...(n.latestStatus ? [n.latestStatus] : [])].map(
          (s) => ({ state: s.state, at: ms(s.createdAt) }),
        );
        const record: DeploymentRecord = {
          repo,
          environment: n.environment ?? '',
          id: n.databaseId,
          sha: n.commitOid,
          created: ms(n.createdAt),
          final: finalStatus(statuses),
        };
        records.push(record);
        if (n.statuses?.pageInfo.hasNextPage) moreStatuses.push({ repo, record });
      }
      return !readEnough(records, since, from);
    },
    what: 'deployments',
    permission: 'deployments: read',
  });
  for (const { repo, record } of moreStatuses) {
    try {
      record.final = finalStatus(await allStatuses(client, repo, record.id));
    } catch (e) {
      throw explainAccess(e, repo.fullName, 'deployment statuses', 'deployments: read');
    }
  }
  return out;
}

const cache = new WeakMap<GithubRun, Map<string, Promise<DeploymentHistory>>>();

/**
 * The deployment history of the run for these params, read once and shared by the KPIs that use the same
 * definition (github.deployments, github.lead_time, github.incidents with from_deployments).
 */
export function deploymentHistory(
  run: GithubRun,
  params: DeliveryParams,
  range: { from: number; to: number },
  timeZone: string,
): Promise<DeploymentHistory> {
  let perRun = cache.get(run);
  if (!perRun) cache.set(run, (perRun = new Map()));
  const key = `${historyKey(params)}|${range.from}|${range.to}|${timeZone}`;
  let pending = perRun.get(key);
  if (!pending) {
    const since = range.from - params.lookback_days * 86_400_000;
    pending = params.workflows.length
      ? listDeployRuns(run, params.workflows, since, range, timeZone)
      : readDeployments(run, params.environments, since, range.from);
    // A failed read is not kept: the next KPI gets its own attempt and its own error.
    pending.catch(() => perRun.delete(key));
    perRun.set(key, pending);
  }
  return pending;
}

/** The successful deployments of one repository and environment, in the order of their success. */
export function successesByEnvironment(
  records: readonly DeploymentRecord[],
): Map<string, DeploymentRecord[]> {
  const out = new Map<string, DeploymentRecord[]>();
  for (const r of records) {
    if (r.final?.state !== 'success') continue;
    if (!out.has(r.environment)) out.set(r.environment, []);
    out.get(r.environment)!.push(r);
  }
  for (const list of out.values()) list.sort((a, b) => a.final!.at - b.final!.at || a.created - b.created);
  return out;
}
