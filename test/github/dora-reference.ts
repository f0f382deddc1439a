/**
 * DORA figures computed straight from the fake's data by the KPIs' written rules, without the source's code: the
 * expectations of the DORA tests. Dates come from Intl (localDate), deployments' outcomes from their statuses in
 * the order they were created, commits from walking the git graph.
 */
import type { FakeData } from '../fakes/github/server.js';

export const DORA_BUCKETS = [
  3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2592000,
];

interface DoraOptions {
  environments?: string[];
  labels?: string[];
  inScope?: (repo: string) => boolean;
  fromDeployments?: boolean;
}

/** The last success, failure or error status, as the statuses were created; error is a failure. */
export function outcome(
  statuses: ReadonlyArray<{ state: string; created: number }>,
): { ok: boolean; at: number } | undefined {
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i]!;
    if (s.state === 'success') return { ok: true, at: s.created };
    if (s.state === 'failure' || s.state === 'error') return { ok: false, at: s.created };
  }
  return undefined;
}

/** The local date of an instant, straight from Intl (one formatter per zone: building one is slow). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function localDate(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(ms));
}

export function doraReference(
  data: FakeData,
  dates: readonly string[],
  timeZone: string,
  o: DoraOptions = {},
): Map<string, Map<string, number>> {
  const envs = o.environments ?? ['production', 'prod'];
  const labels = (o.labels ?? ['incident']).map((l) => l.toLowerCase());
  const inScope = o.inScope ?? (() => true);
  const wanted = new Set(dates);
  const out = new Map<string, Map<string, number>>(dates.map((d) => [d, new Map()]));
  const add = (t: number, variable: string, v: number): void => {
    const d = localDate(t, timeZone);
    if (!wanted.has(d)) return;
    const m = out.get(d)!;
    m.set(variable, (m.get(variable) ?? 0) + v);
  };
  const buckets = (t: number, kpi: string, seconds: number): void => {
    for (const b of DORA_BUCKETS) if (seconds <= b) add(t, `${kpi}.le_${b}`, 1);
  };
  for (const d of dates) out.get(d)!.set('github.deployments.collected_days', 1);

  const parents = new Map<string, string[]>();
  const committed = new Map<string, number>();
  for (const c of data.gitCommits ?? []) {
    parents.set(`${c.repo}@${c.sha}`, c.parents);
    committed.set(`${c.repo}@${c.sha}`, c.committed);
  }
  // Per repository and environment: its finished deployments in the order they finished.
  const lines = new Map<string, Array<{ sha: string; repo: string; ok: boolean; at: number }>>();
  for (const dep of data.deployments ?? []) {
    if (!inScope(dep.repo) || !envs.includes(dep.environment)) continue;
    const end = outcome(dep.statuses);
    if (!end) continue;
    add(end.at, end.ok ? 'github.deployments.succeeded' : 'github.deployments.failed', 1);
    const key = `${dep.repo}|${dep.environment}`;
    if (!lines.has(key)) lines.set(key, []);
    lines.get(key)!.push({ sha: dep.sha, repo: dep.repo, ok: end.ok, at: end.at });
  }
  for (const line of lines.values()) {
    line.sort((a, b) => a.at - b.at);
    // Lead time: the commits reachable from a success and from no earlier success; the first success has no base.
    const covered = new Set<string>();
    let first = true;
    for (const dep of line.filter((x) => x.ok)) {
      const fresh: string[] = [];
      const stack = [dep.sha];
      while (stack.length) {
        const sha = stack.pop()!;
        if (covered.has(sha)) continue;
        covered.add(sha);
        fresh.push(sha);
        stack.push(...(parents.get(`${dep.repo}@${sha}`) ?? []));
      }
      if (first) {
        first = false;
        continue;
      }
      for (const sha of fresh) {
        const seconds = Math.max(0, (dep.at - committed.get(`${dep.repo}@${sha}`)!) / 1000);
        add(dep.at, 'github.lead_time.commits', 1);
        add(dep.at, 'github.lead_time.seconds', seconds);
        buckets(dep.at, 'github.lead_time', seconds);
      }
    }
    if (o.fromDeployments) {
      line.forEach((dep, i) => {
        if (dep.ok) return;
        add(dep.at, 'github.incidents.opened', 1);
        const next = line.slice(i + 1).find((x) => x.ok);
        if (!next) return;
        const seconds = (next.at - dep.at) / 1000;
        add(next.at, 'github.incidents.resolved', 1);
        add(next.at, 'github.incidents.restore_seconds', seconds);
        buckets(next.at, 'github.incidents', seconds);
      });
    }
  }
  for (const issue of data.issues) {
    if (!inScope(issue.repo)) continue;
    if (!(issue.labels ?? []).some((l) => labels.includes(l.toLowerCase()))) continue;
    add(issue.created, 'github.incidents.opened', 1);
    if (issue.closed === undefined) continue;
    const seconds = (issue.closed - issue.created) / 1000;
    add(issue.closed, 'github.incidents.resolved', 1);
    add(issue.closed, 'github.incidents.restore_seconds', seconds);
    buckets(issue.closed, 'github.incidents', seconds);
  }
  return out;
}
