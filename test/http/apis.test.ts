import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { incidents, jiraIssues, requestCounters } from '../fakes/http/data.js';
import { startJira, type JiraFake, type JiraIssue } from '../fakes/http/jira.js';
import { startLinkApi, type Incident } from '../fakes/http/linkapi.js';
import { startPrometheus, type Series } from '../fakes/http/prometheus.js';
import { localDate, localToInstant, type FakeServer } from '../fakes/http/server.js';
import { collect } from './helpers.js';

const TZ = 'Europe/Paris';
const TOKEN = 'jira-tok-5a7c91e2';
/** The fake Jira's largest page: smaller than maxResults, as the docs allow. */
const PAGE = 10;
// Paris: 2026-03-29 has 23 hours (DST starts), 2026-10-25 has 25 (DST ends).
const SPRING = { start: '2026-03-28', end: '2026-03-30', timeZone: TZ };
const AUTUMN = { start: '2026-10-24', end: '2026-10-26', timeZone: TZ };
const dates = (r: { start: string; end: string }): string[] => {
  const out: string[] = [];
  for (
    let d = r.start;
    d <= r.end;
    d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  )
    out.push(d);
  return out;
};
const midnight = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return localToInstant(y, m, d, 0, 0, TZ);
};

let jira: JiraFake;
let issues: JiraIssue[];
let prom: FakeServer;
let series: Series[];
let links: FakeServer;
let list: Incident[];

beforeAll(async () => {
  const edges = ['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'].flatMap((d) => [
    midnight(d),
    midnight(d) - 1000,
  ]);
  issues = jiraIssues(7, Date.parse('2026-03-27T20:00:00Z'), Date.parse('2026-03-31T02:00:00Z'), 160, edges);
  jira = await startJira({ issues, userTimeZone: TZ, authorizations: [`Bearer ${TOKEN}`], pageCap: PAGE });
  series = requestCounters(
    3,
    Date.parse('2026-10-23T00:00:00Z'),
    Date.parse('2026-10-27T12:00:00Z'),
    300_000,
  );
  prom = await startPrometheus({ series });
  const autumnEdges = ['2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'].map(midnight);
  list = incidents(
    11,
    Date.parse('2026-10-23T18:00:00Z'),
    Date.parse('2026-10-27T06:00:00Z'),
    90,
    autumnEdges,
  );
  links = await startLinkApi({ incidents: list, token: TOKEN });
});
afterAll(async () => {
  await Promise.all([jira?.close(), prom?.close(), links?.close()]);
});

const jiraRequest = (jql: string) => ({
  url: `${jira.origin}/rest/api/3/search/jql`,
  query: { jql, fields: 'created', maxResults: 100 },
  headers: { Authorization: 'Bearer ${JIRA_TOKEN}' },
});
const tokenPaging = { items: 'issues', next: "nextPageToken ? {'query': {'nextPageToken': nextPageToken}}" };

