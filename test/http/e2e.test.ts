import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { parseCsv } from '../../src/store/csv.js';
import { incidents, jiraIssues } from '../fakes/http/data.js';
import { startHostile, type HostileFake } from '../fakes/http/hostile.js';
import { startJira, type JiraFake, type JiraIssue } from '../fakes/http/jira.js';
import { startLinkApi, type Incident } from '../fakes/http/linkapi.js';
import { localDate, localToInstant, type FakeServer } from '../fakes/http/server.js';
import { tempDir, listFiles } from '../helpers/run-cli.js';
import { DIST, errorLines, runAction } from '../helpers/runner.js';
import { startS3, type LocalS3 } from '../helpers/s3.js';

const TZ = 'America/New_York';
// New York: 2026-03-08 has 23 hours (DST starts).
const DAYS = ['2026-03-07', '2026-03-08', '2026-03-09'];
const JIRA_TOKEN = 'e2e-jira-token-4f9b2c77';
const API_TOKEN = 'e2e-api-token-81aa03de';
const midnight = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return localToInstant(y, m, d, 0, 0, TZ);
};

let s3: LocalS3;
let jira: JiraFake;
let issues: JiraIssue[];
let links: FakeServer;
let list: Incident[];
let hostile: HostileFake;

beforeAll(async () => {
  const edges = [...DAYS, '2026-03-10'].flatMap((d) => [midnight(d), midnight(d) - 1000]);
  issues = jiraIssues(21, midnight('2026-03-06'), midnight('2026-03-11'), 120, edges);
  list = incidents(5, midnight('2026-03-06'), midnight('2026-03-11'), 60, edges);
  [s3, jira, links, hostile] = await Promise.all([
    startS3(),
    startJira({ issues, userTimeZone: TZ, authorizations: [`Bearer ${JIRA_TOKEN}`], pageCap: 10 }),
    startLinkApi({ incidents: list, token: API_TOKEN }),
    startHostile({ burst: 1, hugeBytes: 4 * 1024 * 1024 }),
  ]);
});
afterAll(async () => {
  await Promise.all([s3?.stop(), jira?.close(), links?.close(), hostile?.close()]);
});

const jiraKpi = {
  id: 'bugs',
  description: 'Bugs opened',
  unit: 'count',
  request: {
    url: '', // set below
    query: {
      jql: "project = APP AND issuetype = Bug AND created >= '{{day_start:local}}' AND created < '{{day_end:local}}'",
      fields: 'created',
    },
    headers: { Authorization: 'Bearer ${JIRA_TOKEN}' },
  },
  paginate: { items: 'issues', next: "nextPageToken ? {'query': {'nextPageToken': nextPageToken}}" },
  values: { opened: '$count(items)' },
};
const hostileKpi = (id: string, p: string, extra: Record<string, unknown> = {}) => ({
  id,
  description: id,
  unit: 'count',
  request: { url: `${hostile.origin}${p}`, headers: { Authorization: 'Bearer ${API_TOKEN}' } },
  values: { n: 'count' },
  ...extra,
});

function config(): string {
  return stringify({
    sources: {
      http: {
        max_response_mb: 1,
        max_pages: 4,
        retries: 2,
        kpis: [
          { ...jiraKpi, request: { ...jiraKpi.request, url: `${jira.origin}/rest/api/3/search/jql` } },
          {
            id: 'incidents',
            description: 'Incidents by severity',
            unit: 'count',
            per_day: false,
            request: {
              method: 'POST',
              url: `${links.origin}/api/incidents?since={{range_start}}&until={{range_end:utc}}&per_page=9`,
              headers: { Authorization: 'Bearer ${API_TOKEN}' },
              body: { note: 'ignored by a GET-only fake' },
            },
            paginate: { items: '$', link: true, max_pages: 50 },
            rows: "items.{ 'day': $day(created_at), 'variable': severity, 'value': 1 }",
          },
          hostileKpi('html', '/html'),
          hostileKpi('huge', '/huge'),
          hostileKpi('endless', '/endless', {
            paginate: { items: 'items', link: true },
            values: { n: '$count(items)' },
          }),
          hostileKpi('burst', '/burst/e2e'),
          hostileKpi('redirect', '/redirect'),
        ],
      },
    },
  });
}

function expectedRows(): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = Object.fromEntries(DAYS.map((d) => [d, {}]));
  for (const d of DAYS) {
    out[d]!['http.bugs.opened'] = issues.filter(
      (x) => x.project === 'APP' && x.issuetype === 'Bug' && localDate(x.created, TZ) === d,
    ).length;
    out[d]!['http.burst.n'] = 7;
  }
  for (const i of list) {
    const d = localDate(i.created, TZ);
    if (!out[d]) continue;
    const k = `http.incidents.${i.severity}`;
    out[d]![k] = (out[d]![k] ?? 0) + 1;
  }
  return out;
}

