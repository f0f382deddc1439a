import type { GithubClient } from './client.js';
import { compareCommits, type ComparedCommit } from './compare.js';
import type { DeploymentRecord } from './deployment-history.js';
import type { Repo } from './scope.js';

/** The commits a successful deployment brought to the environment first. */
interface DeliveredChange {
  deployment: DeploymentRecord;
  commits: ComparedCommit[];
}

const short = (sha: string): string => sha.slice(0, 7);

/**
 * The commits each successful deployment of one repository and environment delivered first, for the deployments
 * whose success is in [from, to). `successes` are every success read, in the order of their success.
 *
 * The base is the last success before the range. The commits of a deployment are those reachable from its commit
 * and from neither the base nor an earlier deployment in the range: a redeploy of the same commit or a rollback
 * delivers nothing, and no commit counts twice. One compare of base...(last deployment) lists them all when the
 * deployments lie on one line of history (the usual case); a deployment outside it gets its own compare.
 *
 * When the base is unknown to GitHub (404: a force-push left it unreachable) or is not an ancestor of the
 * deployment (diverged: history was rewritten), that deployment's commits are not counted — a warning says so —
 * and it becomes the base of the next. With no success before the range, the first one is the base: its commits
 * are not counted (a repository's whole history is never read).
 */
export async function deliveredChanges(o: {
  client: GithubClient;
  repo: Repo;
  environment: string;
  successes: readonly DeploymentRecord[];
  from: number;
  to: number;
  warn: (message: string) => void;
}): Promise<DeliveredChange[]> {
  const inRange = o.successes.filter((d) => d.final!.at >= o.from && d.final!.at < o.to);
  if (inRange.length === 0) return [];
  const before = o.successes.filter((d) => d.final!.at < o.from);
  const where = `${o.repo.fullName} (${o.environment})`;
  let base = before[before.length - 1]?.sha;
  let start = 0;
  if (!base) {
    o.warn(
      `github.lead_time: ${where}: no successful deployment before ${new Date(inRange[0]!.final!.at).toISOString()} ` +
        `was found, so the commits of that first deployment (${short(inRange[0]!.sha)}) are not counted`,
    );
    base = inRange[0]!.sha;
    start = 1;
  }
  /** Commits known to be reachable from the last usable deployment and not from base, by sha. */
  let graph = new Map<string, ComparedCommit>();
  let covered = new Set<string>();
  let triedLine = false;
  const out: DeliveredChange[] = [];
  const reset = (d: DeploymentRecord, why: string): void => {
    o.warn(
      `github.lead_time: ${where}: ${why}; the commits of the deployment of ${short(d.sha)} ` +
        `(${new Date(d.final!.at).toISOString()}) are not counted, no figure is guessed`,
    );
    base = d.sha;
    graph = new Map();
    covered = new Set();
    triedLine = false;
  };
  for (let i = start; i < inRange.length; i++) {
    const d = inRange[i]!;
    if (d.sha === base || covered.has(d.sha)) {
      out.push({ deployment: d, commits: [] });
      continue;
    }
    if (!graph.has(d.sha) && !triedLine) {
      // Once per base: the whole line up to the last deployment in range, in one listing.
      triedLine = true;
      const last = inRange[inRange.length - 1]!.sha;
      if (last !== d.sha) {
        const line = await compareCommits(o.client, o.repo, base!, last);
        if (line?.status === 'ahead') for (const c of line.commits) graph.set(c.sha, c);
      }
    }
    if (!graph.has(d.sha)) {
      // Not on that line: this deployment alone.
      const cmp = await compareCommits(o.client, o.repo, base!, d.sha);
      if (cmp === undefined) {
        reset(d, `GitHub does not know the commits ${short(base!)}...${short(d.sha)} (404: a force-push?)`);
        continue;
      }
      if (cmp.status === 'diverged') {
        reset(
          d,
          `${short(d.sha)} does not descend from the previous deployment ${short(base!)} (history rewritten)`,
        );
        continue;
      }
      if (cmp.status !== 'ahead') {
        // behind or identical: a rollback or a redeploy, nothing new.
        out.push({ deployment: d, commits: [] });
        continue;
      }
      for (const c of cmp.commits) graph.set(c.sha, c);
    }
    const commits: ComparedCommit[] = [];
    const stack = [d.sha];
    while (stack.length) {
      const sha = stack.pop()!;
      if (covered.has(sha)) continue;
      const c = graph.get(sha);
      if (!c) continue; // reachable from base (or beyond what compare listed): delivered before
      covered.add(sha);
      commits.push(c);
      stack.push(...c.parents);
    }
    out.push({ deployment: d, commits });
  }
  return out;
}
