import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseCsv } from '../../src/store/csv.js';
import { incidents, jiraIssues, requestCounters } from '../fakes/http/data.js';
import { startJira, type JiraFake, type JiraIssue } from '../fakes/http/jira.js';
import { startLinkApi, type Incident } from '../fakes/http/linkapi.js';
import { startPrometheus, type Series } from '../fakes/http/prometheus.js';
import { localDate, localToInstant, type FakeServer } from '../fakes/http/server.js';
import { tempDir } from '../helpers/run-cli.js';
import { errorLines, ROOT, runAction } from '../helpers/runner.js';

const README = path.join(ROOT, 'src', 'sources', 'http', 'README.md');
const TZ = 'Europe/Paris';
// 2026-10-25 has 25 hours in Paris.
const DAYS = ['2026-10-24', '2026-10-25', '2026-10-26'];
const BASIC = Buffer.from('kpi-bot@example.com:atlassian-api-token-3f8e').toString('base64');
const PROM_TOKEN = 'prom-token-0b7d51';
const STATUS_TOKEN = 'status-token-9c2e44';
const midnight = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return localToInstant(y, m, d, 0, 0, TZ);
};

/** The YAML block that follows `<!-- example:<name> -->` in the README. */
async function example(name: string): Promise<string> {
  const text = await fs.readFile(README, 'utf8');
  const m = new RegExp(`<!-- example:${name} -->\\s*\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!m) throw new Error(`README has no example '${name}'`);
  return m[1]!;
}

let jira: JiraFake;
let issues: JiraIssue[];
let prom: FakeServer;
let series: Series[];
let links: FakeServer;
let list: Incident[];

beforeAll(async () => {
  const edges = [...DAYS, '2026-10-27'].flatMap((d) => [midnight(d), midnight(d) - 1000]);
  issues = jiraIssues(31, midnight('2026-10-23'), midnight('2026-10-28'), 150, edges);
  series = requestCounters(8, Date.parse('2026-10-23T00:00:00Z'), Date.parse('2026-10-28T00:00:00Z'), 60_000);
  list = incidents(17, midnight('2026-10-23'), midnight('2026-10-28'), 600, edges);
  [jira, prom, links] = await Promise.all([
    startJira({ issues, userTimeZone: TZ, authorizations: [`Basic ${BASIC}`], pageCap: 5 }),
    startPrometheus({ series, bearer: PROM_TOKEN }),
    startLinkApi({ incidents: list, token: STATUS_TOKEN }),
  ]);
});
afterAll(async () => {
  await Promise.all([jira?.close(), prom?.close(), links?.close()]);
});

/** Runs the bundled action on one example (hosts replaced by the fakes') and returns the rows per day. */
async function runExample(yaml: string, secrets: string): Promise<Record<string, Record<string, number>>> {
  const workspace = await tempDir('kpi-ws-http-readme-');
  await fs.mkdir(path.join(workspace, '.github'));
  await fs.writeFile(path.join(workspace, '.github', 'kpis.yml'), yaml);
  const r = await runAction(
    {
      source: 'http',
      'start-date': DAYS[0]!,
      'end-date': DAYS[2]!,
      timezone: TZ,
      'output-dir': 'out',
      'http-secrets': secrets,
    },
    { workspace, timeoutMs: 120_000 },
  );
  expect(errorLines(r.stdout)).toEqual([]);
  expect(r.code).toBe(0);
  const out: Record<string, Record<string, number>> = {};
  for (const d of DAYS) {
    const file = path.join(workspace, 'out', 'kpis', 'source=http', `date=${d}`, 'kpis.csv');
    const rows = parseCsv(await fs.readFile(file, 'utf8'), d);
    out[d] = Object.fromEntries(rows.map((x) => [x.variable, x.value]));
  }
  return out;
}

describe('the README examples run as documented against their fakes, through dist/index.js', () => {
  it('Jira: bugs opened per day (token paging), resolved over the range', async () => {
    const yaml = (await example('jira')).replaceAll('https://your-domain.atlassian.net', jira.origin);
    expect(parse(yaml)).toBeTruthy();
    const got = await runExample(yaml, `JIRA_BASIC_AUTH=${BASIC}`);
    const bugs = issues.filter((x) => x.project === 'APP' && x.issuetype === 'Bug');
    for (const d of DAYS) {
      const want: Record<string, number> = {
        'http.jira_bugs_opened.opened': bugs.filter((x) => localDate(x.created, TZ) === d).length,
      };
      const resolved = bugs.filter((x) => x.resolved !== null && localDate(x.resolved, TZ) === d).length;
      if (resolved > 0) want['http.jira_bugs_resolved.resolved'] = resolved;
      expect(got[d]).toEqual(want);
    }
    expect(jira.requests.some((q) => q.url.includes('nextPageToken='))).toBe(true);
  });

  it('Prometheus: requests and errors per day from a counter', async () => {
    const yaml = (await example('prometheus')).replaceAll('https://prometheus.example.com', prom.origin);
    const got = await runExample(yaml, `PROMETHEUS_TOKEN=${PROM_TOKEN}`);
    const at = (s: Series, t: number): number => [...s.samples].reverse().find(([ts]) => ts <= t)![1];
    for (const d of DAYS) {
      const [from, to] = [midnight(d), midnight(DAYS[DAYS.indexOf(d) + 1] ?? '2026-10-27')];
      const api = series.filter((s) => s.labels.job === 'api');
      const inc = (xs: Series[]): number => xs.reduce((n, s) => n + at(s, to) - at(s, from), 0);
      expect(got[d]).toEqual({
        'http.api_requests.requests': inc(api),
        'http.api_requests.errors': inc(api.filter((s) => s.labels.code === '500')),
      });
    }
  });

  it('Link-header API: incidents per severity, every page followed', async () => {
    const yaml = (await example('link')).replaceAll('https://status.example.com', links.origin);
    const got = await runExample(yaml, `STATUS_API_TOKEN=${STATUS_TOKEN}`);
    for (const d of DAYS) {
      const day = list.filter((i) => localDate(i.created, TZ) === d);
      expect(got[d]).toEqual(
        Object.fromEntries(
          ['sev1', 'sev2', 'sev3'].map((s) => [
            `http.incidents.${s}`,
            day.filter((i) => i.severity === s).length,
          ]),
        ),
      );
      // More than one page on some day: per_page is 100 in the example.
    }
    expect(
      Math.max(...DAYS.map((d) => list.filter((i) => localDate(i.created, TZ) === d).length)),
    ).toBeGreaterThan(100);
  });
});
