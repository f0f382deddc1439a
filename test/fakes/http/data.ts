/** Seeded data sets for the HTTP fakes, spread around DST changes and local midnights. */
import { rng } from '../../helpers/rng.js';
import type { Incident } from './linkapi.js';
import type { JiraIssue } from './jira.js';
import type { Series } from './prometheus.js';

const sec = (t: number): number => Math.floor(t / 1000) * 1000;

/** Issues created over [from, to) at whole seconds, some exactly on `edges` (e.g. local midnights). */
export function jiraIssues(
  seed: number,
  from: number,
  to: number,
  count: number,
  edges: number[] = [],
): JiraIssue[] {
  const r = rng(seed);
  const times = [...edges, ...Array.from({ length: count }, () => sec(from + r() * (to - from)))];
  return times
    .map((created, i) => ({
      id: String(10_000 + i),
      key: `${r() < 0.8 ? 'APP' : 'OPS'}-${i + 1}`,
      project: '',
      issuetype: r() < 0.6 ? 'Bug' : 'Task',
      created,
      resolved: r() < 0.5 ? sec(created + r() * 2 * 86_400_000) : null,
    }))
    .map((x) => ({ ...x, project: x.key.split('-')[0]! }));
}

/** Counters sampled every `everyMs` over [from, to]: http_requests_total{job, code}. */
export function requestCounters(seed: number, from: number, to: number, everyMs: number): Series[] {
  const r = rng(seed);
  const out: Series[] = [];
  for (const [job, code, rate] of [
    ['api', '200', 40],
    ['api', '500', 3],
    ['web', '200', 25],
  ] as const) {
    let v = Math.floor(r() * 1000);
    const samples: Array<[number, number]> = [];
    for (let t = from; t <= to; t += everyMs) {
      v += Math.floor(r() * rate * 2);
      samples.push([t, v]);
    }
    out.push({ labels: { __name__: 'http_requests_total', job, code }, samples });
  }
  return out;
}

/** Incidents over [from, to) at whole seconds, some exactly on `edges`. */
export function incidents(
  seed: number,
  from: number,
  to: number,
  count: number,
  edges: number[] = [],
): Incident[] {
  const r = rng(seed);
  const times = [...edges, ...Array.from({ length: count }, () => sec(from + r() * (to - from)))];
  const sev = ['sev1', 'sev2', 'sev3', 'sev3'] as const;
  return times.map((created, i) => ({
    id: i + 1,
    title: `incident ${i + 1}`,
    severity: sev[Math.floor(r() * sev.length)]!,
    created,
  }));
}
