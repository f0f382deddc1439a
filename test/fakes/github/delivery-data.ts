import { createHash } from 'node:crypto';
import { rng } from '../../helpers/rng.js';
import type { FakeDeployment, FakeDeploymentStatus, FakeGitCommit } from './deployments.js';
import type { FakeIssue } from './server.js';

interface DeliveryOptions {
  seed: number;
  /** owner/name of each repository. */
  repos: string[];
  /** Deployments (and commits) span [from, to); the history starts `historyDays` before from. */
  from: number;
  to: number;
  historyDays?: number;
  /** Production deployments per repository per day (about one: a year of daily deployments). */
  deploysPerDay?: number;
  /** Commits on the default branch per repository per day. */
  commitsPerDay?: number;
  /** Incident issues per repository per day. */
  incidentsPerDay?: number;
}

interface DeliveryData {
  gitCommits: FakeGitCommit[];
  deployments: FakeDeployment[];
  issues: FakeIssue[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * A year (or any span) of delivery history for each repository: a default branch that grows by commits (author date
 * up to three days before the committer date; now and then a merge of a two-commit side branch), a production
 * deployment of the branch tip about daily (queued → in_progress → success, failure or error; one in ten fails and
 * is then retried to success in the same deployment; the previous success turns inactive when a newer one
 * succeeds; some stay in progress), staging deployments that must not count, and incident issues labelled
 * `incident`, `Incident` (case), `incident,sev1` or `outage` (not an incident label by default), some reopened
 * (closed_at is the last close), some still open.
 */
export function generateDelivery(o: DeliveryOptions): DeliveryData {
  const r = rng(o.seed);
  const sec = (t: number): number => Math.floor(t / 1000) * 1000;
  const gitCommits: FakeGitCommit[] = [];
  const deployments: FakeDeployment[] = [];
  const issues: FakeIssue[] = [];
  const start = o.from - (o.historyDays ?? 20) * DAY;
  const days = Math.ceil((o.to - start) / DAY);
  let id = 1;
  let shaN = 1;
  let issueN = 100_000;
  const newSha = (repo: string): string => createHash('sha1').update(`${repo}:${shaN++}`).digest('hex');
  for (const repo of o.repos) {
    const root: FakeGitCommit = {
      repo,
      sha: newSha(repo),
      parents: [],
      authored: start - DAY,
      committed: start - DAY,
    };
    gitCommits.push(root);
    let tip = root;
    let lastSuccess: FakeDeployment | undefined;
    const commit = (at: number, parents: string[]): FakeGitCommit => {
      const c: FakeGitCommit = {
        repo,
        sha: newSha(repo),
        parents,
        committed: sec(at),
        authored: sec(at - r() * 3 * DAY),
      };
      gitCommits.push(c);
      return c;
    };
    for (let d = 0; d < days; d++) {
      const dayStart = start + d * DAY;
      const events: Array<{ at: number; kind: 'commit' | 'deploy' | 'staging' }> = [];
      const nCommits = Math.floor((o.commitsPerDay ?? 3) * 2 * r());
      for (let k = 0; k < nCommits; k++) events.push({ at: sec(dayStart + r() * DAY), kind: 'commit' });
      if (r() < (o.deploysPerDay ?? 1)) events.push({ at: sec(dayStart + r() * DAY), kind: 'deploy' });
      if (r() < 0.3) events.push({ at: sec(dayStart + r() * DAY), kind: 'staging' });
      events.sort((a, b) => a.at - b.at);
      for (const e of events) {
        if (e.at >= o.to) continue;
        if (e.kind === 'commit') {
          if (r() < 0.1) {
            // A merge commit bringing a two-commit side branch.
            const a = commit(e.at - 2 * HOUR, [tip.sha]);
            const b = commit(e.at - HOUR, [a.sha]);
            tip = commit(e.at, [tip.sha, b.sha]);
          } else tip = commit(e.at, [tip.sha]);
          continue;
        }
        const statuses: FakeDeploymentStatus[] = [
          { state: 'queued', created: e.at },
          { state: 'in_progress', created: e.at + 30_000 },
        ];
        const end = sec(e.at + 60_000 + r() * 20 * 60_000);
        const fate = r();
        const unfinished = e.kind === 'deploy' && fate > 0.98 && e.at > o.to - 2 * DAY;
        if (!unfinished) {
          if (fate < 0.1) {
            // Fails, then a re-run of the job succeeds: in_progress → failure → in_progress → success.
            statuses.push(
              { state: 'failure', created: end },
              { state: 'in_progress', created: end + 5 * 60_000 },
              { state: 'success', created: end + 15 * 60_000 },
            );
          } else if (fate < 0.22) statuses.push({ state: 'failure', created: end });
          else if (fate < 0.25) statuses.push({ state: 'error', created: end });
          else statuses.push({ state: 'success', created: end });
        }
        const dep: FakeDeployment = {
          repo,
          id: id++,
          sha: tip.sha,
          environment: e.kind === 'deploy' ? 'production' : 'staging',
          created: e.at,
          statuses,
        };
        deployments.push(dep);
        const final = [...statuses].reverse().find((s) => s.state !== 'queued' && s.state !== 'in_progress');
        if (e.kind === 'deploy' && final?.state === 'success') {
          // auto_inactive: the previous successful deployment to the environment turns inactive.
          lastSuccess?.statuses.push({ state: 'inactive', created: final.created });
          lastSuccess = dep;
        }
      }
      if (r() < (o.incidentsPerDay ?? 0.05)) {
        const created = sec(dayStart + r() * DAY);
        if (created >= o.to) continue;
        const pick = r();
        const labels =
          pick < 0.4
            ? ['incident']
            : pick < 0.6
              ? ['Incident']
              : pick < 0.8
                ? ['incident', 'sev1']
                : ['outage'];
        const issue: FakeIssue = {
          repo,
          number: issueN++,
          user: { login: 'ada', type: 'User' },
          created,
          updated: created,
          labels,
        };
        const fate = r();
        // Closed after 10 minutes to 5 days; a reopened issue carries its last close (GitHub's closed_at).
        if (fate < 0.85) issue.closed = sec(created + 600_000 + r() * 5 * DAY);
        if (issue.closed !== undefined && issue.closed >= o.to) delete issue.closed;
        issue.updated = issue.closed ?? created;
        issues.push(issue);
      }
    }
  }
  return { gitCommits, deployments, issues };
}