describe('dist/index.js with source: http', () => {
  it('action: the good KPIs are written to S3 exactly, each hostile server fails only its KPI in one line, no secret anywhere', async () => {
    const workspace = await tempDir('kpi-ws-http-');
    await fs.mkdir(path.join(workspace, '.github'));
    await fs.writeFile(path.join(workspace, '.github', 'kpis.yml'), config());
    const r = await runAction(
      {
        source: 'http',
        'start-date': DAYS[0]!,
        'end-date': DAYS[2]!,
        timezone: TZ,
        's3-bucket': s3.bucket,
        's3-endpoint': s3.endpoint,
        'http-secrets': `JIRA_TOKEN=${JIRA_TOKEN}\nAPI_TOKEN=${API_TOKEN}\n`,
      },
      { workspace, env: s3.env, timeoutMs: 120_000 },
    );
    const failed = ['html', 'huge', 'endless', 'redirect'].map((k) => `http.${k}`);
    expect(r.outputs['failed-kpis']!.split(',').sort()).toEqual(failed.sort());
    const errors = errorLines(r.stdout);
    for (const id of failed) {
      const lines = errors.filter((e) => e.startsWith(`${id}: `));
      expect(lines).toHaveLength(1);
    }
    expect(errors.find((e) => e.startsWith('http.html: '))).toMatch(
      /expected a JSON response, got content type 'text\/html/,
    );
    expect(errors.find((e) => e.startsWith('http.huge: '))).toMatch(/the answer is larger than allowed/);
    expect(errors.find((e) => e.startsWith('http.endless: '))).toMatch(/more than 4 pages/);
    expect(errors.find((e) => e.startsWith('http.redirect: '))).toMatch(/redirected to another origin/);
    expect(hostile.other.requests).toEqual([]);

    const keys = await s3.keys('kpis/source=http/');
    expect(keys).toEqual(DAYS.map((d) => `kpis/source=http/date=${d}/kpis.csv`));
    const want = expectedRows();
    for (const d of DAYS) {
      const rows = parseCsv(await s3.read(`kpis/source=http/date=${d}/kpis.csv`), d);
      expect(Object.fromEntries(rows.map((x) => [x.variable, x.value]))).toEqual(want[d]);
    }
    // The range KPI was one POST per page, its JSON body sent as application/json.
    const posts = links.requests.filter((q) => q.method === 'POST');
    expect(posts.length).toBeGreaterThan(1);
    expect(
      posts.every((q) => q.headers['content-type'] === 'application/json' && JSON.parse(q.body).note),
    ).toBe(true);
    expect(r.summary).toContain('HTTP requests:');

    const printed = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(r.stdout).toContain(`::add-mask::${JIRA_TOKEN}\n`);
    expect(r.stdout).toContain(`::add-mask::${API_TOKEN}\n`);
    const objects = await Promise.all(keys.map((k) => s3.read(k)));
    for (const text of [printed, r.stderr, r.summary, JSON.stringify(r.outputs), ...objects]) {
      expect(text).not.toContain(JIRA_TOKEN);
      expect(text).not.toContain(API_TOKEN);
    }
  });

  it('CLI: a ${NAME} not in HTTP_SECRETS comes from the environment variable NAME; a missing one is a config error', async () => {
    const dir = await tempDir('kpi-cli-http-');
    const cfg = path.join(dir, 'kpis.yml');
    await fs.writeFile(
      cfg,
      stringify({
        sources: {
          http: {
            kpis: [
              { ...jiraKpi, request: { ...jiraKpi.request, url: `${jira.origin}/rest/api/3/search/jql` } },
            ],
          },
        },
      }),
    );
    const cli = (env: Record<string, string>): Promise<{ code: number; out: string }> =>
      new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          [
            DIST,
            'collect',
            '--source',
            'http',
            '--date',
            DAYS[1]!,
            '--timezone',
            TZ,
            '--config',
            cfg,
            '--output-dir',
            path.join(dir, 'out'),
          ],
          { env: { PATH: process.env.PATH ?? '', HOME: dir, ...env } },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, out }));
      });
    const missing = await cli({});
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(
      'config: sources.http.kpis.bugs.request.headers.Authorization: ${JIRA_TOKEN} is not in http-secrets; set the environment variable JIRA_TOKEN',
    );
    expect(await listFiles(dir)).toEqual(['kpis.yml']);
    const ok = await cli({ JIRA_TOKEN });
    expect(ok.out).not.toContain(JIRA_TOKEN);
    expect(ok.code).toBe(0);
    const rows = parseCsv(
      await fs.readFile(path.join(dir, 'out', 'kpis', 'source=http', `date=${DAYS[1]}`, 'kpis.csv'), 'utf8'),
      DAYS[1]!,
    );
    expect(rows.map((x) => [x.variable, x.value])).toEqual([
      ['http.bugs.opened', expectedRows()[DAYS[1]!]!['http.bugs.opened']],
    ]);
  });
});