describe('Jira search/jql (token paging, JQL in the user time zone)', () => {
  const expected = (pick: (x: JiraIssue) => number | null): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const x of issues) {
      const t = pick(x);
      if (t === null || x.project !== 'APP' || x.issuetype !== 'Bug') continue;
      const d = localDate(t, TZ);
      if (d >= SPRING.start && d <= SPRING.end) out[d] = (out[d] ?? 0) + 1;
    }
    return out;
  };

  it('per day: counts each local day across the spring DST change, paging through every token', async () => {
    const [r] = await collect(
      {
        kpis: [
          {
            id: 'jira_bugs',
            description: 'Bugs opened',
            unit: 'count',
            request: jiraRequest(
              "project = APP AND issuetype = Bug AND created >= '{{day_start:local}}' AND created < '{{day_end:local}}'",
            ),
            paginate: tokenPaging,
            values: { opened: '$count(items)' },
          },
        ],
      },
      SPRING,
      { JIRA_TOKEN: TOKEN },
    );
    expect(r!.error).toBeUndefined();
    const want = expected((x) => x.created);
    expect(r!.values).toEqual(Object.fromEntries(dates(SPRING).map((d) => [`${d} opened`, want[d] ?? 0])));
    // Paging really happened: more than one page for a day with more than PAGE bugs.
    expect(Math.max(...Object.values(want))).toBeGreaterThan(PAGE);
    const tokens = jira.requests.filter((q) => q.url.includes('nextPageToken='));
    expect(tokens.length).toBeGreaterThan(0);
    expect(r!.run.stats.pages).toBe(jira.requests.filter((q) => q.url.includes('created')).length);
  });

  it('range: one paged search for the whole range, rows by $day of the created field', async () => {
    const before = jira.requests.length;
    const [r] = await collect(
      {
        kpis: [
          {
            id: 'jira_resolved',
            description: 'Bugs resolved',
            unit: 'count',
            per_day: false,
            request: {
              ...jiraRequest(
                "project = APP AND issuetype = Bug AND resolved >= '{{range_start:local}}' AND resolved < '{{range_end:local}}'",
              ),
              query: {
                jql: "project = APP AND issuetype = Bug AND resolved >= '{{range_start:local}}' AND resolved < '{{range_end:local}}'",
                fields: 'resolutiondate',
                maxResults: 100,
              },
            },
            paginate: tokenPaging,
            rows: "items.{ 'day': $day(fields.resolutiondate), 'variable': 'resolved', 'value': 1 }",
          },
        ],
      },
      SPRING,
      { JIRA_TOKEN: TOKEN },
    );
    expect(r!.error).toBeUndefined();
    const want = expected((x) => x.resolved);
    expect(r!.values).toEqual(Object.fromEntries(Object.entries(want).map(([d, n]) => [`${d} resolved`, n])));
    const sent = jira.requests.slice(before);
    expect(sent.length).toBe(Math.ceil(Object.values(want).reduce((a, b) => a + b, 0) / PAGE));
  });

  it('POST with a JSON body: placeholders JSON-escaped, the next token merged into the body', async () => {
    const before = jira.requests.length;
    const [r] = await collect(
      {
        kpis: [
          {
            id: 'jira_bugs_post',
            description: 'Bugs opened, searched with POST',
            unit: 'count',
            request: {
              method: 'POST',
              url: `${jira.origin}/rest/api/3/search/jql`,
              headers: { Authorization: 'Bearer ${JIRA_TOKEN}' },
              body: {
                jql: 'project = APP AND issuetype = Bug AND created >= "{{day_start:local}}" AND created < "{{day_end:local}}"',
                fields: ['created'],
                maxResults: 100,
              },
            },
            paginate: { items: 'issues', next: "nextPageToken ? {'body': {'nextPageToken': nextPageToken}}" },
            values: { opened: '$count(items)' },
          },
        ],
      },
      SPRING,
      { JIRA_TOKEN: TOKEN },
    );
    expect(r!.error).toBeUndefined();
    const want = expected((x) => x.created);
    expect(r!.values).toEqual(Object.fromEntries(dates(SPRING).map((d) => [`${d} opened`, want[d] ?? 0])));
    const sent = jira.requests.slice(before);
    expect(sent.every((q) => q.method === 'POST' && q.headers['content-type'] === 'application/json')).toBe(
      true,
    );
    const bodies = sent.map((q) => JSON.parse(q.body) as { jql: string; nextPageToken?: string });
    expect(bodies.filter((b) => b.nextPageToken).length).toBeGreaterThan(0);
    expect(bodies[0]!.jql).toContain('created >= "2026-03-2');
  });

  it('a wrong token ends in one line naming the status and the API message', async () => {
    const [r] = await collect(
      {
        kpis: [
          {
            id: 'jira_bugs',
            description: 'Bugs opened',
            unit: 'count',
            request: jiraRequest("project = APP AND created >= '{{day_start:local}}'"),
            paginate: tokenPaging,
            values: { opened: '$count(items)' },
          },
        ],
      },
      { ...SPRING, end: SPRING.start },
      { JIRA_TOKEN: 'wrong-token-value' },
    );
    expect(r!.error).toMatch(
      /^GET 127\.0\.0\.1:\d+\/rest\/api\/3\/search\/jql for 2026-03-28, page 1: HTTP 401: .*not authenticated/,
    );
    expect(r!.error).not.toContain('\n');
  });
});

describe('Prometheus query_range (matrix, values as strings)', () => {
  const increase = (pred: (s: Series) => boolean, from: number, to: number): number => {
    let n = 0;
    for (const s of series.filter(pred)) {
      const at = (t: number): number => [...s.samples].reverse().find(([ts]) => ts <= t)![1];
      n += at(to) - at(from);
    }
    return n;
  };

  it('per day: counter increase over each local day (23, 24 and 25 hours), POST form body', async () => {
    const [getForm, postForm] = await collect(
      {
        kpis: [
          {
            id: 'api_requests',
            description: 'API requests and errors',
            unit: 'count',
            request: {
              url: `${prom.origin}/api/v1/query_range`,
              query: {
                query: 'sum by (code) (http_requests_total{job="api"})',
                start: '{{day_start:epoch}}',
                end: '{{day_end:epoch}}',
                step: '1h',
              },
            },
            values: {
              requests: '$sum(data.result.($number(values[-1][1]) - $number(values[0][1])))',
              errors:
                "$sum(data.result[metric.code = '500'].($number(values[-1][1]) - $number(values[0][1])))",
            },
            derived: { error_rate: 'errors / requests' },
          },
          {
            id: 'api_requests_post',
            description: 'API requests, asked with POST',
            unit: 'count',
            request: {
              method: 'POST',
              url: `${prom.origin}/api/v1/query_range`,
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: 'query=sum(http_requests_total{job="api"})&start={{day_start}}&end={{day_end:utc}}&step=3600',
            },
            values: {
              requests: '$number(data.result[0].values[-1][1]) - $number(data.result[0].values[0][1])',
            },
          },
        ],
      },
      AUTUMN,
    );
    const want: Record<string, number> = {};
    for (const d of dates(AUTUMN)) {
      const [from, to] = [
        midnight(d),
        midnight(new Date(Date.parse(`${d}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)),
      ];
      want[`${d} requests`] = increase((s) => s.labels.job === 'api', from, to);
      want[`${d} errors`] = increase((s) => s.labels.job === 'api' && s.labels.code === '500', from, to);
    }
    expect(getForm!.error).toBeUndefined();
    expect(getForm!.values).toEqual(want);
    expect(postForm!.error).toBeUndefined();
    expect(postForm!.values).toEqual(
      Object.fromEntries(Object.entries(want).filter(([k]) => k.endsWith('requests'))),
    );
    // The POST body carried the day's start as ISO 8601 with Paris' offset, URL-encoded.
    const posted = prom.requests
      .filter((q) => q.method === 'POST')
      .map((q) => new URLSearchParams(q.body).get('start'));
    expect(posted.sort()).toEqual([
      '2026-10-24T00:00:00+02:00',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
    ]);
  });

  it('a string where a number belongs is an error naming the component; an empty result is null', async () => {
    const [str, empty] = await collect(
      {
        kpis: [
          {
            id: 'raw',
            description: 'Raw string',
            unit: 'count',
            request: {
              url: `${prom.origin}/api/v1/query_range`,
              query: {
                query: 'sum(http_requests_total)',
                start: '{{day_start:epoch}}',
                end: '{{day_end:epoch}}',
                step: '3600',
              },
            },
            values: { requests: 'data.result[0].values[-1][1]' },
          },
          {
            id: 'none',
            description: 'No series',
            unit: 'count',
            request: {
              url: `${prom.origin}/api/v1/query_range`,
              query: {
                query: 'sum(nothing_total)',
                start: '{{day_start:epoch}}',
                end: '{{day_end:epoch}}',
                step: '3600',
              },
            },
            values: { requests: '$number(data.result[0].values[-1][1])' },
          },
        ],
      },
      AUTUMN,
    );
    expect(str!.error).toMatch(
      /^component 'requests' on 2026-10-2\d is "\d+", not a finite number; convert it with \$number/,
    );
    expect(empty!.error).toBeUndefined();
    expect(empty!.values).toEqual({});
    expect(empty!.log.lines).toContain(
      "warning: http.none: component 'requests' is null on 2026-10-24, 2026-10-25, 2026-10-26: not stored (null is no value, not zero)",
    );
  });
});

describe('a Link-header API (RFC 8288 rel="next")', () => {
  const bySeverity = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const i of list) {
      const d = localDate(i.created, TZ);
      if (d < AUTUMN.start || d > AUTUMN.end) continue;
      out[`${d} ${i.severity}`] = (out[`${d} ${i.severity}`] ?? 0) + 1;
    }
    return out;
  };

  it('per day and range give the same counts, following every Link rel="next"', async () => {
    const request = (since: string, until: string) => ({
      url: `${links.origin}/api/incidents`,
      query: { since, until, per_page: 7 },
      headers: { Authorization: 'Bearer ${API_TOKEN}' },
    });
    const [perDay, range] = await collect(
      {
        kpis: [
          {
            id: 'incidents',
            description: 'Incidents by severity',
            unit: 'count',
            request: request('{{day_start:utc}}', '{{day_end:utc}}'),
            paginate: { items: '$', link: true },
            values: {
              sev1: "$count(items[severity = 'sev1'])",
              sev2: "$count(items[severity = 'sev2'])",
              sev3: "$count(items[severity = 'sev3'])",
            },
          },
          {
            id: 'incidents_range',
            description: 'Incidents by severity, one listing',
            unit: 'count',
            per_day: false,
            request: request('{{range_start}}', '{{range_end}}'),
            paginate: { items: '$', link: true },
            rows: "items.{ 'day': $day(created_at), 'variable': severity, 'value': 1 }",
          },
        ],
      },
      AUTUMN,
      { API_TOKEN: TOKEN },
    );
    const want = bySeverity();
    expect(range!.error).toBeUndefined();
    expect(range!.values).toEqual(want);
    expect(perDay!.error).toBeUndefined();
    const withZeros = Object.fromEntries(
      dates(AUTUMN).flatMap((d) =>
        ['sev1', 'sev2', 'sev3'].map((s) => [`${d} ${s}`, want[`${d} ${s}`] ?? 0]),
      ),
    );
    expect(perDay!.values).toEqual(withZeros);
    expect(range!.run.stats.pages).toBe(Math.ceil(Object.values(want).reduce((a, b) => a + b, 0) / 7));
  });
});
